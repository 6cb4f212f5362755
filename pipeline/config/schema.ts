// The shape of crossdock.config.json (documented in docs/config.md). Validation only: defaults
// that depend on other keys (a stream's schedule falling back to its channel's) are resolved in
// resolve.ts. Secrets never appear here: a channel names the environment variables that hold them.
import { z } from 'zod';
import { ACCOUNT_CHANNELS } from '../channels';
import type { AccountConfig } from '../channels/contract/config';
import { schedule, timeZone } from '../channels/contract/config';
import { warehouseConfig } from '../warehouse/bigquery/config';

export { envName, isCronExpression, isTimeZone, schedule, streamSettings, timeZone } from '../channels/contract/config';
export type { ScheduleConfig, StreamSettings } from '../channels/contract/config';

const accountSchemas = ACCOUNT_CHANNELS.map((channel) => channel.accounts.schema as z.ZodType<AccountConfig> & z.core.$ZodTypeDiscriminable);
const channelIds = ACCOUNT_CHANNELS.map((channel) => channel.id);

/** One account of any channel in the list (pipeline/channels/index.ts), told apart by `channel`. */
export const channelConfig = z.discriminatedUnion('channel', accountSchemas as [typeof accountSchemas[number], ...typeof accountSchemas], {
  error: (issue) => (issue.code === 'invalid_union' ? `unknown channel; known: ${channelIds.join(', ')}` : undefined),
});

export const locationConfig = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['fba', '3pl', 'own']),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO country code such as "US"'),
  /** Locations sharing a pool share stock; defaults to the location id. */
  pool: z.string().min(1).optional(),
});

/** "This location's stock feeds these listings." The most specific matching rule wins. */
export const feedConfig = z.strictObject({
  location: z.string().min(1),
  channel: z.string().refine((id) => channelIds.includes(id), { message: `unknown channel; known: ${channelIds.join(', ')}` }),
  account: z.string().optional(),
  marketplace: z.string().optional(),
  fulfilment: z.enum(['fba', 'merchant']).optional(),
  sku: z.string().optional(),
});

export const crossdockConfig = z.strictObject({
  $schema: z.string().optional(),
  baseCurrency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO currency code').default('USD'),
  /** The seller's time zone: the default for every schedule. */
  timezone: timeZone.default('UTC'),
  /** The DuckDB file (the --db option and CROSSDOCK_DB override it). */
  database: z.string().min(1).optional(),
  /** Default schedule of every stream that names none. */
  schedule: schedule.default({ cron: '*/30 * * * *' }),
  locations: z.array(locationConfig).default([]),
  feeds: z.array(feedConfig).default([]),
  channels: z.array(channelConfig).default([]) as unknown as z.ZodDefault<z.ZodArray<z.ZodType<AccountConfig>>>,
  inbox: z
    .strictObject({
      /** Drop report files here; `crossdock run`/`serve` ingest them and move them to processed/ or failed/. */
      dir: z.string().min(1),
      schedule: schedule.optional(),
      /** A file is picked up once it has not changed for this long (still being copied otherwise). */
      settleSeconds: z.number().min(0).max(3600).default(2),
    })
    .optional(),
  /** Which engine serves analytics: duckdb (default) or bigquery (docs/bigquery.md). */
  warehouse: warehouseConfig.default({ engine: 'duckdb' }),
  /** Retries of a failed stream inside `crossdock serve` (transient errors only). */
  retries: z.strictObject({ attempts: z.number().int().min(0).max(10).default(3), baseSeconds: z.number().min(0).default(30) }).default({ attempts: 3, baseSeconds: 30 }),
});

export type CrossdockConfigInput = z.input<typeof crossdockConfig>;
export type CrossdockConfig = z.output<typeof crossdockConfig>;
/** An account of any channel: the keys every channel has (its own keys are its channel's business). */
export type ChannelConfig = AccountConfig;
export type { ChannelId } from '../channels/contract/channel';
