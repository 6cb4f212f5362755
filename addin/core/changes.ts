// The stock ledger in Excel: GET /api/v1/stock/changes rows → the Changes sheet (who, when, seen →
// asked → sent, the channel's answer, verified at), newest first, filterable with the table's
// autofilter and refreshed like a dataset. Pure.
import type { DatasetSpec } from '../../pipeline/analytics/types';
import type { ChangeView } from '../../pipeline/writeback/service';
import type { Column } from '../../pipeline/warehouse/values';
import { safeSheetName } from './address';
import { allTranslations, t, type Locale, type MessageKey } from './i18n';
import { reasonText } from './push';
import { STATUS_COLOURS, type RowStatus } from './stock';
import type { ConditionalFormatModel, DatasetPayload, Presentation, RuleContext } from './tableModel';

/** The pane lists the ledger as one more "dataset"; it is fetched from /stock/changes, not /datasets. */
export const CHANGES_DATASET = 'stock_changes';

export type LedgerStatus = ChangeView['change_status'];

export const CHANGES_COLUMNS: Column[] = [
  { name: 'requested_at', type: 'timestamp' },
  { name: 'requested_by', type: 'string' },
  { name: 'sku', type: 'string' },
  { name: 'listing', type: 'string' },
  { name: 'channel', type: 'string' },
  { name: 'marketplace', type: 'string' },
  { name: 'seen_quantity_units', type: 'integer' },
  { name: 'asked_quantity', type: 'string' },
  { name: 'sent_quantity_units', type: 'integer' },
  { name: 'change_status', type: 'string' },
  { name: 'channel_answer', type: 'string' },
  { name: 'channel_quantity_units', type: 'integer' },
  { name: 'verified_at', type: 'timestamp' },
  { name: 'sent_at', type: 'timestamp' },
  { name: 'answered_at', type: 'timestamp' },
  { name: 'warning_code', type: 'string' },
  { name: 'moved_with', type: 'string' },
  { name: 'channel_response', type: 'string' },
  { name: 'requested_role', type: 'string' },
  { name: 'change_set_id', type: 'string' },
  { name: 'change_id', type: 'string' },
];

/** What the catalogue entry of the ledger looks like to the pane (no parameters: the whole ledger). */
export function changesSpec(): DatasetSpec {
  return { name: CHANGES_DATASET, title: 'Stock changes', description: 'One row per stock change pushed from the sheet (the write-back ledger), newest first.', params: [], columns: CHANGES_COLUMNS, key: ['change_id'] };
}

/** A ledger status in the pane language; the statuses a sheet row can have share its labels. */
export function ledgerStatusLabel(status: LedgerStatus, locale: Locale): string {
  return t(locale, (status === 'pending' || status === 'sent' ? `ledger.${status}` : `status.${status}`) as MessageKey);
}

/** Ledger rows → a dataset payload for the sheet, newest request first, rows of one request in order. */
export function changesPayload(changes: readonly ChangeView[], locale: Locale, dataVersion: string): DatasetPayload {
  const byId = new Map(changes.map((c) => [c.change_id, c]));
  const sorted = [...changes].sort((a, b) => (a.requested_at < b.requested_at ? 1 : a.requested_at > b.requested_at ? -1 : a.change_set_id.localeCompare(b.change_set_id) || a.row_index - b.row_index));
  const rows = sorted.map((c) => [
    c.requested_at,
    c.requested_by,
    c.sku,
    c.listing_id,
    c.channel,
    c.marketplace,
    c.seen_quantity_units,
    // A whole number as asked, else exactly what was sent in (the ledger keeps "2.5" as text).
    c.asked_quantity_units !== null ? String(c.asked_quantity_units) : c.asked_value,
    c.sent_quantity_units,
    ledgerStatusLabel(c.change_status, locale),
    reasonText(c.reason_code ?? undefined, c.message ?? undefined) || null,
    c.channel_quantity_units,
    c.verified_at,
    c.sent_at,
    c.answered_at,
    c.warning_code,
    c.follows_change_id ? (byId.get(c.follows_change_id)?.listing_id ?? c.follows_change_id) : null,
    c.channel_response === null || c.channel_response === undefined ? null : JSON.stringify(c.channel_response),
    c.requested_role,
    c.change_set_id,
    c.change_id,
  ]);
  return { dataset: CHANGES_DATASET, params: {}, data_version: dataVersion, columns: CHANGES_COLUMNS, rows };
}

function excelString(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** The status cell takes the colour of the same status on the stock sheet. */
function statusRules(ctx: RuleContext): ConditionalFormatModel[] {
  const i = ctx.index('change_status');
  if (i < 0) return [];
  const statuses: RowStatus[] = ['applied', 'pending_verification', 'conflict', 'failed', 'rejected'];
  return statuses.map((s) => ({
    purpose: `status ${s}`,
    firstColumn: i,
    lastColumn: i,
    formula: `=OR(${allTranslations(`status.${s}` as MessageKey).map((l) => `${ctx.ref('change_status')}=${excelString(l)}`).join(',')})`,
    fill: STATUS_COLOURS[s].fill,
    fontColor: STATUS_COLOURS[s].font,
  }));
}

export function changesPresentation(): Presentation {
  return {
    sheetTitle: (locale) => safeSheetName(locale === 'zh-CN' ? '库存修改记录' : 'Changes'),
    // Ids are for quoting in a support request, not for reading; the raw channel answer stays visible.
    hiddenColumns: ['requested_role', 'change_set_id', 'change_id'],
    freezeColumns: 2,
    stampText: (locale, at, rows) => t(locale, 'sheet.refreshedLedger', { at, count: rows }),
    conditionalFormats: statusRules,
  };
}
