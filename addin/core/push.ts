// Review & push: the server's plan and apply answers (docs/api.md, issue 4) → what the pane
// shows and what each sheet row becomes. Pure.
import { t, type Locale } from './i18n';
import type { AlsoChanges, ApplyResponse, PlanBatch, PlanResponse, RowWarning, StockChangeRequest } from '../../pipeline/model/wire';
import type { CellValue } from './cells';
import { reasonLabel } from './codeLabels';
import { diffStockEdits, invalidMessage, LISTING, MESSAGE, ROW_STATUSES, STATUS, statusFromLabel, type InvalidEdit, type RowOutcome, type RowStatus, type StockColumns, type StockEdit } from './stock';

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

export function summarisePlan(edits: readonly StockEdit[], plan: PlanResponse, locale: Locale = 'en'): PlanSummary {
  const byListing = new Map(plan.rows.map((r) => [r.listing, r]));
  const rejected: PlanSummary['rejected'] = [];
  const accepted: StockEdit[] = [];
  const warnings: NonNullable<PlanSummary['warnings']> = [];
  const notes: NonNullable<PlanSummary['notes']> = {};
  for (const e of edits) {
    const row = byListing.get(e.listing);
    // A row the server did not mention was not planned: treat it as rejected, never send it blind.
    if (!row) rejected.push({ listing: e.listing, reason_code: 'CD_NOT_PLANNED', message: t(locale, 'stock.notPlanned') });
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
  if (note.warning) parts.push(reasonText(note.warning.code, note.warning.message, locale));
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
    out.push(r ? { row: e.row, status: 'rejected', message: reasonText(r.reason_code, r.message, locale) } : { row: e.row, status: 'ready', message: readyMessage(summary.notes?.[e.listing], locale) });
  }
  return out;
}

/**
 * "CODE: message", or whichever of the two there is. In Chinese a known code is said in Chinese
 * with the code after it (for support); the server's English detail is then left out.
 */
export function reasonText(code: string | undefined, message: string | undefined, locale: Locale = 'en'): string {
  const zh = reasonLabel(code, locale);
  if (zh) return `${zh}（${code}）`;
  return [code, message].filter((p) => p !== undefined && p !== '').join(': ');
}

/**
 * Row outcomes after apply. Applied and pending-verification rows take the new baseline (the
 * quantity we asked for, and the server's version when it gives one); conflict, failed and
 * rejected rows keep their old baseline so they stay pending edits. A pending row keeps the
 * quantity the channel last confirmed in Channel quantity (asked and confirmed side by side),
 * and a conflict gets the pane's own words with the channel's new quantity, not the channel's
 * raw text (that stays in the ledger: the Changes sheet).
 */
export function applyOutcomes(edits: readonly StockEdit[], answer: ApplyResponse, locale: Locale): { outcomes: RowOutcome[] } {
  const byListing = new Map(answer.rows.map((r) => [r.listing, r]));
  const outcomes: RowOutcome[] = [];
  for (const e of edits) {
    const r = byListing.get(e.listing);
    if (!r) {
      outcomes.push({ row: e.row, status: 'failed', message: t(locale, 'stock.noAnswer') });
      continue;
    }
    switch (r.status) {
      case 'applied':
        outcomes.push({
          row: e.row,
          status: 'applied',
          // A warning the manager pushed through stays on the row (the ledger keeps it too).
          message: reasonText(r.warning_code, r.message, locale),
          newBaseline: { quantity: e.new_quantity, version: r.version ?? e.expected_version, channelQuantity: r.channel_quantity ?? e.new_quantity },
        });
        break;
      case 'pending_verification': {
        const shown = r.channel_quantity ?? e.channel_quantity;
        outcomes.push({
          row: e.row,
          status: 'pending_verification',
          message: [r.warning_code, t(locale, 'stock.pendingMessage', { asked: e.new_quantity, shown: shown ?? '?' })].filter(Boolean).join(': '),
          newBaseline: { quantity: e.new_quantity, version: r.version ?? e.expected_version, channelQuantity: shown },
        });
        break;
      }
      case 'conflict':
        outcomes.push({
          row: e.row,
          status: 'conflict',
          message: typeof r.channel_quantity === 'number' ? t(locale, 'conflict.message', { quantity: r.channel_quantity }) : t(locale, 'conflict.messageUnknown'),
        });
        break;
      case 'rejected':
        outcomes.push({ row: e.row, status: 'rejected', message: reasonText(r.reason_code, r.message, locale) });
        break;
      default:
        outcomes.push({ row: e.row, status: 'failed', message: reasonText(r.reason_code, r.message, locale) });
    }
  }
  return { outcomes };
}

/** A row the pane lists because it did not go through: click selects its cell. */
export interface RowIssue {
  row: number;
  listing: string;
  sku: string;
  status: RowStatus;
  message: string;
}

export type StatusCounts = Record<RowStatus, number>;

export interface SheetSummary {
  counts: StatusCounts;
  /** Every counted row that is not applied or ready, in sheet order. */
  issues: RowIssue[];
}

/** The placeholders of the push result message ('stock.pushResult'). */
export function pushResultParams(c: StatusCounts): Record<string, number> {
  return { applied: c.applied, pending: c.pending_verification, conflict: c.conflict, failed: c.failed, rejected: c.rejected, invalid: c.invalid };
}

/** Statuses an edit keeps until the user changes it: still on the sheet after the next push. */
const STICKY: ReadonlySet<RowStatus> = new Set(['rejected', 'invalid', 'conflict', 'failed']);

/**
 * What the pane says after a review or push, taken from what the sheet will show: the rows this
 * step wrote, plus every edit still marked rejected, invalid, conflict or failed from before (a
 * push does not resend those, but they are still on the sheet and still not on the channel).
 */
export function summariseSheet(cols: StockColumns, outcomes: readonly RowOutcome[], skus?: readonly CellValue[]): SheetSummary {
  const counts = Object.fromEntries(ROW_STATUSES.map((s) => [s, 0])) as StatusCounts;
  const byRow = new Map(outcomes.map((o) => [o.row, o]));
  const diff = diffStockEdits(cols);
  const stillEdited = new Set([...diff.edits.map((e) => e.row), ...diff.invalid.map((e) => e.row)]);
  const issues: RowIssue[] = [];
  for (let row = 0; row < cols[STATUS].length; row++) {
    const o = byRow.get(row);
    const status = o ? o.status : statusFromLabel(cols[STATUS][row]);
    if (status === null) continue;
    if (!o && !(STICKY.has(status) && stillEdited.has(row))) continue;
    counts[status]++;
    if (status !== 'applied' && status !== 'ready') {
      issues.push({ row, listing: String(cols[LISTING][row] ?? ''), sku: String(skus?.[row] ?? ''), status, message: o ? o.message : String(cols[MESSAGE][row] ?? '') });
    }
  }
  return { counts, issues };
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
