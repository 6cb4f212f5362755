// One pipeline pass: every due stream of every configured account, then the inbox. Each stream
// run is logged in pipeline_run (running → succeeded | partial | failed) and moves its watermark
// only in the transaction that lands the window's rows, so a kill mid-run loses nothing and the
// next run resumes from the last good watermark. A failing stream never stops the others.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load';
import { readSecrets, resolveSchedule, type ResolvedSchedule } from '../config/resolve';
import type { ChannelConfig, StreamSettings } from '../config/schema';
import type { Clock } from '../channels/http';
import { CrossdockError, RetryLaterError } from '../errors';
import type { FileSummary, IngestOptions } from '../ingest';
import { log } from '../log';
import { bumpDataVersion } from '../warehouse/duckdb';
import type { Warehouse } from '../warehouse/types';
import { CONNECTORS } from './connectors';
import { sandboxDown } from './sandboxProbe';
import { throwIfStopping, untilStopped } from './abort';
import { RowStage, recordRejects, upsertStaged } from './load';
import { isDue } from './schedule';
import type { Connector, FileOptions, StreamDefinition, StreamSink } from '../channels/contract/streams';
import { HOUR_MS, planWindows, type Window } from '../channels/contract/window';

export type Trigger = 'cli' | 'schedule' | 'api' | 'inbox';

export interface StreamTarget {
  /** channel/account/stream */
  key: string;
  channel: ChannelConfig;
  stream: StreamDefinition<ChannelConfig, unknown>;
  connector: Connector<ChannelConfig, unknown>;
  settings: StreamSettings | undefined;
  schedule: ResolvedSchedule;
  lookbackMs: number;
  startDate: string;
}

export interface RunnerDeps {
  warehouse: Warehouse;
  loaded: LoadedConfig;
  clock: Clock;
  /** The wall clock for windows and schedules (tests pass a fixed one). */
  now: () => Date;
  env?: NodeJS.ProcessEnv;
  rateLimits?: boolean;
  /** Scratch space for report downloads and staged rows. */
  workDir: string;
  ingest: (warehouse: Warehouse, paths: string[], options: IngestOptions) => Promise<FileSummary[]>;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
}

export type RunEvent =
  | { type: 'stream-start'; key: string; runId: string }
  | { type: 'stream-progress'; key: string; rowsRead: number; message?: string }
  | { type: 'stream-end'; key: string; result: StreamRunResult };

export interface StreamRunResult {
  key: string;
  runId: string;
  status: 'succeeded' | 'partial' | 'failed' | 'skipped';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  watermarkBefore: string | null;
  watermarkAfter: string | null;
  error?: string;
  /** The error was transient (throttled, unreachable): a retry may succeed. */
  transient?: boolean;
  /** Wall time of the run. */
  seconds?: number;
  /** sysexits code of the failure (75 transient, 78 configuration, 65 data, 1 a bug). */
  exitCode?: number;
}

/** Every enabled stream of every enabled account, with its effective settings. */
export function planTargets(loaded: LoadedConfig): StreamTarget[] {
  const { config } = loaded;
  const targets: StreamTarget[] = [];
  for (const channel of config.channels) {
    if (!channel.enabled) continue;
    const connector = CONNECTORS[channel.channel] as Connector<ChannelConfig, unknown>;
    for (const stream of connector.streams) {
      const settings = channel.streams[stream.name];
      if (settings && !settings.enabled) continue;
      targets.push({
        key: `${channel.channel}/${channel.account}/${stream.name}`,
        channel,
        stream,
        connector,
        settings,
        schedule: resolveSchedule(settings?.schedule, [channel.schedule, config.schedule], config.timezone),
        lookbackMs: settings?.lookbackHours !== undefined ? settings.lookbackHours * HOUR_MS : stream.defaultLookbackHours * HOUR_MS,
        startDate: settings?.startDate ?? defaultStartDate(),
      });
    }
  }
  return targets;
}

// Without a configured start, a first load reaches back two years (Amazon's order report limit);
// channels serving less (eBay: 90 days) clamp it and say so.
function defaultStartDate(): string {
  return new Date(Date.now() - 730 * 24 * HOUR_MS).toISOString().slice(0, 10);
}

/** `--only shopify`, `--only shopify/orders`, `--only shopify/acme/orders` (comma-separated or repeated). */
export function selectTargets(targets: StreamTarget[], only: string[] | undefined): StreamTarget[] {
  if (!only || only.length === 0) return targets;
  const wanted = only.flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
  return targets.filter((t) =>
    wanted.some((w) => {
      const parts = w.split('/');
      const [channel, account, stream] = t.key.split('/');
      if (parts.length === 1) return parts[0] === channel;
      if (parts.length === 2) return parts[0] === channel && (parts[1] === stream || parts[1] === account);
      return parts[0] === channel && parts[1] === account && parts[2] === stream;
    }),
  );
}

export interface WatermarkRow extends Record<string, unknown> {
  cursor_value: string;
  updated_at: string;
}

export async function readWatermark(warehouse: Warehouse, target: Pick<StreamTarget, 'channel' | 'stream'>): Promise<WatermarkRow | null> {
  const rows = await warehouse.all<WatermarkRow>(
    'select cursor_value, updated_at from stream_watermark where channel = $1 and account = $2 and stream = $3',
    [target.channel.channel, target.channel.account, target.stream.name],
  );
  return rows[0] ?? null;
}

/** When the stream last started a run that did not fail (for the due check). */
async function lastGoodStart(warehouse: Warehouse, target: StreamTarget): Promise<string | null> {
  const rows = await warehouse.all<{ started_at: string }>(
    `select max(started_at) as started_at from pipeline_run
      where run_kind = 'api' and stream = $1 and account = $2 and run_status in ('succeeded', 'partial')`,
    [`${target.channel.channel}/${target.stream.name}`, target.channel.account],
  );
  return rows[0]?.started_at ?? null;
}

export async function isTargetDue(warehouse: Warehouse, target: StreamTarget, now: Date): Promise<boolean> {
  return isDue(target.schedule, await lastGoodStart(warehouse, target), now);
}

/** Marks runs left `running` by a killed process as failed (call while owning the database). */
export async function markInterruptedRuns(warehouse: Warehouse): Promise<number> {
  const rows = await warehouse.all<{ n: number }>(
    `update pipeline_run set run_status = 'failed', finished_at = now()::timestamp,
            error_message = 'interrupted: the process stopped before this run finished (its window was not committed and is re-read next run)'
      where run_status = 'running' returning 1 as n`,
  );
  return rows.length;
}

class RunSink implements StreamSink {
  readRows = 0;
  readonly files: { path: string; options: FileOptions }[] = [];
  constructor(
    readonly stage: RowStage,
    private readonly onRead: (total: number) => void,
  ) {}
  read(count: number): void {
    this.readRows += count;
    this.onRead(this.readRows);
  }
  rows: StreamSink['rows'] = (table, rows) => this.stage.add(table, rows);
  rejects(records: Parameters<StreamSink['rejects']>[0]): void {
    this.stage.reject(records);
  }
  file(path: string, options: FileOptions = {}): void {
    this.files.push({ path, options });
  }
}

/** Runs one stream now (no due check): windows in order, each committed with its watermark. */
export async function runStream(
  deps: RunnerDeps,
  target: StreamTarget,
  run: { passId: string; trigger: Trigger; attempt?: number },
): Promise<StreamRunResult> {
  const { warehouse } = deps;
  const runId = `api-${randomUUID()}`;
  const now = deps.now();
  const startedMs = Date.now();
  const streamName = `${target.channel.channel}/${target.stream.name}`;
  const before = await readWatermark(warehouse, target);
  const result: StreamRunResult = {
    key: target.key,
    runId,
    status: 'succeeded',
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    watermarkBefore: before?.cursor_value ?? null,
    watermarkAfter: before?.cursor_value ?? null,
  };
  await warehouse.run(
    `insert into pipeline_run (run_id, run_kind, stream, started_at, run_status, watermark_before, pass_id, account, run_trigger, attempt)
     values ($1, 'api', $2, $3::timestamptz, 'running', $4, $5, $6, $7, $8)`,
    [runId, streamName, now.toISOString(), result.watermarkBefore, run.passId, target.channel.account, run.trigger, run.attempt ?? 1],
  );
  deps.onEvent?.({ type: 'stream-start', key: target.key, runId });
  const workDir = join(deps.workDir, runId);
  mkdirSync(workDir, { recursive: true });
  const notes: string[] = [];
  try {
    const down = await sandboxDown(target.channel);
    if (down) throw new RetryLaterError(down, 'CD_SANDBOX_DOWN');
    const secrets = readSecrets(target.channel, deps.env ?? process.env, { sandboxDefaults: true });
    const api = target.connector.createApi(target.channel, secrets, { clock: deps.clock, rateLimits: deps.rateLimits ?? true });
    const windows: Window[] =
      target.stream.mode === 'snapshot'
        ? [{ from: before?.cursor_value ?? now.toISOString(), to: now.toISOString() }]
        : planWindows({ watermark: before?.cursor_value ?? null, startDate: target.startDate, now, rules: { ...target.stream.rules, lookbackMs: target.lookbackMs } });
    for (const window of windows) {
      if (window.clampedFrom) {
        notes.push(`${target.channel.channel} serves changes only since ${window.from}; changes between ${window.clampedFrom} and then were not pulled (load them from the channel's export file)`);
      }
      const stage = new RowStage(workDir);
      const sink = new RunSink(stage, (n) => deps.onEvent?.({ type: 'stream-progress', key: target.key, rowsRead: result.rowsRead + n }));
      try {
        throwIfStopping(deps.signal);
        const pulling = target.stream.pull(
          {
            api,
            channel: target.channel,
            config: deps.loaded.config,
            clock: deps.clock,
            now,
            workDir,
            signal: deps.signal ?? new AbortController().signal,
            progress: (message) => deps.onEvent?.({ type: 'stream-progress', key: target.key, rowsRead: result.rowsRead + sink.readRows, message }),
          },
          window,
          sink,
        );
        await untilStopped(pulling, deps.signal);
        throwIfStopping(deps.signal);
        result.rowsRead += sink.readRows;
        const counts = await landWindow(deps, target, runId, window, stage, sink);
        result.rowsLoaded += counts.loaded;
        result.rowsRejected += counts.rejected;
        result.rowsRead += counts.fileRowsRead;
        result.watermarkAfter = window.to;
      } finally {
        stage.dispose();
      }
    }
    if (result.rowsRejected > 0) notes.push(`${result.rowsRejected} record(s) rejected (see rejected_row, source_file api:${target.key} or the report file)`);
    if (notes.length) result.status = 'partial';
  } catch (err) {
    result.status = 'failed';
    result.error = err instanceof CrossdockError ? `${err.code}: ${err.message}` : (err as Error).message ?? String(err);
    result.exitCode = err instanceof CrossdockError ? err.exitCode : 1;
    result.transient = result.exitCode === 75;
    if (!(err instanceof CrossdockError)) log.error({ err, stream: target.key }, 'stream failed with an unexpected error');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - startedMs) / 1000;
  const message = [result.error, ...notes].filter(Boolean).join('; ') || null;
  await warehouse.run(
    `update pipeline_run set finished_at = now()::timestamp, run_status = $2, rows_read = $3, rows_loaded = $4, rows_rejected = $5,
            watermark_after = $6, error_message = $7
      where run_id = $1`,
    [runId, result.status, result.rowsRead, result.rowsLoaded, result.rowsRejected, result.watermarkAfter, message],
  );
  if (message && !result.error) result.error = message;
  deps.onEvent?.({ type: 'stream-end', key: target.key, result });
  // a run cut short by a stop is expected, not an error: its window is re-read next run
  const level = result.status !== 'failed' ? 'info' : result.error?.startsWith('CD_RUN_ABORTED') ? 'warn' : 'error';
  log[level](
    { stream: target.key, run_id: runId, status: result.status, rows_read: result.rowsRead, rows_loaded: result.rowsLoaded, rows_rejected: result.rowsRejected, watermark: result.watermarkAfter, error: message ?? undefined },
    'stream run finished',
  );
  return result;
}

/**
 * Lands one pulled window: its rows (or report files) and the watermark advance. Streams pull in
 * parallel; their writes take turns in the warehouse (Warehouse.exclusively), so landings of
 * two streams never conflict on the data_version row.
 */
function landWindow(
  deps: RunnerDeps,
  target: StreamTarget,
  runId: string,
  window: Window,
  stage: RowStage,
  sink: RunSink,
): Promise<{ loaded: number; rejected: number; fileRowsRead: number }> {
  return landWindowNow(deps, target, runId, window, stage, sink);
}

async function landWindowNow(
  deps: RunnerDeps,
  target: StreamTarget,
  runId: string,
  window: Window,
  stage: RowStage,
  sink: RunSink,
): Promise<{ loaded: number; rejected: number; fileRowsRead: number }> {
  const sourceTag = `api:${target.key}`;
  let loaded = 0;
  let rejected = 0;
  let fileRowsRead = 0;
  // Report files load through the file ingest (its own transaction per file). A kill between a
  // file and the watermark below only means the window is re-read: the upserts make that harmless.
  for (const file of sink.files) {
    const summaries = await deps.ingest(deps.warehouse, [file.path], { marketplace: file.options.marketplace, snapshotDate: file.options.snapshotDate });
    for (const s of summaries) {
      fileRowsRead += s.rows_read;
      loaded += s.rows_loaded;
      rejected += s.rows_rejected;
    }
  }
  const staged = stage.seal();
  const rejects = stage.rejects;
  const fileLoaded = loaded;
  loaded = 0;
  await deps.warehouse.transaction(async (conn) => {
    loaded = fileLoaded;
    const { loaded: upserted, changes } = await upsertStaged(conn, staged, sourceTag);
    loaded += upserted;
    if (rejects.length) await recordRejects(conn, runId, sourceTag, `api/${target.channel.channel}/${target.stream.name}`, rejects);
    await conn.run(
      `insert into stream_watermark (channel, account, stream, cursor_value, run_id, updated_at)
       values ($1, $2, $3, $4, $5, now()::timestamp)
       on conflict (channel, account, stream) do update
         set cursor_value = excluded.cursor_value, run_id = excluded.run_id, updated_at = excluded.updated_at`,
      [target.channel.channel, target.channel.account, target.stream.name, window.to, runId],
    );
    // Visible progress: a run killed after this window still shows how far it got.
    await conn.run('update pipeline_run set watermark_after = $2 where run_id = $1', [runId, window.to]);
    if (staged.size > 0) {
      await bumpDataVersion(conn, [...changes, { table: 'stream_watermark' }, { table: 'pipeline_run' }, { table: 'rejected_row' }]);
    }
  });
  rejected += rejects.length;
  return { loaded, rejected, fileRowsRead };
}

export interface PassOptions {
  only?: string[];
  /** Run selected streams even when not due. */
  force?: boolean;
  trigger: Trigger;
  /** Skip the inbox folder. */
  skipInbox?: boolean;
  /** Streams to leave out (already running in this process). */
  busy?: (key: string) => boolean;
  /** Use this pass id (the API answers with it before the pass ends). */
  passId?: string;
  /** Wraps each stream run (serve: per-stream lock and retries). */
  runWith?: (target: StreamTarget, run: (attempt?: number) => Promise<StreamRunResult>) => Promise<StreamRunResult>;
}

export interface PassResult {
  passId: string;
  streams: StreamRunResult[];
  inbox: InboxResultSummary[];
}

export interface InboxResultSummary {
  file: string;
  status: 'processed' | 'failed';
  rows_loaded: number;
  reason?: string;
}

/**
 * One pass: due streams (all selected ones with `force`), accounts in parallel and each account's
 * streams in turn (one account's rate limits are shared by its streams), then the inbox.
 */
export async function runPass(deps: RunnerDeps, options: PassOptions, inbox?: () => Promise<InboxResultSummary[]>): Promise<PassResult> {
  const passId = options.passId ?? newPassId(deps.now());
  const selected = selectTargets(planTargets(deps.loaded), options.only);
  const now = deps.now();
  const due: StreamTarget[] = [];
  for (const target of selected) {
    if (options.busy?.(target.key)) continue;
    if (!options.force && !(await isTargetDue(deps.warehouse, target, now))) continue;
    if (target.stream.minIntervalMs && !options.force) {
      const wm = await readWatermark(deps.warehouse, target);
      if (wm && now.getTime() - Date.parse(wm.updated_at) < target.stream.minIntervalMs) continue;
    }
    due.push(target);
  }
  const byAccount = new Map<string, StreamTarget[]>();
  for (const target of due) {
    const account = `${target.channel.channel}/${target.channel.account}`;
    byAccount.set(account, [...(byAccount.get(account) ?? []), target]);
  }
  const results: StreamRunResult[] = [];
  await Promise.all(
    [...byAccount.values()].map(async (targets) => {
      for (const target of targets) {
        const run = (attempt = 1) => runStream(deps, target, { passId, trigger: options.trigger, attempt });
        results.push(await (options.runWith ? options.runWith(target, run) : run()));
      }
    }),
  );
  const inboxResults = options.skipInbox || !inbox ? [] : await inbox();
  results.sort((a, b) => a.key.localeCompare(b.key));
  return { passId, streams: results, inbox: inboxResults };
}

export function newPassId(now: Date): string {
  return `pass-${now.toISOString()}-${randomUUID().slice(0, 8)}`;
}

/** The latest runs, newest first (the API and `crossdock run --status`). */
export async function recentRuns(warehouse: Warehouse, filter: { limit?: number; passId?: string; stream?: string } = {}): Promise<Record<string, unknown>[]> {
  return warehouse.withConnection((conn) =>
    conn.all(
      `select run_id, pass_id, run_kind, stream, account, run_trigger, attempt, started_at, finished_at, run_status,
              rows_read, rows_loaded, rows_rejected, watermark_before, watermark_after, error_message
         from pipeline_run
        where ($pass_id is null or pass_id = $pass_id) and ($stream is null or stream = $stream)
        order by started_at desc limit $limit`,
      { limit: filter.limit ?? 100, pass_id: filter.passId ?? null, stream: filter.stream ?? null },
    ),
  );
}
