// Window arithmetic for incremental pulls, shared by every stream. Pure: the clock comes in.
//
// A stream's watermark W says "every change before W is loaded". The next run re-reads from
// W − lookback (late updates: refunds, status changes a channel reports late) up to now − endLag,
// split into windows no longer than maxSpan; a channel that serves only the last maxAge clamps the
// start (and says so, because those changes can then only come from a file export).

export interface WindowRules {
  /** Overlap re-read before the watermark on every run; idempotent upserts dedup it. */
  lookbackMs: number;
  /** Longest window one request (or report) may cover; longer ranges are split. */
  maxSpanMs?: number;
  /** The channel only serves changes newer than now − maxAge (eBay getOrders: 90 days). */
  maxAgeMs?: number;
  /** The channel refuses window ends closer than this to now (SP-API: 2 minutes). */
  endLagMs?: number;
}

export interface Window {
  /** Inclusive start, ISO-8601 UTC. */
  from: string;
  /** Exclusive end, ISO-8601 UTC: the watermark once this window has loaded. */
  to: string;
  /** Set when maxAge moved the start later than wanted: changes before `from` were skipped. */
  clampedFrom?: string;
}

export interface WindowInput {
  /** The last good watermark, or null before the first run. */
  watermark: string | null;
  /** Where the first run starts (config `startDate`). */
  startDate: string;
  now: Date;
  rules: WindowRules;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const MINUTE_MS = 60_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function parseInstant(value: string, what: string): number {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new Error(`${what} "${value}" is not an ISO-8601 instant`);
  return ms;
}

/** All windows from the watermark (minus lookback) up to now − endLag, in order. */
export function planWindows({ watermark, startDate, now, rules }: WindowInput): Window[] {
  const end = now.getTime() - (rules.endLagMs ?? 0);
  const wanted = watermark === null ? parseInstant(startDate, 'startDate') : parseInstant(watermark, 'watermark') - rules.lookbackMs;
  const oldest = rules.maxAgeMs === undefined ? -Infinity : now.getTime() - rules.maxAgeMs;
  const start = Math.max(wanted, oldest);
  if (start >= end) return [];
  const span = rules.maxSpanMs ?? Infinity;
  const windows: Window[] = [];
  for (let from = start; from < end; from += span) {
    const window: Window = { from: iso(from), to: iso(Math.min(from + span, end)) };
    if (from === start && start > wanted) window.clampedFrom = iso(wanted);
    windows.push(window);
  }
  return windows;
}

/** The first window to pull now, or null when there is nothing new to ask for. */
export function nextWindow(input: WindowInput): Window | null {
  return planWindows(input)[0] ?? null;
}

/** The later of two ISO instants (a watermark never moves backwards). */
export function laterInstant(a: string | null, b: string): string {
  if (a === null) return b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
