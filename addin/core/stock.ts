// The stock sheet: which columns the user edits, where the baseline travels, how edits are found
// (diff of new_quantity against the hidden baseline at push time, never change events) and how
// the server's per-row answers land back in the sheet.
import type { Column } from '../../pipeline/warehouse/values';
import { toCell, type CellValue } from './cells';
import { allTranslations, t, type Locale, type MessageKey } from './i18n';
import type { ConditionalFormatModel, Presentation, RuleContext } from './tableModel';
import { INTEGER_FORMAT, TEXT_FORMAT } from './columnFormats';
import { BOOLEAN_LABELS_ZH } from './codeLabels';

export const STOCK_DATASET = 'stock';
export const NEW_QUANTITY = 'new_quantity';
export const STATUS = 'status';
export const MESSAGE = 'message';
export const BASELINE_QUANTITY = 'baseline_quantity';
export const BASELINE_VERSION = 'baseline_version';
/** Columns the stock dataset must have for write-back (issue 4). */
export const LISTING = 'listing';
export const CHANNEL_QUANTITY = 'channel_quantity';
export const VERSION = 'version';
export const EDITABLE = 'editable';
export const SKU = 'sku';
/** Filled by "Preview rules": the suggested quantity under the Rules sheet's unsaved edits. */
export const PREVIEW_QUANTITY = 'preview_quantity';
/** The row keys a manager reads while editing: first on the sheet and frozen. */
export const STOCK_KEY_COLUMNS = [LISTING, SKU, 'title'] as const;
/**
 * Where a manager works: after the keys, what the listing is, the stock that feeds it and what
 * the channel shows, then the editable quantity and its outcome beside them.
 */
export const STOCK_COLUMN_ORDER = [...STOCK_KEY_COLUMNS, 'channel', 'marketplace', 'fulfilment', 'available_units', CHANNEL_QUANTITY, NEW_QUANTITY, STATUS, MESSAGE, 'suggested_quantity', PREVIEW_QUANTITY, EDITABLE];
/** New quantity: whole numbers like the quantities beside it (a rule shows fractions as typed). */
export const NEW_QUANTITY_FORMAT = INTEGER_FORMAT;

export type RowStatus = 'applied' | 'pending_verification' | 'conflict' | 'failed' | 'rejected' | 'invalid' | 'ready';
export const ROW_STATUSES: readonly RowStatus[] = ['applied', 'pending_verification', 'conflict', 'failed', 'rejected', 'invalid', 'ready'];

/** Fill / font colours per status (Excel's good / neutral / bad palette). */
export const STATUS_COLOURS: Record<RowStatus, { fill: string; font: string }> = {
  applied: { fill: '#C6EFCE', font: '#006100' },
  pending_verification: { fill: '#DDEBF7', font: '#1F4E78' },
  ready: { fill: '#DDEBF7', font: '#1F4E78' },
  conflict: { fill: '#FFEB9C', font: '#9C5700' },
  failed: { fill: '#FFC7CE', font: '#9C0006' },
  rejected: { fill: '#FFC7CE', font: '#9C0006' },
  invalid: { fill: '#FFC7CE', font: '#9C0006' },
};
export const EDITED_FILL = '#FFF2CC';
export const NOT_EDITABLE_FILL = '#EDEDED';

export function statusLabel(status: RowStatus, locale: Locale): string {
  return t(locale, `status.${status}` as MessageKey);
}

/** Which status a label in the sheet means, in any locale; null for blank or unknown text. */
export function statusFromLabel(label: CellValue): RowStatus | null {
  const text = String(label).trim();
  if (text === '') return null;
  return ROW_STATUSES.find((s) => allTranslations(`status.${s}` as MessageKey).includes(text)) ?? null;
}

function excelString(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function stockRules(ctx: RuleContext): ConditionalFormatModel[] {
  const rules: ConditionalFormatModel[] = [];
  const qty = ctx.index(NEW_QUANTITY);
  const status = ctx.index(STATUS);
  const message = ctx.index(MESSAGE);
  if (qty < 0 || status < 0) return rules;
  const editable = ctx.index(EDITABLE);
  if (editable >= 0) {
    rules.push({ purpose: 'not editable', firstColumn: qty, lastColumn: qty, formula: `=${ctx.isBool(EDITABLE, false)}`, fill: NOT_EDITABLE_FILL, fontColor: '#7F7F7F' });
  }
  // Whole numbers show with thousands separators like the quantities beside them; a typed 2.5
  // shows as 2.5 (not rounded to 3) next to "not a whole number".
  rules.push({ purpose: 'not a whole number, shown as typed', firstColumn: qty, lastColumn: qty, formula: `=AND(ISNUMBER(${ctx.ref(NEW_QUANTITY)}),${ctx.ref(NEW_QUANTITY)}<>INT(${ctx.ref(NEW_QUANTITY)}))`, numberFormat: 'General' });
  rules.push({ purpose: 'edited, not pushed', firstColumn: qty, lastColumn: qty, formula: `=AND(${ctx.ref(NEW_QUANTITY)}<>"",${ctx.ref(NEW_QUANTITY)}<>${ctx.ref(BASELINE_QUANTITY)})`, fill: EDITED_FILL, fontColor: '#000000' });
  for (const s of ROW_STATUSES) {
    const labels = allTranslations(`status.${s}` as MessageKey).map((l) => `${ctx.ref(STATUS)}=${excelString(l)}`);
    rules.push({ purpose: `status ${s}`, firstColumn: status, lastColumn: Math.max(status, message), formula: `=OR(${labels.join(',')})`, ...{ fill: STATUS_COLOURS[s].fill, fontColor: STATUS_COLOURS[s].font } });
  }
  return rules;
}

/** The stock sheet's presentation, given the API's columns (the version type follows the API). */
export function stockPresentation(apiColumns: Column[]): Presentation {
  const qtyIndex = apiColumns.findIndex((c) => c.name === CHANNEL_QUANTITY);
  const versionIndex = apiColumns.findIndex((c) => c.name === VERSION);
  const versionType = versionIndex >= 0 ? apiColumns[versionIndex].type : 'string';
  return {
    sheetTitle: (locale) => (locale === 'zh-CN' ? '库存推送' : 'Stock'),
    extraColumns: [
      { column: { name: NEW_QUANTITY, type: 'integer' }, hidden: false, editable: true, value: (r) => (qtyIndex >= 0 ? r[qtyIndex] : null), numberFormat: NEW_QUANTITY_FORMAT },
      { column: { name: STATUS, type: 'string' }, hidden: false, editable: false, value: () => null, minWidthPt: 110 },
      { column: { name: MESSAGE, type: 'string' }, hidden: false, editable: false, value: () => null, minWidthPt: 260 },
      { column: { name: PREVIEW_QUANTITY, type: 'integer' }, hidden: false, editable: false, value: () => null },
      { column: { name: BASELINE_QUANTITY, type: 'integer' }, hidden: true, editable: false, value: (r) => (qtyIndex >= 0 ? r[qtyIndex] : null) },
      { column: { name: BASELINE_VERSION, type: versionType }, hidden: true, editable: false, value: (r) => (versionIndex >= 0 ? r[versionIndex] : null) },
    ],
    // Channel-side ids and the raw version are for the server, not for reading: hidden, kept in the table.
    hiddenColumns: ['channel_offer_id', 'channel_inventory_item_id', 'channel_location_id', VERSION].filter((n) => apiColumns.some((c) => c.name === n)),
    columnOrder: STOCK_COLUMN_ORDER,
    freezeColumns: STOCK_KEY_COLUMNS.filter((n) => apiColumns.some((c) => c.name === n)).length,
    conditionalFormats: stockRules,
    protect: true,
  };
}

/** The stock columns read back from the sheet, each a full column of body values. */
export type StockColumns = Record<typeof STOCK_READ_COLUMNS[number], CellValue[]>;
export const STOCK_READ_COLUMNS = [LISTING, EDITABLE, CHANNEL_QUANTITY, VERSION, NEW_QUANTITY, STATUS, MESSAGE, BASELINE_QUANTITY, BASELINE_VERSION] as const;

export interface StockEdit {
  /** 0-based body row. */
  row: number;
  listing: string;
  expected_version: string | number;
  new_quantity: number;
  baseline_quantity: number | null;
  /** What the sheet shows the channel holding (the last quantity the channel confirmed). */
  channel_quantity: number | null;
}

export interface InvalidEdit {
  row: number;
  listing: string;
  reason: 'blank' | 'notInteger' | 'negative' | 'notEditable' | 'noListing';
  value: CellValue;
}

export interface StockDiff {
  edits: StockEdit[];
  invalid: InvalidEdit[];
}

function asNumber(v: CellValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return Number(v.trim());
  return null;
}

function isFalse(v: CellValue): boolean {
  // A Chinese sheet writes FALSE as 否 (codeLabels.ts).
  return v === false || String(v).trim().toUpperCase() === 'FALSE' || String(v).trim() === BOOLEAN_LABELS_ZH.false;
}

/**
 * Finds edits: rows whose new quantity differs from the baseline. A changed row that cannot be
 * sent (blank, not a whole number, negative, not editable, no listing) is reported as invalid
 * instead, so the user sees it and nothing unexpected is pushed.
 */
export function diffStockEdits(cols: StockColumns): StockDiff {
  const edits: StockEdit[] = [];
  const invalid: InvalidEdit[] = [];
  const n = cols[NEW_QUANTITY].length;
  for (let row = 0; row < n; row++) {
    const raw = cols[NEW_QUANTITY][row];
    const baselineCell = cols[BASELINE_QUANTITY][row];
    const baseline = asNumber(baselineCell);
    const blank = raw === '' || raw === null || (typeof raw === 'string' && raw.trim() === '');
    const value = asNumber(raw);
    if (blank && baseline === null) continue;
    if (!blank && value !== null && value === baseline) continue;
    const listing = String(cols[LISTING][row] ?? '').trim();
    const bad = (reason: InvalidEdit['reason']) => invalid.push({ row, listing, reason, value: raw });
    if (listing === '') bad('noListing');
    else if (blank) bad('blank');
    else if (value === null || !Number.isInteger(value)) bad('notInteger');
    else if (value < 0) bad('negative');
    else if (isFalse(cols[EDITABLE][row])) bad('notEditable');
    else {
      const version = cols[BASELINE_VERSION][row];
      edits.push({ row, listing, expected_version: typeof version === 'number' ? version : String(version), new_quantity: value, baseline_quantity: baseline, channel_quantity: asNumber(cols[CHANNEL_QUANTITY][row]) });
    }
  }
  return { edits, invalid };
}

export function invalidMessage(e: InvalidEdit, locale: Locale): string {
  return t(locale, `invalid.${e.reason}` as MessageKey, { value: String(e.value) });
}

/** A stable fingerprint of what would be sent: same edits → same idempotency key on a resend. */
export function editsFingerprint(edits: readonly StockEdit[]): string {
  return edits
    .map((e) => `${e.listing}\u0001${String(e.expected_version)}\u0001${e.new_quantity}`)
    .sort()
    .join('\u0002');
}

/** Rows the user marked for "Retry failed": edits whose status cell says failed. */
export function failedOnly(diff: StockDiff, cols: StockColumns): StockEdit[] {
  return diff.edits.filter((e) => statusFromLabel(cols[STATUS][e.row]) === 'failed');
}

/** One full-column write back into the stock table. */
export interface ColumnWrite {
  name: string;
  values: CellValue[];
  numberFormat: string;
}

/** A row's new state after review or push. */
export interface RowOutcome {
  row: number;
  status: RowStatus;
  message: string;
  /**
   * When set, the row takes this as its new baseline (a successful push). `channelQuantity` is
   * what the channel confirmed; null keeps the sheet's (a pending row is not confirmed yet).
   */
  newBaseline?: { quantity: number; version: CellValue; channelQuantity: number | null };
}

/**
 * Applies outcomes to the columns read from the sheet and returns the column writes. "Revert"
 * uses the same path with `revert`: new_quantity := baseline for every row.
 */
export function stockColumnWrites(cols: StockColumns, outcomes: readonly RowOutcome[], locale: Locale, versionType: Column['type']): ColumnWrite[] {
  const status = [...cols[STATUS]];
  const message = [...cols[MESSAGE]];
  const baselineQty = [...cols[BASELINE_QUANTITY]];
  const baselineVersion = [...cols[BASELINE_VERSION]];
  const channelQty = [...cols[CHANNEL_QUANTITY]];
  const version = [...cols[VERSION]];
  for (const o of outcomes) {
    status[o.row] = statusLabel(o.status, locale);
    message[o.row] = o.message;
    if (o.newBaseline) {
      baselineQty[o.row] = o.newBaseline.quantity;
      baselineVersion[o.row] = o.newBaseline.version;
      if (o.newBaseline.channelQuantity !== null) channelQty[o.row] = o.newBaseline.channelQuantity;
      version[o.row] = o.newBaseline.version;
    }
  }
  // Everything goes through toCell again: status messages come from the server (§4: re-sanitise
  // on every write; values read back have lost their quote prefix).
  const text = (vs: CellValue[]) => vs.map((v) => toCell(v === '' ? null : v, 'string'));
  const ints = (vs: CellValue[]) => vs.map((v) => toCell(v === '' ? null : v, 'integer'));
  const versions = (vs: CellValue[]) => vs.map((v) => toCell(v === '' ? null : v, versionType));
  const versionFormat = versionType === 'string' ? TEXT_FORMAT : '0';
  return [
    { name: STATUS, values: text(status), numberFormat: TEXT_FORMAT },
    { name: MESSAGE, values: text(message), numberFormat: TEXT_FORMAT },
    { name: BASELINE_QUANTITY, values: ints(baselineQty), numberFormat: INTEGER_FORMAT },
    { name: BASELINE_VERSION, values: versions(baselineVersion), numberFormat: versionFormat },
    { name: CHANNEL_QUANTITY, values: ints(channelQty), numberFormat: INTEGER_FORMAT },
    { name: VERSION, values: versions(version), numberFormat: versionFormat },
  ];
}

/** "Revert edits": new_quantity takes the baseline again and pending statuses clear. */
export function revertWrites(cols: StockColumns): { writes: ColumnWrite[]; reverted: number } {
  const diff = diffStockEdits(cols);
  const touched = new Set([...diff.edits.map((e) => e.row), ...diff.invalid.map((e) => e.row)]);
  const qty = cols[BASELINE_QUANTITY].map((v) => toCell(v === '' ? null : v, 'integer'));
  const status = cols[STATUS].map((v, i) => (touched.has(i) ? '' : toCell(v === '' ? null : v, 'string')));
  const message = cols[MESSAGE].map((v, i) => (touched.has(i) ? '' : toCell(v === '' ? null : v, 'string')));
  return {
    reverted: touched.size,
    writes: [
      { name: NEW_QUANTITY, values: qty, numberFormat: NEW_QUANTITY_FORMAT },
      { name: STATUS, values: status, numberFormat: TEXT_FORMAT },
      { name: MESSAGE, values: message, numberFormat: TEXT_FORMAT },
    ],
  };
}

