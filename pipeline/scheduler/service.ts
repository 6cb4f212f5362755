// The pipeline inside `crossdock serve` (the process that owns the DuckDB file): one croner job
// per stream on its own cron expression and time zone, `protect` so a slow run is never overlapped
// by its next tick, an in-process lock per stream shared with manual runs (API, `runNow`),
// retries with exponential back-off and jitter for transient failures, and the inbox folder
// watched (fs.watch plus its own schedule as a safety net). A stream that has never run (no
// watermark: a new account, a new stream, a fresh database) runs once right after start instead
// of waiting for its first cron tick.
import { Cron } from 'croner';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { backoffDelayMs } from '../channels/http';
import { log } from '../log';
import { inboxStep } from './pipeline';
import { nextRunAt } from './schedule';
import { planTargets, readWatermark, runPass, runStream, type InboxResultSummary, type PassOptions, type PassResult, type RunnerDeps, type StreamRunResult, type StreamTarget, type Trigger } from './runner';
import { resolveSchedule } from '../config/resolve';
import { isAbsolute, resolve } from 'node:path';

export interface ServiceOptions {
  /** Tries of a stream after a transient failure (config `retries.attempts`). */
  retryAttempts: number;
  retryBaseMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Run the streams without a watermark once at start (default true). */
  firstLoadOnStart?: boolean;
}

export interface StreamStatus {
  key: string;
  cron: string;
  timezone: string;
  running: boolean;
  next_run_at: string | null;
}

export class PipelineService {
  private readonly jobs: Cron[] = [];
  private readonly running = new Map<string, Promise<StreamRunResult>>();
  private inboxRun: Promise<InboxResultSummary[]> | null = null;
  private watcher: FSWatcher | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private firstLoad: Promise<unknown> | null = null;
  private readonly abort = new AbortController();
  readonly targets: StreamTarget[];

  constructor(
    private readonly deps: RunnerDeps,
    private readonly options: ServiceOptions,
  ) {
    this.deps = { ...deps, signal: this.abort.signal };
    this.targets = planTargets(deps.loaded);
  }

  start(): void {
    for (const target of this.targets) {
      this.jobs.push(
        new Cron(target.schedule.cron, { timezone: target.schedule.timezone, protect: true, catch: (err) => log.error({ err, stream: target.key }, 'scheduled run failed') }, async () => {
          await this.runTarget(target, 'schedule', `tick-${new Date().toISOString()}-${randomUUID().slice(0, 8)}`);
        }),
      );
    }
    const inbox = this.deps.loaded.config.inbox;
    const step = inboxStep(this.deps);
    if (inbox && step) {
      const schedule = resolveSchedule(inbox.schedule, [{ cron: '*/5 * * * *' }], this.deps.loaded.config.timezone);
      this.jobs.push(new Cron(schedule.cron, { timezone: schedule.timezone, protect: true, catch: true }, async () => {
        await this.runInbox();
      }));
      const dir = isAbsolute(inbox.dir) ? inbox.dir : resolve(this.deps.loaded.dir, inbox.dir);
      if (existsSync(dir)) {
        // A dropped file is picked up once it settled; the timer coalesces bursts of events.
        this.watcher = watch(dir, () => {
          if (this.watchTimer) clearTimeout(this.watchTimer);
          this.watchTimer = setTimeout(() => void this.runInbox(), (inbox.settleSeconds + 0.5) * 1000);
        });
        this.watcher.on('error', (err) => log.warn({ err }, 'inbox watch failed; the inbox schedule still runs'));
      }
    }
    if (this.options.firstLoadOnStart !== false) this.firstLoad = this.runFirstLoads().catch((err: unknown) => log.error({ err }, 'first load of new streams failed'));
    log.info({ streams: this.targets.length, inbox: Boolean(inbox) }, 'pipeline scheduler started');
  }

  /**
   * One pass over the streams that have never run (no watermark yet), right away: their first
   * load reads from the configured `startDate` and should not wait for the next cron tick. Later
   * runs follow the schedule. Streams with a watermark are left to their schedule.
   */
  private async runFirstLoads(): Promise<PassResult | null> {
    const fresh: string[] = [];
    for (const target of this.targets) if (!(await readWatermark(this.deps.warehouse, target))) fresh.push(target.key);
    if (fresh.length === 0 || this.abort.signal.aborted) return null;
    log.info({ streams: fresh }, 'running the streams that have never run');
    return runPass(this.deps, {
      only: fresh,
      force: true,
      trigger: 'schedule',
      skipInbox: true,
      busy: (key) => this.running.has(key),
      runWith: (target, run) => this.locked(target, () => this.withRetries(target, run)),
    });
  }

  /**
   * Stops the schedules and aborts the runs in progress: each stops waiting for its pull at once
   * (CD_RUN_ABORTED, window not landed); a window already landing and an inbox file already
   * loading finish their transaction first.
   */
  async stop(): Promise<void> {
    for (const job of this.jobs.splice(0)) job.stop();
    this.watcher?.close();
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.abort.abort();
    await Promise.allSettled([this.firstLoad, ...this.running.values(), this.inboxRun]);
  }

  status(now = new Date()): StreamStatus[] {
    return this.targets.map((t) => ({
      key: t.key,
      cron: t.schedule.cron,
      timezone: t.schedule.timezone,
      running: this.running.has(t.key),
      next_run_at: nextRunAt(t.schedule, now)?.toISOString() ?? null,
    }));
  }

  /** A pass now (POST /api/v1/pipeline/run): streams already running are skipped, not doubled. */
  runNow(options: Pick<PassOptions, 'only' | 'passId' | 'skipInbox'> & { trigger?: Trigger } = {}): Promise<PassResult> {
    return runPass(
      this.deps,
      {
        only: options.only,
        passId: options.passId,
        skipInbox: options.skipInbox,
        force: true,
        trigger: options.trigger ?? 'api',
        busy: (key) => this.running.has(key),
        runWith: (target, run) => this.locked(target, () => this.withRetries(target, run)),
      },
      () => this.runInbox(),
    );
  }

  private runTarget(target: StreamTarget, trigger: Trigger, passId: string): Promise<StreamRunResult> {
    return this.locked(target, () => this.withRetries(target, (attempt) => runStream(this.deps, target, { passId, trigger, attempt })));
  }

  private locked(target: StreamTarget, fn: () => Promise<StreamRunResult>): Promise<StreamRunResult> {
    const existing = this.running.get(target.key);
    if (existing) return existing;
    const run = fn().finally(() => this.running.delete(target.key));
    this.running.set(target.key, run);
    return run;
  }

  private async withRetries(target: StreamTarget, run: (attempt: number) => Promise<StreamRunResult>): Promise<StreamRunResult> {
    // After stop() nothing new starts (a pass runs an account's streams one after another).
    if (this.abort.signal.aborted) return { key: target.key, runId: '', status: 'skipped', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, watermarkBefore: null, watermarkAfter: null, error: 'the scheduler is stopping' };
    // A stop ends the wait before a retry (the default sleep; a test's own sleep is its own).
    const sleep =
      this.options.sleep ??
      ((ms: number) =>
        new Promise<void>((r) => {
          const timer = setTimeout(done, ms);
          function done(): void {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            r();
          }
          const signal = this.abort.signal;
          signal.addEventListener('abort', done, { once: true });
        }));
    for (let attempt = 1; ; attempt++) {
      const result = await run(attempt);
      if (result.status !== 'failed' || !result.transient || attempt > this.options.retryAttempts || this.abort.signal.aborted) return result;
      const delay = this.options.retryBaseMs / 2 + backoffDelayMs(attempt - 1, { baseMs: this.options.retryBaseMs, maxMs: 30 * 60_000 }, this.options.random);
      log.warn({ stream: target.key, attempt, delay_ms: delay, error: result.error }, 'stream failed transiently; retrying');
      await sleep(delay);
    }
  }

  private runInbox(): Promise<InboxResultSummary[]> {
    if (this.inboxRun) return this.inboxRun;
    const step = inboxStep(this.deps);
    if (!step) return Promise.resolve([]);
    this.inboxRun = step().finally(() => (this.inboxRun = null));
    return this.inboxRun;
  }
}
