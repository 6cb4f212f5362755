// The contract between the runner and the channel connectors. A connector (one per channel, in
// pipeline/channels/<channel>/streams/index.ts) builds an API client for one configured account
// and offers streams; a stream is a cursor, window rules and a `pull` that fills a sink with
// canonical rows (API JSON) or report files (ingested with the file parsers).
import type { FeedRule } from '../../model/feeds';
import type { ChannelId } from './ids';
import type { AccountConfig } from './config';
import type { Clock } from '../http';
import type { CanonicalRows, CanonicalTable, RejectedRecord } from '../../model/rows';
import type { Window, WindowRules } from './window';

/** What the file ingest cannot read from a downloaded report itself. */
export interface FileOptions {
  /** Marketplace code of the report (the one it was requested for). */
  marketplace?: string;
  /** YYYY-MM-DD for stock reports (the seller's business day of the pull). */
  snapshotDate?: string;
}

export interface StreamSink {
  /** Native records read from the channel (orders, report lines…), for the run log. */
  read(count: number): void;
  rows<T extends CanonicalTable>(table: T, rows: readonly CanonicalRows[T][]): void;
  rejects(records: readonly RejectedRecord[]): void;
  /** A downloaded report file, to be loaded by the file ingest (pipeline/ingest). */
  file(path: string, options?: FileOptions): void;
}

/** The seller-wide settings a pull may need (from crossdock.config.json). */
export interface SellerSettings {
  /** The seller's time zone (snapshot dates). */
  timezone: string;
  baseCurrency: string;
  feeds: readonly FeedRule[];
}

export interface PullContext<C extends AccountConfig, Api> {
  api: Api;
  channel: C;
  config: SellerSettings;
  clock: Clock;
  /** The instant this run started (the end of snapshot windows, the snapshot date). */
  now: Date;
  /** A scratch folder for this run (report downloads). */
  workDir: string;
  /** Raised when the run is asked to stop (serve shutting down). */
  signal: AbortSignal;
  /** Progress lines (report states, pages). */
  progress(message: string): void;
}

export interface StreamDefinition<C extends AccountConfig = AccountConfig, Api = unknown> {
  name: string;
  /** What the watermark tracks, for the run log and docs (e.g. "updatedAt"). */
  cursorField: string;
  /**
   * `incremental`: windows from the watermark (minus lookback) to now, each loaded with the
   * watermark in one transaction. `snapshot`: the current state (inventory, listings); the
   * watermark is when it was taken, and `minIntervalMs` keeps it from being re-requested too soon.
   */
  mode: 'incremental' | 'snapshot';
  rules: WindowRules;
  /** Default overlap when the config names none. */
  defaultLookbackHours: number;
  /** Snapshot streams: the channel refuses (or FATALs) a new one sooner than this. */
  minIntervalMs?: number;
  /** The tables its rows go to (for docs and the run log). */
  tables: CanonicalTable[];
  pull(ctx: PullContext<C, Api>, window: Window, sink: StreamSink): Promise<void>;
}

export interface ConnectorOptions {
  clock: Clock;
  /** false: no client-side rate limiting (benchmarks against sandboxes with limits off). */
  rateLimits: boolean;
}

export interface Connector<C extends AccountConfig = AccountConfig, Api = unknown> {
  channel: ChannelId;
  streams: StreamDefinition<C, Api>[];
  /** An authenticated client for one account (credentials come from `secrets`, read from env). */
  createApi(channel: C, secrets: Record<string, string>, options: ConnectorOptions): Api;
  /** One cheap authenticated call; throws AuthError/ConfigError/RetryLaterError with a clear message. */
  checkCredentials(api: Api, channel: C): Promise<string>;
}

/** Marks a failure that retrying later may fix (throttling, 5xx, network) as opposed to a bug or bad config. */
export function isTransient(err: unknown): boolean {
  return (err as { exitCode?: number })?.exitCode === 75;
}
