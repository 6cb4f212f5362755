// The building blocks of a channel account's crossdock.config.json entry, shared by every
// channel's own schema (pipeline/channels/<channel>/config.ts) and by the top-level schema
// (pipeline/config/schema.ts). Secrets never appear in a config: an account names the environment
// variables that hold them.
import { Cron } from 'croner';
import { z } from 'zod';

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The name of an environment variable that holds a secret (never the secret itself). */
export const envName = z
  .string()
  .regex(ENV_NAME, 'must be the NAME of an environment variable (A-Z, 0-9, _), not a secret value');

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isCronExpression(expr: string): boolean {
  try {
    new Cron(expr, { paused: true });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z.string().refine(isTimeZone, { message: 'unknown IANA time zone (e.g. "Europe/Berlin")' });

export const schedule = z.strictObject({
  /** Five or six fields (seconds optional), evaluated in `timezone`. */
  cron: z.string().refine(isCronExpression, { message: 'invalid cron expression' }),
  timezone: timeZone.optional(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'must be YYYY-MM-DD or an ISO-8601 UTC instant');

export const streamSettings = z.strictObject({
  enabled: z.boolean().default(true),
  schedule: schedule.optional(),
  /** Re-read this many hours before the watermark on every run (late updates, refunds). */
  lookbackHours: z.number().min(0).max(24 * 90).optional(),
  /** Where the first run starts when there is no watermark yet. */
  startDate: isoDate.optional(),
});

export const url = z.url({ protocol: /^https?$/ });

/** The keys every channel account has; a channel's schema spreads them next to its own. */
export const accountBase = {
  /** Your own short name for this seller account, unique per channel (e.g. "us-main"). */
  account: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-" only'),
  enabled: z.boolean().default(true),
  /** Default schedule of this account's streams (each stream may override it). */
  schedule: schedule.optional(),
  streams: z.record(z.string(), streamSettings).default({}),
  /** Per-request timeout. */
  timeoutSeconds: z.number().positive().max(600).default(60),
};

export type ScheduleConfig = z.output<typeof schedule>;
export type StreamSettings = z.output<typeof streamSettings>;

/** What the engines know of any channel's account: the common keys, its channel and base URL. */
export interface AccountConfig {
  channel: string;
  account: string;
  enabled: boolean;
  schedule?: ScheduleConfig;
  streams: Record<string, StreamSettings>;
  timeoutSeconds: number;
  baseUrl?: string;
}
