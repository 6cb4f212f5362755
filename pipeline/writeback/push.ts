// Pushes one channel's rows through its writer, batch by batch, and records every answer in the
// ledger. Each batch is marked `sent` before its call. When a call's outcome is unknown (the
// writer threw after exhausting its retries, or left rows unanswered) nothing is resent: the rows
// are read back from the channel first, and only what the channel shows decides their status.
// Rows that move with a pushed row (changes.ts followers) are marked and answered with it.
import { log } from '../log';
import type { Follower } from './changes';
import type { ChangeOutcome, Ledger, SeenQuantity } from './ledger';
import { chunk } from './plan';
import { holdBackChanged } from '../channels/contract/readBeforeWrite';
import type { ChannelReading, ChannelWriter, PushOutcome, StockPush } from '../channels/contract/writer';

export interface PushDeps {
  ledger: Ledger;
  clock: () => Date;
}

export interface PushOptions {
  /** Base of the per-call idempotency keys sent to the channel (`<key>:<channel>:<batch>`). */
  idempotencyKey: string;
  /** Calls of one channel in flight at once (the writer still honours its own rate limits). */
  concurrency: number;
  /** Lead change id → the ledger rows that move with its push (not sent themselves). */
  followers?: ReadonlyMap<string, Follower[]>;
}

/** What one row ended as, for the caller's response and the verifier. */
export interface PushResult {
  change_id: string;
  status: ChangeOutcome['change_status'];
}

export async function pushChannel(deps: PushDeps, writer: ChannelWriter, pushes: StockPush[], options: PushOptions): Promise<PushResult[]> {
  // Rows of one channel listing (an item's models, a product's SKUs) go into the
  // same calls: a call addresses one item or a few products, so scattering them costs calls.
  const byListing = [...pushes].sort((a, b) => (a.channel_listing_id ?? '').localeCompare(b.channel_listing_id ?? ''));
  const batches = chunk(byListing, writer.maxRowsPerCall);
  // Recording an answer does not hold up the next call: the ledger write runs behind it (rows stay
  // `sent` until it commits, which is what crash recovery needs), and all are awaited at the end.
  const recorded: Promise<PushResult[]>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      recorded.push((await pushBatch(deps, writer, batches[index], `${options.idempotencyKey}:${writer.channel}:${index}`, options.followers ?? new Map())).recorded);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, batches.length)) }, worker));
  return (await Promise.all(recorded)).flat();
}

/** Sends one batch; resolves once the channel answered, with the promise of its recording. */
async function pushBatch(
  deps: PushDeps,
  writer: ChannelWriter,
  batch: StockPush[],
  idempotencyKey: string,
  followers: ReadonlyMap<string, Follower[]>,
): Promise<{ recorded: Promise<PushResult[]> }> {
  const moving = batch.flatMap((row) => (followers.get(row.change_id) ?? []).map((follower) => ({ id: follower.change_id, quantity: row.quantity })));
  await deps.ledger.markSent(
    [...batch.map((row) => row.change_id), ...moving.map((m) => m.id)],
    [...batch.map((row) => row.quantity), ...moving.map((m) => m.quantity)],
    deps.clock().toISOString(),
  );
  const { send, refused } = writer.readBeforeWrite ? await checkBeforeWrite(writer, batch) : { send: batch, refused: [] };
  let answered: PushOutcome[] = refused;
  let callError: unknown = null;
  try {
    if (send.length > 0) answered = [...refused, ...(await writer.push(send, { idempotencyKey }))];
  } catch (err) {
    callError = err;
    log.warn({ channel: writer.channel, rows: batch.length, err: errorText(err) }, 'stock push failed; reading the channel back');
  }
  // A row answered `unknown`, or not answered (fewer rows, junk), is read back, never resent.
  const byId = new Map(answered.filter((o) => o && typeof o.change_id === 'string' && o.status !== 'unknown').map((outcome) => [outcome.change_id, outcome]));
  const lost = new Map(answered.filter((o) => o && o.status === 'unknown').map((outcome) => [outcome.change_id, outcome.message]));
  const unanswered = send.filter((row) => !byId.has(row.change_id));
  const readings = unanswered.length > 0 ? await readBack(writer, unanswered) : new Map<string, ChannelReading>();
  const at = deps.clock().toISOString();

  const outcomes: ChangeOutcome[] = [];
  const seen: SeenQuantity[] = [];
  for (const row of batch) {
    const outcome = byId.get(row.change_id);
    const decided = outcome
      ? fromAnswer(row, outcome, at)
      : fromReadBack(writer, row, readings.get(row.listing_id), lost.get(row.change_id) ?? (callError ? errorText(callError) : 'the channel did not answer for this row'), at);
    outcomes.push(decided.outcome);
    if (decided.seen !== null) seen.push({ listing_id: row.listing_id, quantity: decided.seen, seen_at: at });
    for (const follower of followers.get(row.change_id) ?? []) {
      outcomes.push(followerOutcome(row, decided.outcome, follower));
      if (decided.seen !== null) seen.push({ listing_id: follower.listing_id, quantity: decided.seen, seen_at: at });
    }
  }
  const recorded = deps.ledger.record(outcomes, seen, at).then(() => outcomes.map((o) => ({ change_id: o.change_id, status: o.change_status })));
  recorded.catch(() => undefined); // awaited by pushChannel; never an unhandled rejection meanwhile
  return { recorded };
}

interface Decision {
  outcome: ChangeOutcome;
  seen: number | null; // a channel quantity we now know for the listing
}

/** A follower takes its lead's answer: the channel moved (or did not move) both together. */
export function followerOutcome(lead: StockPush, outcome: ChangeOutcome, follower: Follower): ChangeOutcome {
  const why = `moves with ${lead.listing_id}: ${lead.channel} keeps one quantity for both`;
  return {
    ...outcome,
    change_id: follower.change_id,
    channel_response: null,
    message: outcome.change_status === 'applied' ? why : `${why}; ${outcome.message ?? outcome.change_status}`,
  };
}

/** Maps a writer's answer for one row to its ledger outcome. */
export function fromAnswer(row: StockPush, outcome: PushOutcome, at: string): Decision {
  const response = outcome.channel_response === undefined ? null : JSON.stringify(outcome.channel_response);
  const base = { change_id: row.change_id, channel_response: response, answered_at: at };
  const known = typeof outcome.channel_quantity === 'number' ? outcome.channel_quantity : null;
  switch (outcome.status) {
    case 'applied': {
      const quantity = known ?? row.quantity;
      return {
        outcome: { ...base, change_status: 'applied', reason_code: null, message: outcome.message ?? null, channel_quantity_units: quantity, is_retryable: null, verified_at: at },
        seen: quantity,
      };
    }
    case 'pending_verification':
      return {
        outcome: { ...base, change_status: 'pending_verification', reason_code: null, message: outcome.message ?? 'accepted by the channel, not visible yet', channel_quantity_units: known, is_retryable: null, verified_at: null },
        seen: null,
      };
    case 'conflict':
      return {
        outcome: {
          ...base,
          change_status: 'conflict',
          reason_code: 'CHANNEL_CONFLICT',
          message: outcome.message ?? `the channel's quantity is no longer ${row.expected_quantity ?? 'what the sheet showed'}: refresh and re-enter`,
          channel_quantity_units: known,
          is_retryable: false,
          verified_at: null,
        },
        seen: known,
      };
    default:
      return {
        outcome: { ...base, change_status: 'failed', reason_code: 'CHANNEL_ERROR', message: outcome.message ?? 'the channel refused the change', channel_quantity_units: known, is_retryable: outcome.retryable ?? false, verified_at: null },
        seen: null,
      };
  }
}

/**
 * Decides a row whose push outcome is unknown from what the channel shows now: the asked quantity
 * → applied; something else → not applied on a channel that applies before answering, still
 * possibly queued (verified later) on one that does not (Amazon).
 */
export function fromReadBack(writer: Pick<ChannelWriter, 'channel' | 'appliesSynchronously'>, row: StockPush, reading: ChannelReading | undefined, why: string, at: string): Decision {
  const base = { change_id: row.change_id, channel_response: null, answered_at: at };
  if (!reading) {
    return {
      outcome: { ...base, change_status: 'failed', reason_code: 'OUTCOME_UNKNOWN', message: `${why}; reading the channel back also failed: refresh the sheet before retrying`, channel_quantity_units: null, is_retryable: true, verified_at: null },
      seen: null,
    };
  }
  if (reading.quantity === row.quantity) {
    return {
      outcome: { ...base, change_status: 'applied', reason_code: null, message: 'confirmed by reading the channel back', channel_quantity_units: reading.quantity, is_retryable: null, verified_at: at },
      seen: reading.quantity,
    };
  }
  if (!writer.appliesSynchronously) {
    return {
      outcome: { ...base, change_status: 'pending_verification', reason_code: null, message: `${why}; ${writer.channel} shows ${reading.quantity ?? 'nothing'} for now, and may still apply a queued change: verifying`, channel_quantity_units: reading.quantity, is_retryable: null, verified_at: null },
      seen: reading.quantity,
    };
  }
  return {
    outcome: { ...base, change_status: 'failed', reason_code: 'NOT_APPLIED', message: `${why}; ${writer.channel} still shows ${reading.quantity ?? 'nothing'}, not ${row.quantity}: not applied, safe to resend`, channel_quantity_units: reading.quantity, is_retryable: true, verified_at: null },
    seen: reading.quantity,
  };
}

/** Reads the batch right before its write and holds back rows that changed since the refresh (readBeforeWrite.ts). */
async function checkBeforeWrite(writer: ChannelWriter, batch: StockPush[]): Promise<{ send: StockPush[]; refused: PushOutcome[] }> {
  const checked = batch.filter((row) => row.expected_quantity !== null);
  return holdBackChanged(writer.channel, batch, checked.length > 0 ? await readBack(writer, checked) : new Map());
}

/** Rows per read call: one unreadable row costs the readings of its chunk, not of every row. */
export const READ_CHUNK_ROWS = 50;
/** Read calls in flight at once (each writer still paces its own calls). */
const READ_CONCURRENCY = 4;

/** Reads rows back in chunks; rows of a chunk the channel could not answer are absent. */
export async function readBack(writer: ChannelWriter, rows: StockPush[]): Promise<Map<string, ChannelReading>> {
  const readings = new Map<string, ChannelReading>();
  const parts = chunk(rows, READ_CHUNK_ROWS);
  let failed = 0;
  let lastError = '';
  let next = 0;
  const worker = async () => {
    while (next < parts.length) {
      const part = parts[next++];
      try {
        for (const reading of await writer.read(part)) readings.set(reading.listing_id, reading);
      } catch (err) {
        failed += part.length;
        lastError = errorText(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, parts.length) }, worker));
  if (failed > 0) log.warn({ channel: writer.channel, rows: failed, err: lastError }, 'reading the channel back failed for some rows');
  return readings;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
