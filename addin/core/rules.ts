// Allocation rules in Excel (issue 16, point 5): GET /api/v1/stock/rules → the Rules sheet; a
// manager edits reserve, percentage, cap and floor per scope (all, channel:<id>, listing:<id>),
// previews what the edited rules make of the Stock sheet's suggested quantities (the server's own
// allocation arithmetic, pipeline/writeback/allocation.ts), then saves through the API. Like a
// stock push: found by diffing each row against its hidden baseline, checked locally, refused when
// the rule changed on the server since the sheet was refreshed. Pure.
import type { DatasetSpec } from '../../pipeline/analytics/types';
import { effectiveRule, suggestQuantity, type AllocationRule } from '../../pipeline/writeback/allocation';
import type { StoredRule } from '../../pipeline/writeback/rules';
import type { Column } from '../../pipeline/warehouse/values';
import { safeSheetName } from './address';
import { toCell, type CellValue } from './cells';
import { INTEGER_FORMAT, TEXT_FORMAT } from './columnFormats';
import { headerLabel } from './headers';
import { t, type Locale } from './i18n';
import { PREVIEW_QUANTITY, STATUS_COLOURS, statusLabel, type ColumnWrite, type RowOutcome, type RowStatus } from './stock';
import type { ConditionalFormatModel, DatasetPayload, Presentation, RuleContext } from './tableModel';

export const RULES_DATASET = 'stock_rules';
export const RULE_FIELDS = ['reserve_units', 'available_pct', 'max_units', 'floor_units'] as const;
type RuleField = (typeof RULE_FIELDS)[number];

export const RULES_COLUMNS: Column[] = [
  { name: 'rule_id', type: 'string' },
  { name: 'reserve_units', type: 'integer' },
  { name: 'available_pct', type: 'number' },
  { name: 'max_units', type: 'integer' },
  { name: 'floor_units', type: 'integer' },
  { name: 'note', type: 'string' },
  { name: 'updated_by', type: 'string' },
  { name: 'updated_at', type: 'timestamp' },
];
/** Columns the add-in adds: the outcome of a preview or save, and the rule as the server had it. */
export const RULE_STATUS = 'rule_status';
export const RULE_MESSAGE = 'rule_message';
export const RULE_BASELINE = 'rule_baseline';
export const RULES_READ_COLUMNS = ['rule_id', ...RULE_FIELDS, 'note', RULE_STATUS, RULE_MESSAGE, RULE_BASELINE] as const;
export type RulesColumns = Record<(typeof RULES_READ_COLUMNS)[number], CellValue[]>;

export function rulesSpec(): DatasetSpec {
  return { name: RULES_DATASET, title: 'Allocation rules', description: 'One row per allocation rule: reserve, share of available, cap and floor, for all listings, a channel or one listing.', params: [], columns: RULES_COLUMNS, key: ['rule_id'] };
}

/** What a rule row held when the sheet was refreshed (kept hidden in the row, JSON). */
interface Baseline {
  reserve_units: number | null;
  available_pct: number | null;
  max_units: number | null;
  floor_units: number | null;
  note: string | null;
  updated_at: string;
  /** The server's version of the rule (sent as If-Match on save); absent in sheets of older releases. */
  etag?: string;
}

function baselineOf(rule: StoredRule): string {
  const b: Baseline = { reserve_units: rule.reserve_units, available_pct: rule.available_pct, max_units: rule.max_units, floor_units: rule.floor_units, note: rule.note, updated_at: rule.updated_at, etag: rule.etag };
  return JSON.stringify(b);
}

export function rulesPayload(rules: readonly StoredRule[], dataVersion: string): DatasetPayload {
  const rows = rules.map((r) => [r.rule_id, r.reserve_units, r.available_pct, r.max_units, r.floor_units, r.note, r.updated_by, r.updated_at, baselineOf(r)]);
  return { dataset: RULES_DATASET, params: {}, data_version: dataVersion, columns: [...RULES_COLUMNS, { name: RULE_BASELINE, type: 'string' }], rows };
}

function excelString(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function statusRules(ctx: RuleContext): ConditionalFormatModel[] {
  const i = ctx.index(RULE_STATUS);
  if (i < 0) return [];
  const statuses: RowStatus[] = ['applied', 'conflict', 'failed', 'rejected', 'invalid', 'ready'];
  return statuses.map((s) => ({ purpose: `status ${s}`, firstColumn: i, lastColumn: i + 1, formula: `=OR(${[statusLabel(s, 'en'), statusLabel(s, 'zh-CN')].map((l) => `${ctx.ref(RULE_STATUS)}=${excelString(l)}`).join(',')})`, fill: STATUS_COLOURS[s].fill, fontColor: STATUS_COLOURS[s].font }));
}

/**
 * Not protected: a manager adds a rule by typing a row under the table (Excel extends it), and
 * deletes one by clearing its four values. The server checks every value again.
 */
export function rulesPresentation(): Presentation {
  return {
    sheetTitle: (locale) => safeSheetName(locale === 'zh-CN' ? '分配规则' : 'Rules'),
    extraColumns: [
      { column: { name: RULE_STATUS, type: 'string' }, hidden: false, editable: false, value: () => null, minWidthPt: 90 },
      { column: { name: RULE_MESSAGE, type: 'string' }, hidden: false, editable: false, value: () => null, minWidthPt: 240 },
    ],
    hiddenColumns: [RULE_BASELINE],
    columnOrder: ['rule_id', ...RULE_FIELDS, 'note', RULE_STATUS, RULE_MESSAGE, 'updated_by', 'updated_at'],
    freezeColumns: 1,
    stampText: (locale, at, rows) => t(locale, 'rules.stamp', { at, count: rows }),
    conditionalFormats: statusRules,
  };
}

/** One rule as the sheet now says it should be. */
export interface RuleChange {
  row: number;
  rule_id: string;
  kind: 'put' | 'delete';
  body: Pick<AllocationRule, RuleField> & { note: string | null };
  /** When the server last changed the rule as this sheet knows it; null for a new rule. */
  baseline_updated_at: string | null;
  /** The server's version of the rule as this sheet knows it (If-Match); null for a new rule or an older sheet. */
  baseline_etag: string | null;
}

export interface RulesDiff {
  changes: RuleChange[];
  invalid: RowOutcome[];
  /** Every rule as the edited sheet has it (invalid rows keep their baseline): for the preview. */
  rules: AllocationRule[];
}

const RULE_ID = /^(all|channel:[a-z][a-z0-9_]{0,31}|listing:\S+)$/;

function blank(v: CellValue | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function scopeOf(id: string): Pick<AllocationRule, 'rule_scope' | 'channel' | 'listing_id'> {
  if (id === 'all') return { rule_scope: 'all', channel: null, listing_id: null };
  const [kind, ...rest] = id.split(':');
  return kind === 'channel' ? { rule_scope: 'channel', channel: rest.join(':'), listing_id: null } : { rule_scope: 'listing', channel: null, listing_id: rest.join(':') };
}

/** A cell → the field's value (null when blank), or the reason it cannot be one. */
function fieldValue(field: RuleField, v: CellValue): { value: number | null } | { error: 'notWhole' | 'pct' } {
  if (blank(v)) return { value: null };
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (field === 'available_pct') return Number.isFinite(n) && n >= 0 && n <= 100 ? { value: n } : { error: 'pct' };
  return Number.isInteger(n) && n >= 0 ? { value: n } : { error: 'notWhole' };
}

/** Finds the rule rows that differ from what the server had, checks them, and builds the edited rule set. */
export function diffRules(cols: RulesColumns, locale: Locale): RulesDiff {
  const changes: RuleChange[] = [];
  const invalid: RowOutcome[] = [];
  const rules: AllocationRule[] = [];
  const seen = new Map<string, number>();
  for (let row = 0; row < cols.rule_id.length; row++) {
    const id = String(cols.rule_id[row] ?? '').trim();
    const baseline = blank(cols[RULE_BASELINE][row]) ? null : (JSON.parse(String(cols[RULE_BASELINE][row])) as Baseline);
    const values = RULE_FIELDS.map((f) => [f, fieldValue(f, cols[f][row])] as const);
    const note = blank(cols.note[row]) ? null : String(cols.note[row]);
    const empty = values.every(([, v]) => 'value' in v && v.value === null) && note === null;
    if (id === '' && empty) continue;
    const bad = (key: Parameters<typeof t>[1], params = {}) => invalid.push({ row, status: 'invalid', message: t(locale, key, params) });
    const keepBaseline = () => {
      if (baseline && RULE_ID.test(id)) rules.push({ rule_id: id, ...scopeOf(id), reserve_units: baseline.reserve_units, available_pct: baseline.available_pct, max_units: baseline.max_units, floor_units: baseline.floor_units });
    };
    if (!RULE_ID.test(id)) {
      bad('rules.badId', { id });
      continue;
    }
    if (seen.has(id)) {
      bad('rules.duplicate', { id, row: (seen.get(id) as number) + 1 });
      continue;
    }
    seen.set(id, row);
    const wrong = values.find(([, v]) => 'error' in v);
    if (wrong) {
      bad('error' in wrong[1] && wrong[1].error === 'pct' ? 'rules.badPct' : 'rules.notWhole', { field: headerLabel(wrong[0], locale) });
      keepBaseline();
      continue;
    }
    const body = { ...(Object.fromEntries(values.map(([f, v]) => [f, 'value' in v ? v.value : null])) as Pick<AllocationRule, RuleField>), note };
    const allBlank = RULE_FIELDS.every((f) => body[f] === null);
    if (allBlank && baseline === null) continue; // a new row with only a note: nothing to save
    const same = baseline !== null && RULE_FIELDS.every((f) => body[f] === baseline[f]) && (body.note ?? null) === (baseline.note ?? null);
    const known = { baseline_updated_at: baseline?.updated_at ?? null, baseline_etag: baseline?.etag ?? null };
    if (allBlank) changes.push({ row, rule_id: id, kind: 'delete', body, ...known });
    else {
      if (!same) changes.push({ row, rule_id: id, kind: 'put', body, ...known });
      rules.push({ rule_id: id, ...scopeOf(id), ...body });
    }
  }
  return { changes, invalid, rules };
}

/** Same edits → same fingerprint: Save refuses when the sheet changed after the preview. */
export function rulesFingerprint(changes: readonly RuleChange[]): string {
  return changes.map((c) => `${c.rule_id}\u0001${c.kind}\u0001${JSON.stringify(c.body)}`).sort().join('\u0002');
}

/** The stock rows a preview reads: which listing, on which channel, fed by how many units. */
export interface StockForPreview {
  listing: CellValue[];
  channel: CellValue[];
  available_units: CellValue[];
  editable: CellValue[];
  suggested_quantity: CellValue[];
}

/** The suggested quantity of every stock row under `rules`; null where no suggestion is made. */
export function previewSuggested(stock: StockForPreview, rules: readonly AllocationRule[]): { values: Array<number | null>; changed: number } {
  let changed = 0;
  const values = stock.listing.map((l, i) => {
    const editable = !(stock.editable[i] === false || String(stock.editable[i]).toUpperCase() === 'FALSE' || stock.editable[i] === '否');
    const available = typeof stock.available_units[i] === 'number' ? (stock.available_units[i] as number) : null;
    // Rows nobody may set get no suggestion (the server's rule, sql/analytics/stock.sql step 5).
    const next = editable ? suggestQuantity(available, effectiveRule([...rules], { listing_id: String(l), channel: String(stock.channel[i]) })) : null;
    const before = typeof stock.suggested_quantity[i] === 'number' ? stock.suggested_quantity[i] : null;
    if (next !== before) changed++;
    return next;
  });
  return { values, changed };
}

/** The preview column written into the stock table. */
export function previewWrite(values: ReadonlyArray<number | null>): ColumnWrite {
  return { name: PREVIEW_QUANTITY, values: values.map((v) => toCell(v, 'integer')), numberFormat: INTEGER_FORMAT };
}


/** Status, message and (for saved rows) baseline writes into the Rules table. */
export function rulesColumnWrites(cols: RulesColumns, outcomes: ReadonlyArray<RowOutcome & { baseline?: string }>, locale: Locale): ColumnWrite[] {
  const status = [...cols[RULE_STATUS]];
  const message = [...cols[RULE_MESSAGE]];
  const baseline = [...cols[RULE_BASELINE]];
  for (const o of outcomes) {
    status[o.row] = statusLabel(o.status, locale);
    message[o.row] = o.message;
    if (o.baseline !== undefined) baseline[o.row] = o.baseline;
  }
  const text = (vs: CellValue[]) => vs.map((v) => toCell(v === '' ? null : v, 'string'));
  return [
    { name: RULE_STATUS, values: text(status), numberFormat: TEXT_FORMAT },
    { name: RULE_MESSAGE, values: text(message), numberFormat: TEXT_FORMAT },
    { name: RULE_BASELINE, values: text(baseline), numberFormat: TEXT_FORMAT },
  ];
}

/** A saved rule's new baseline (what the server now holds). */
export function savedBaseline(rule: StoredRule): string {
  return baselineOf(rule);
}
