// The write-back as the server uses it: plan, apply (idempotent, one push per listing at a
// time), the ledger, allocation rules, crash recovery at start and the verification loop.
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../errors';
import { log } from '../log';
import type { Warehouse } from '../warehouse/types';
import { applyStockChanges, parseEdits, planFromWarehouse, replay, Requester, WritebackConfig, WritebackDeps } from './apply';
import { ChangeRecord, Ledger } from './ledger';
import { reconcileUnfinished, ReconcileReport } from './reconcile';
import { recheck, settleVerification } from './recheck';
import { ApplyResponse, planResponse, PlanResponse } from './results';
import type { ChannelId, ChannelWriter } from '../channels/contract/writer';

export const DEFAULT_WRITEBACK_CONFIG: WritebackConfig = {
  sanityCapUnits: 100_000,
  maxRowsPerRequest: 50_000,
  verifyIntervalMs: 30_000,
  verifyTimeoutMs: 30 * 60_000,
  concurrentCallsPerChannel: 4,
  answerWithinMs: 20_000,
};

/** Reads CROSSDOCK_STOCK_* overrides (see docs/writeback.md). */
export function writebackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WritebackConfig {
  const number = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new ConfigError(`${name}=${raw} is not a number ≥ ${min}`);
    return value;
  };
  const d = DEFAULT_WRITEBACK_CONFIG;
  return {
    sanityCapUnits: number('CROSSDOCK_STOCK_SANITY_CAP', d.sanityCapUnits, 1),
    maxRowsPerRequest: number('CROSSDOCK_STOCK_MAX_ROWS', d.maxRowsPerRequest, 1),
    verifyIntervalMs: number('CROSSDOCK_STOCK_VERIFY_INTERVAL_S', d.verifyIntervalMs / 1000, 0.01) * 1000,
    verifyTimeoutMs: number('CROSSDOCK_STOCK_VERIFY_TIMEOUT_S', d.verifyTimeoutMs / 1000, 0.01) * 1000,
    concurrentCallsPerChannel: number('CROSSDOCK_STOCK_CHANNEL_CONCURRENCY', d.concurrentCallsPerChannel, 1),
    answerWithinMs: number('CROSSDOCK_STOCK_ANSWER_WITHIN_S', d.answerWithinMs / 1000, 0.01) * 1000,
  };
}

/** A timer that does not keep the process alive (an answer deadline left behind by a fast push). */
function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export interface StockWritebackOptions {
  warehouse: Warehouse;
  writers: Partial<Record<ChannelId, ChannelWriter>>;
  config?: Partial<WritebackConfig>;
  clock?: () => Date;
  /** Waits for the answer deadline (`answerWithinMs`); default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  newId?: () => string;
}

export interface ChangesPage {
  changes: ChangeView[];
  next_since: string | null;
}

/** A ledger row as the API shows it (the channel answer parsed back to JSON). */
export type ChangeView = Omit<ChangeRecord, 'channel_response'> & { channel_response: unknown };

export class StockWriteback {
  readonly deps: WritebackDeps;
  private ready: Promise<unknown> = Promise.resolve();
  private readonly runningKeys = new Map<string, Promise<ApplyResponse>>();
  private readonly pushing = new Set<Promise<unknown>>();
  private readonly busyListings = new Set<string>();
  private verifyTimer: NodeJS.Timeout | undefined;
  private verifying: Promise<number> | undefined;

  constructor(options: StockWritebackOptions) {
    this.deps = {
      ledger: new Ledger(options.warehouse),
      writers: options.writers,
      config: { ...DEFAULT_WRITEBACK_CONFIG, ...options.config },
      clock: options.clock ?? (() => new Date()),
      sleep: options.sleep ?? unrefSleep,
      newId: options.newId ?? randomUUID,
    };
  }

  get channels(): ChannelId[] {
    return Object.keys(this.deps.writers) as ChannelId[];
  }

  /** Reconciles what a stopped server left unfinished, then starts the verification loop. */
  async start(): Promise<ReconcileReport> {
    const reconciled = reconcileUnfinished(this.deps);
    this.ready = reconciled.catch(() => undefined);
    const report = await reconciled;
    this.verifyTimer = setInterval(() => void this.verifyOnce().catch((err) => log.error({ err }, 'stock verification failed')), this.deps.config.verifyIntervalMs);
    this.verifyTimer.unref();
    return report;
  }

  /**
   * Stops the verification loop and waits up to `waitMs` for pushes in progress. A push still
   * running after that is left to crash recovery: its rows stay `sent` and the next start reads
   * the channel to settle them.
   */
  async stop(waitMs = 10_000): Promise<void> {
    if (this.verifyTimer) clearInterval(this.verifyTimer);
    this.verifyTimer = undefined;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.runningKeys.values(), ...this.pushing, this.verifying]),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
  }

  async plan(body: unknown): Promise<PlanResponse> {
    const edits = parseEdits(body, this.deps.config);
    return planResponse(await planFromWarehouse(this.deps, edits));
  }

  async apply(body: unknown, idempotencyKey: string, requester: Requester): Promise<ApplyResponse> {
    const edits = parseEdits(body, this.deps.config);
    await this.ready;
    // The same key while its first request is still running (a client retry): wait, then replay.
    const running = this.runningKeys.get(idempotencyKey);
    if (running) {
      await running.catch(() => undefined);
      const replayed = await replay(this.deps, { edits, idempotencyKey });
      if (replayed) return replayed;
    }
    // Claim the listings synchronously, so two concurrent pushes never send the same listing; the
    // listings a row's push also moves (side effects) are claimed once planned, all or none.
    const mine = new Set<string>();
    const claim = (ids: string[]): boolean => {
      if (ids.some((id) => this.busyListings.has(id) && !mine.has(id))) return false;
      for (const id of ids) {
        mine.add(id);
        this.busyListings.add(id);
      }
      return true;
    };
    for (const id of edits.map((edit) => edit.listing)) if (typeof id === 'string') claim([id]);
    const work = applyStockChanges(this.deps, { edits, idempotencyKey, requester, claim });
    const answered = work.then((outcome) => outcome.response);
    this.runningKeys.set(idempotencyKey, answered);
    // The listings stay claimed until every channel has answered, even after the response.
    const release = () => mine.forEach((id) => this.busyListings.delete(id));
    const done = work.then((outcome) => outcome.done).finally(release);
    this.pushing.add(done);
    done.catch(() => undefined).finally(() => this.pushing.delete(done));
    try {
      return await answered;
    } finally {
      this.runningKeys.delete(idempotencyKey);
    }
  }

  /** Settles when every push this service started has every channel's answer. */
  async settled(): Promise<void> {
    while (this.pushing.size > 0) await Promise.allSettled([...this.pushing]);
  }

  /** One pass of the verifier over rows awaiting verification; returns how many it settled. */
  verifyOnce(): Promise<number> {
    this.verifying ??= (async () => {
      try {
        const open = await this.deps.ledger.rowsInStatus(['pending_verification']);
        return await recheck(this.deps, open, settleVerification(this.deps.config.verifyTimeoutMs));
      } finally {
        this.verifying = undefined;
      }
    })();
    return this.verifying;
  }

  async changes(since: string | null, limit = 5000): Promise<ChangesPage> {
    const rows = await this.deps.ledger.changesSince(since, limit);
    return {
      changes: rows.map((row) => ({ ...row, channel_response: row.channel_response === null ? null : JSON.parse(row.channel_response) })),
      next_since: rows.length > 0 ? rows[rows.length - 1].updated_at : since,
    };
  }
}
