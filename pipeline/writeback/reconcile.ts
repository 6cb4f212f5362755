// Crash recovery, run once when the server starts and before it takes any apply: every ledger
// row a killed server left `pending` or `sent` is settled by reading the channel (never by
// sending again), and every change set it left `running` is closed as `interrupted` with the
// answer rebuilt from the ledger, so a resend of its Idempotency-Key returns that answer.
import { log } from '../log';
import type { Ledger } from './ledger';
import { loadVersions } from './listingState';
import { notAppliedAfterCrash, recheck, RecheckDeps, Settle } from './recheck';
import { applyResponse } from './results';

export interface ReconcileReport {
  rows: number;
  sets: number;
}

/**
 * Reconcile rule: the channel shows the asked quantity → applied; never sent → failed; sent to a
 * channel that applies on answer and not shown → failed NOT_APPLIED; otherwise → verify.
 */
export const settleAfterCrash: Settle = (record, reading, now, writer) => {
  const asked = record.sent_quantity_units ?? record.asked_quantity_units;
  const at = now.toISOString();
  if (reading && reading.quantity === asked) {
    return {
      change_status: 'applied',
      reason_code: null,
      message: 'reconciled after a restart: the channel shows the asked quantity',
      channel_quantity_units: reading.quantity,
      channel_response: null,
      is_retryable: null,
      answered_at: at,
      verified_at: at,
    };
  }
  if (record.change_status === 'pending') {
    return {
      change_status: 'failed',
      reason_code: 'NOT_SENT',
      message: `the server stopped before sending this change; nothing was sent (the channel shows ${reading?.quantity ?? 'an unread quantity'})`,
      channel_quantity_units: reading?.quantity ?? null,
      channel_response: null,
      is_retryable: true,
      answered_at: at,
      verified_at: null,
    };
  }
  const lost = notAppliedAfterCrash(record, reading, now, writer);
  if (lost) return lost;
  // Sent, and not visible (or unreadable): the channel may still apply it (Amazon's queue, or a
  // request of the stopped server still arriving), so the verifier watches it until it shows, the
  // in-flight time passes (synchronous channels: NOT_APPLIED), or the verification timeout.
  return {
    change_status: 'pending_verification',
    reason_code: 'RECONCILING',
    message: 'the server stopped while this change was being sent; checking the channel until it shows',
    channel_quantity_units: reading?.quantity ?? null,
    channel_response: null,
    is_retryable: null,
    answered_at: null,
    verified_at: null,
  };
};

export async function reconcileUnfinished(deps: RecheckDeps): Promise<ReconcileReport> {
  const { ledger } = deps;
  const open = await ledger.rowsInStatus(['pending', 'sent']);
  const rows = await recheck(deps, open, settleAfterCrash);
  const sets = await ledger.changeSetsInStatus('running');
  for (const set of sets) await closeInterrupted(ledger, set.idempotency_key, set.change_set_id, deps.clock());
  if (rows > 0 || sets.length > 0) log.warn({ rows, sets: sets.length }, 'reconciled stock changes left unfinished by a stopped server');
  return { rows, sets: sets.length };
}

async function closeInterrupted(ledger: Ledger, key: string, changeSetId: string, now: Date): Promise<void> {
  const records = await ledger.changeSetRows(changeSetId);
  const versions = await ledger.read((conn) => loadVersions(conn, records.map((r) => r.listing_id)));
  await ledger.finish(key, 'interrupted', JSON.stringify(applyResponse(changeSetId, records, versions)), now.toISOString());
}
