// Applies a stock edit request: plans it against the current listings, writes every row to the
// ledger (ok rows as `pending`, before anything is sent), pushes each channel's rows through its
// writer (channels in parallel), and answers per row from the ledger.
import { createHash } from 'node:crypto';
import { ConflictError, UsageError } from '../errors';
import { log } from '../log';
import { plannedChanges } from './changes';
import type { Ledger } from './ledger';
import { loadAllocationRules, loadListingStates, loadVersions } from './listingState';
import { planStockChanges, PlanOptions, StockEdit, StockPlan } from './plan';
import { pushChannel } from './push';
import { applyResponse, ApplyResponse } from './results';
import type { ChannelId, ChannelWriter } from '../channels/contract/writer';

export interface WritebackConfig {
  /** new_quantity above this is refused (ABOVE_SANITY_CAP). */
  sanityCapUnits: number;
  /** Most rows one plan/apply request may carry. */
  maxRowsPerRequest: number;
  /** How often the verifier re-reads rows awaiting verification, and when it gives up. */
  verifyIntervalMs: number;
  verifyTimeoutMs: number;
  /** Calls one channel may have in flight at once (each writer still honours its rate limits). */
  concurrentCallsPerChannel: number;
  /** Answer an apply after this long even if a channel is still working (its rows: pending_verification). */
  answerWithinMs: number;
}

export interface Requester {
  name: string;
  role: string;
}

export interface WritebackDeps {
  ledger: Ledger;
  writers: Partial<Record<ChannelId, ChannelWriter>>;
  config: WritebackConfig;
  clock: () => Date;
  /** Resolves after `ms` (the answer deadline); tests pass one they resolve themselves. */
  sleep: (ms: number) => Promise<void>;
  newId: () => string;
}

/** Throws UsageError unless the body is an array of row objects within the size limit. */
export function parseEdits(body: unknown, config: WritebackConfig): StockEdit[] {
  if (!Array.isArray(body)) throw new UsageError('the body must be a JSON array of { listing, expected_version, new_quantity }', 'CD_STOCK_BODY_INVALID');
  if (body.length === 0) throw new UsageError('the body has no rows', 'CD_STOCK_BODY_INVALID');
  if (body.length > config.maxRowsPerRequest) {
    throw new UsageError(`${body.length} rows is more than ${config.maxRowsPerRequest} per request: split the push`, 'CD_STOCK_TOO_MANY_ROWS');
  }
  body.forEach((row, index) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new UsageError(`row ${index} is not an object`, 'CD_STOCK_BODY_INVALID');
    }
  });
  return body as StockEdit[];
}

export function planOptions(deps: Pick<WritebackDeps, 'writers' | 'config'>): PlanOptions {
  const channels: PlanOptions['channels'] = {};
  for (const [channel, writer] of Object.entries(deps.writers)) {
    if (writer) channels[channel as ChannelId] = { maxRowsPerCall: writer.maxRowsPerCall, sharedQuantityKey: writer.sharedQuantityKey?.bind(writer) };
  }
  return { sanityCapUnits: deps.config.sanityCapUnits, channels };
}

/** Plans against the warehouse's current listings and rules. Sends nothing. */
export async function planFromWarehouse(deps: Pick<WritebackDeps, 'ledger' | 'writers' | 'config'>, edits: StockEdit[]): Promise<StockPlan> {
  const { states, rules } = await deps.ledger.read(async (conn) => ({
    // With their siblings: the listings a channel may keep as one quantity with an edited one.
    states: await loadListingStates(conn, edits.map((edit) => edit.listing as string), { siblings: true }),
    rules: await loadAllocationRules(conn),
  }));
  return planStockChanges({ edits, listings: states, options: { ...planOptions(deps), rules } });
}

/** The fingerprint of a request body: the same key with a different body is refused. */
export function requestFingerprint(edits: StockEdit[]): string {
  const canonical = edits.map((edit) => [edit.listing ?? null, edit.expected_version ?? null, edit.new_quantity ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export interface ApplyRequest {
  edits: StockEdit[];
  idempotencyKey: string;
  requester: Requester;
  /**
   * Claims listings for this apply, all or none: false when another apply in this process is
   * pushing one of them (the row is refused as IN_FLIGHT). Asked, once planned, for every listing
   * a row's push moves. Default: every claim succeeds.
   */
  claim?: (listingIds: string[]) => boolean;
}

/** Answers an Idempotency-Key seen before from the ledger, or null when the key is new. */
export async function replay(deps: Pick<WritebackDeps, 'ledger'>, request: Pick<ApplyRequest, 'edits' | 'idempotencyKey'>): Promise<ApplyResponse | null> {
  const existing = await deps.ledger.findChangeSet(request.idempotencyKey);
  if (!existing) return null;
  if (existing.request_sha256 !== requestFingerprint(request.edits)) {
    throw new ConflictError(
      'this Idempotency-Key was already used for a different set of edits: use a new key for a new push',
      'CD_IDEMPOTENCY_KEY_REUSED',
    );
  }
  // Still running (a slow channel behind an earlier answer): the ledger has every row's status so far.
  return answerFromLedger(deps.ledger, existing.change_set_id);
}

export async function answerFromLedger(ledger: Ledger, changeSetId: string): Promise<ApplyResponse> {
  const records = await ledger.changeSetRows(changeSetId);
  const versions = await ledger.read((conn) => loadVersions(conn, records.map((r) => r.listing_id)));
  return applyResponse(changeSetId, records, versions);
}

export interface ApplyOutcome {
  /** The answer: final for channels that answered within `answerWithinMs`, pending for the rest. */
  response: ApplyResponse;
  /** Settles when every channel has answered and the change set is closed. */
  done: Promise<ApplyResponse>;
}

export async function applyStockChanges(deps: WritebackDeps, request: ApplyRequest): Promise<ApplyOutcome> {
  const replayed = await replay(deps, request);
  if (replayed) return { response: replayed, done: Promise.resolve(replayed) };

  const plan = await planFromWarehouse(deps, request.edits);
  const requestedAt = deps.clock().toISOString();
  const change_set_id = deps.newId();
  const { changes, pushes: perChannel, followers } = plannedChanges(plan, deps.newId, request.claim ?? (() => true));
  await deps.ledger.begin(
    {
      idempotency_key: request.idempotencyKey,
      change_set_id,
      request_sha256: requestFingerprint(request.edits),
      requested_by: request.requester.name,
      requested_role: request.requester.role,
      requested_at: requestedAt,
      count_rows: plan.rows.length,
    },
    changes,
  );

  log.info(
    { change_set_id, rows: changes.length, channels: Object.fromEntries([...perChannel].map(([c, rows]) => [c, rows.length])) },
    'applying stock changes',
  );
  const done = Promise.all(
    [...perChannel].map(([channel, pushes]) =>
      pushChannel(deps, deps.writers[channel] as ChannelWriter, pushes, {
        idempotencyKey: request.idempotencyKey,
        concurrency: deps.config.concurrentCallsPerChannel,
        followers,
      }),
    ),
  ).then(async () => {
    const final = await answerFromLedger(deps.ledger, change_set_id);
    await deps.ledger.finish(request.idempotencyKey, 'done', JSON.stringify(final), deps.clock().toISOString());
    return final;
  });
  // A channel may take minutes (an Amazon feed waits in Amazon's queue): answer once the time is
  // up, with its rows still pending_verification, and let the push finish behind the answer.
  const finished = await settledWithin(done, deps.sleep(deps.config.answerWithinMs));
  if (finished) return { response: finished, done };
  done.catch((err: unknown) => log.error({ err, change_set_id }, 'stock push failed after the answer was sent'));
  return { response: await answerFromLedger(deps.ledger, change_set_id), done };
}

/** The promise's value if it settles before `deadline`, else null (its rejection is thrown). */
async function settledWithin<T>(promise: Promise<T>, deadline: Promise<void>): Promise<T | null> {
  return Promise.race([promise, deadline.then(() => null)]);
}
