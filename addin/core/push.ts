// Review & push: the server's plan and apply answers (docs/api.md, issue 4) → what the pane
// shows and what each sheet row becomes. Pure.
import { t, type Locale } from './i18n';
import type { AlsoChanges, ApplyResponse, PlanBatch, PlanResponse, RowWarning, StockChangeRequest } from '../../pipeline/model/wire';
import { invalidMessage, type InvalidEdit, type RowOutcome, type StockEdit } from './stock';

export function toRequests(edits: readonly StockEdit[]): StockChangeRequest[] {
  // A version the sheet holds as a number (Excel reads digit-only text back as one) is still the server's text.
  return edits.map((e) => ({ listing: e.listing, expected_version: String(e.expected_version), new_quantity: e.new_quantity }));
}

/** What the review panel shows. */
export interface PlanSummary {
  changes: number;
  rejected: Array<{ listing: string; reason_code: string; message: string }>;
  batches: PlanBatch[];
  /** Edits the server accepted: what Push sends. */
  accepted: StockEdit[];
  /** Accepted rows (and the listings their pushes move) whose quantity is above the stock that feeds them. */
  warnings?: Array<{ listing: string; code: string; message: string }>;
  /** What an accepted row's push also does, by listing: sent with another row, or moves other listings. */
  notes?: Record<string, { follows?: string; also_changes?: AlsoChanges[]; warning?: RowWarning }>;
}

export function summarisePlan(edits: readonly StockEdit[], plan: PlanResponse): PlanSummary {
  const byListing = new Map(plan.rows.map((r) => [r.listing, r]));
  const rejected: PlanSummary['rejected'] = [];
  const accepted: StockEdit[] = [];
  const warnings: NonNullable<PlanSummary['warnings']> = [];
  const notes: NonNullable<PlanSummary['notes']> = {};
  for (const e of edits) {
    const row = byListing.get(e.listing);
    // A row the server did not mention was not planned: treat it as rejected, never send it blind.
    if (!row) rejected.push({ listing: e.listing, reason_code: 'CD_NOT_PLANNED', message: 'The server did not plan this row.' });
    else if (row.status === 'ok') {
      accepted.push(e);
      if (row.warning) warnings.push({ listing: e.listing, code: row.warning.code, message: row.warning.message });
      for (const also of row.also_changes ?? []) if (also.warning) warnings.push({ listing: also.listing, code: also.warning.code, message: also.warning.message });
      if (row.warning || row.follows || row.also_changes?.length) notes[e.listing] = { warning: row.warning, follows: row.follows, also_changes: row.also_changes };
    } else rejected.push({ listing: e.listing, reason_code: row.reason_code ?? 'rejected', message: row.message ?? row.reason_code ?? '' });
  }
  return { changes: accepted.length, rejected, batches: plan.batches, accepted, warnings, notes };
}

/** The message of a row ready to push: its warning, and what its push does besides. */
function readyMessage(note: NonNullable<PlanSummary['notes']>[string] | undefined, locale: Locale): string {
  if (!note) return '';
  const parts: string[] = [];
  if (note.warning) parts.push(`${note.warning.code}: ${note.warning.message}`);
  if (note.follows) parts.push(t(locale, 'stock.follows', { listing: note.follows }));
  if (note.also_changes?.length) {
    parts.push(t(locale, 'stock.alsoChanges', { listings: note.also_changes.map((a) => `${a.listing} ${a.current_quantity ?? '?'} → ${a.new_quantity}`).join(', ') }));
  }
  return parts.join(' ');
}

/** Row outcomes after review: invalid rows, rejected rows and rows ready to push (with their warnings). */
export function reviewOutcomes(edits: readonly StockEdit[], invalid: readonly InvalidEdit[], summary: PlanSummary, locale: Locale): RowOutcome[] {
  const rejected = new Map(summary.rejected.map((r) => [r.listing, r]));
  const out: RowOutcome[] = invalid.map((e) => ({ row: e.row, status: 'invalid', message: invalidMessage(e, locale) }));
  for (const e of edits) {
    const r = rejected.get(e.listing);
    out.push(r ? { row: e.row, status: 'rejected', message: r.message ? `${r.reason_code}: ${r.message}` : r.reason_code } : { row: e.row, status: 'ready', message: readyMessage(summary.notes?.[e.listing], locale) });
  }
  return out;
}

export interface PushCounts {
  applied: number;
  pending: number;
  conflict: number;
  failed: number;
  rejected: number;
}

/**
 * Row outcomes after apply. Applied and pending-verification rows take the new baseline (the
 * quantity we asked for, and the server's version when it gives one); conflict, failed and
 * rejected rows keep their old baseline so they stay pending edits.
 */
export function applyOutcomes(edits: readonly StockEdit[], answer: ApplyResponse, locale: Locale): { outcomes: RowOutcome[]; counts: PushCounts } {
  const byListing = new Map(answer.rows.map((r) => [r.listing, r]));
  const counts: PushCounts = { applied: 0, pending: 0, conflict: 0, failed: 0, rejected: 0 };
  const outcomes: RowOutcome[] = [];
  for (const e of edits) {
    const r = byListing.get(e.listing);
    if (!r) {
      counts.failed++;
      outcomes.push({ row: e.row, status: 'failed', message: 'No answer from the server for this row; retry.' });
      continue;
    }
    switch (r.status) {
      case 'applied':
      case 'pending_verification': {
        if (r.status === 'applied') counts.applied++;
        else counts.pending++;
        const version = r.version ?? e.expected_version;
        outcomes.push({
          row: e.row,
          status: r.status,
          // A warning the manager pushed through stays on the row (the ledger keeps it too).
          message: [r.warning_code, r.message].filter(Boolean).join(': '),
          newBaseline: { quantity: e.new_quantity, version, channelQuantity: r.channel_quantity ?? e.new_quantity },
        });
        break;
      }
      case 'conflict':
        counts.conflict++;
        outcomes.push({
          row: e.row,
          status: 'conflict',
          message: r.message ?? t(locale, 'conflict.message', { quantity: r.channel_quantity ?? '?' }),
        });
        break;
      case 'rejected':
        counts.rejected++;
        outcomes.push({ row: e.row, status: 'rejected', message: r.message ?? '' });
        break;
      default:
        counts.failed++;
        outcomes.push({ row: e.row, status: 'failed', message: r.message ?? '' });
    }
  }
  return { outcomes, counts };
}

/**
 * The idempotency key for a push: the same edits sent again after an unanswered attempt reuse
 * the previous key (so a lost response never pushes twice); anything else gets a fresh one.
 */
export interface PendingPush {
  fingerprint: string;
  key: string;
  answered: boolean;
}

export function idempotencyKeyFor(previous: PendingPush | null, fingerprint: string, freshKey: () => string): PendingPush {
  if (previous && !previous.answered && previous.fingerprint === fingerprint) return previous;
  return { fingerprint, key: freshKey(), answered: false };
}
