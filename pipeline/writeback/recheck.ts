// Re-reads ledger rows whose outcome is still open, from the channels, and settles them:
// - the verifier: `pending_verification` rows (Amazon's ACCEPTED is not applied) until the
//   channel shows the quantity, or until the verification timeout → failed;
// - crash recovery: rows left `pending`/`sent` by a killed server (see reconcile.ts).
// Never sends anything: it only reads.
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../channels/http/client';
import type { Ledger, ChangeOutcome, ChangeRecord, SeenQuantity } from './ledger';
import { loadListingStates } from './listingState';
import type { ListingState } from './plan';
import { readBack } from './push';
import type { ChannelId, ChannelReading, ChannelWriter, StockPush } from '../channels/contract/writer';
import { stockPush } from '../channels/contract/stockPush';

export interface RecheckDeps {
  ledger: Ledger;
  writers: Partial<Record<ChannelId, ChannelWriter>>;
  clock: () => Date;
}

/** How one open row is settled from what the channel shows (null reading: could not read). */
export type Settle = (record: ChangeRecord, reading: ChannelReading | null, now: Date, writer: ChannelWriter | undefined) => Omit<ChangeOutcome, 'change_id'> | null;

/** Reads the channels for `records`, settles each with `settle`, records the settled ones. */
export async function recheck(deps: RecheckDeps, records: ChangeRecord[], settle: Settle): Promise<number> {
  if (records.length === 0) return 0;
  const states = await deps.ledger.read((conn) => loadListingStates(conn, records.map((r) => r.listing_id)));
  const byChannel = new Map<string, ChangeRecord[]>();
  for (const record of records) byChannel.set(record.channel ?? '', [...(byChannel.get(record.channel ?? '') ?? []), record]);

  let settled = 0;
  await Promise.all(
    [...byChannel].map(async ([channel, rows]) => {
      const writer = deps.writers[channel as ChannelId];
      const pushes: StockPush[] = [];
      for (const record of rows) {
        const state = states.get(record.listing_id);
        if (state) pushes.push(pushOfRecord(record, state));
      }
      const readings = writer && pushes.length > 0 ? await readBack(writer, pushes) : new Map<string, ChannelReading>();
      const now = deps.clock();
      const at = now.toISOString();
      const outcomes: ChangeOutcome[] = [];
      const seen: SeenQuantity[] = [];
      for (const record of rows) {
        const reading = readings.get(record.listing_id) ?? null;
        const decided = settle(record, reading, now, writer);
        if (!decided) continue;
        outcomes.push({ change_id: record.change_id, ...decided });
        if (decided.change_status === 'applied' && reading && typeof reading.quantity === 'number') {
          seen.push({ listing_id: record.listing_id, quantity: reading.quantity, seen_at: at });
        }
      }
      await deps.ledger.record(outcomes, seen, at);
      settled += outcomes.length;
    }),
  );
  return settled;
}

function pushOfRecord(record: ChangeRecord, state: ListingState): StockPush {
  return stockPush(record.change_id, { ...state, listing_id: record.listing_id }, record.sent_quantity_units ?? record.asked_quantity_units ?? 0, record.seen_quantity_units);
}

/**
 * How long a request the stopped server had in flight may still be processed by the channel: the
 * channel HTTP client's request timeout, plus a margin.
 */
export const IN_FLIGHT_SETTLED_MS = DEFAULT_REQUEST_TIMEOUT_MS + 5_000;

/**
 * A row a stopped server sent to a channel that applies writes before answering: once its request
 * can no longer be in flight, a quantity other than the asked one means the write never landed.
 * null: not decidable yet (the channel queues writes, could not be read, or the request may still be
 * arriving).
 */
export function notAppliedAfterCrash(record: ChangeRecord, reading: ChannelReading | null, now: Date, writer: ChannelWriter | undefined): Omit<ChangeOutcome, 'change_id'> | null {
  if (!writer?.appliesSynchronously || !reading) return null;
  const asked = record.sent_quantity_units ?? record.asked_quantity_units;
  if (reading.quantity === asked) return null;
  if (now.getTime() - Date.parse(record.sent_at ?? record.requested_at) < IN_FLIGHT_SETTLED_MS) return null;
  return {
    change_status: 'failed',
    reason_code: 'NOT_APPLIED',
    message: `the server stopped while sending this change and ${writer.channel} shows ${reading.quantity ?? 'nothing'}, not ${asked}: it was not applied; retry it`,
    channel_quantity_units: reading.quantity,
    channel_response: null,
    is_retryable: true,
    answered_at: now.toISOString(),
    verified_at: null,
  };
}

/** Verifier rule: visible → applied; still invisible after the timeout → failed; else wait. */
export function settleVerification(timeoutMs: number): Settle {
  return (record, reading, now, writer) => {
    const asked = record.sent_quantity_units;
    const at = now.toISOString();
    if (reading && reading.quantity === asked) {
      return { change_status: 'applied', reason_code: null, message: 'verified on the channel', channel_quantity_units: reading.quantity, channel_response: null, is_retryable: null, answered_at: at, verified_at: at };
    }
    if (record.reason_code === 'RECONCILING') {
      const lost = notAppliedAfterCrash(record, reading, now, writer);
      if (lost) return lost;
    }
    const since = Date.parse(record.sent_at ?? record.requested_at);
    // A row we could not read this pass gets twice as long: the channel's reads failing (or being
    // slow, 5/s on Amazon) is not evidence that the change did not land.
    if (now.getTime() - since < (reading ? timeoutMs : 2 * timeoutMs)) return null;
    return {
      change_status: 'failed',
      reason_code: 'VERIFICATION_TIMEOUT',
      message: reading
        ? `the channel accepted the change but still shows ${reading.quantity ?? 'nothing'} after ${Math.round(timeoutMs / 1000)} s: check the listing, then retry`
        : `the channel could not be read for ${Math.round((2 * timeoutMs) / 1000)} s to confirm the change: check the listing, then retry`,
      channel_quantity_units: reading?.quantity ?? null,
      channel_response: null,
      is_retryable: true,
      answered_at: at,
      verified_at: null,
    };
  };
}
