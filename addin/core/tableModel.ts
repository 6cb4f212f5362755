// What one dataset looks like on its worksheet, decided entirely here so the Excel adapter only
// executes it: title and stamp rows, one named table with typed, formatted columns, conditional
// formats with concrete A1 formulas, and small aggregated blocks that charts are drawn from.
import type { DatasetAnswer } from '../../pipeline/model/wire';
import type { Column } from '../../pipeline/warehouse/values';
import { blockAddress, columnLetter } from './address';
import { toCell, type CellValue } from './cells';
import { columnWidthPoints, numberFormatFor } from './columnFormats';
import { headerLabel } from './headers';
import { BOOLEAN_LABELS_ZH, CODE_COLUMNS, codeLabel, dataWarningText } from './codeLabels';
import { t, type Locale } from './i18n';

/** Rows above the table: title, stamp, one blank row. The header sits on row 4 (index 3). */
export const HEADER_ROW = 3;
/** Data rows a worksheet holds under the header (Excel: 1,048,576 rows in all). */
export const SHEET_BODY_ROWS = 1_048_576 - (HEADER_ROW + 1);
export const TITLE_ROW = 0;
export const STAMP_ROW = 1;

export interface ColumnModel {
  name: string;
  type: Column['type'];
  header: string;
  numberFormat: string;
  widthPt: number;
  hidden: boolean;
  /** Editable by the user when the sheet is protected. */
  editable: boolean;
}

export interface ConditionalFormatModel {
  /** Why the rule exists (kept for tests and docs; not written to Excel). */
  purpose: string;
  /** First and last column index (0-based, inclusive) the rule covers, over all body rows. */
  firstColumn: number;
  lastColumn: number;
  /** Custom-rule formula, relative to the first body cell of the covered range. */
  formula: string;
  fill?: string;
  fontColor?: string;
  /** A number format the rule applies (Excel combines it with other rules' fills). */
  numberFormat?: string;
}

export type ChartKind = 'Pie' | 'ColumnClustered' | 'BarClustered' | 'Line';

export interface ChartModel {
  name: string;
  kind: ChartKind;
  title: string;
  /** Header of the data block: category label, then one label per series (a line chart may have several). */
  header: [string, ...string[]];
  /** Category, then one value per series (null: no point, a gap in the line). */
  rows: Array<[string, ...Array<number | null>]>;
  valueFormat: string;
  /** 0-based column where the data block starts (the chart sits beside it). */
  column: number;
  /** 0-based row of the data block's header. */
  row: number;
}

export interface TableModel {
  dataset: string;
  sheetName: string;
  tableName: string;
  title: string;
  stamp: string;
  headerRow: number;
  columns: ColumnModel[];
  body: CellValue[][];
  conditionalFormats: ConditionalFormatModel[];
  charts: ChartModel[];
  /** Protect the sheet so that only `editable` columns accept typing (a UX guard, not security). */
  protect: boolean;
  /** Rows frozen at the top (title, stamp, blank, header). */
  freezeRows: number;
  /** Key columns frozen at the left (0: none), so they stay in view while scrolling right. */
  freezeColumns: number;
}

/** A dataset result as the API returns it (only what the sheet needs; a number version from older servers). */
export type DatasetPayload = Pick<DatasetAnswer, 'dataset' | 'params' | 'columns' | 'rows'> & Partial<Pick<DatasetAnswer, 'warnings'>> & { data_version: DatasetAnswer['data_version'] | number };

/** Extra columns and rules one dataset adds (the stock sheet's editable columns, its charts…). */
export interface Presentation {
  sheetTitle(locale: Locale): string;
  /** Columns appended after the API's columns, with their values per row. */
  extraColumns?: Array<{ column: Column; hidden: boolean; editable: boolean; value(row: unknown[], columns: Column[]): unknown; /** Room for what will be written later (statuses, messages). */ minWidthPt?: number; /** Instead of the type's format. */ numberFormat?: string }>;
  hiddenColumns?: string[];
  /**
   * Sheet column order: these first (when present), then the other visible columns in API order,
   * then the hidden ones. Without it, columns keep the API's order (extras appended).
   */
  columnOrder?: string[];
  /** How many leading columns stay frozen (the row keys a user reads while editing). */
  freezeColumns?: number;
  /** Helper columns nobody reads (sort keys, empty ids): hidden like the baseline columns. */
  hideColumn?(column: Column, values: readonly unknown[]): boolean;
  /** A line for the stamp row, e.g. why the result is empty. */
  note?: string;
  /** The stamp's first part when the usual "data version · parameters" does not apply (the ledger). */
  stampText?(locale: Locale, at: string, rows: number): string;
  conditionalFormats?(ctx: RuleContext): ConditionalFormatModel[];
  charts?(ctx: RuleContext): Array<Omit<ChartModel, 'column' | 'row'>>;
  protect?: boolean;
}

/** What rules and charts may look at: column positions and the raw rows. */
export interface RuleContext {
  locale: Locale;
  columns: Column[];
  rows: unknown[][];
  /** 0-based index of a column by name, or -1. */
  index(name: string): number;
  /** `$F5`: absolute column, relative row, pointing at the first body row. */
  ref(name: string): string;
  /** Index of the first present column among candidates, or -1. */
  pick(...names: string[]): number;
  /** Rows of an auxiliary query made for a chart (see datasets.auxiliaryQuery), when there is one. */
  auxiliary?: { columns: Column[]; rows: unknown[][] };
  /** A formula test that a boolean column's cell is `value`, as the sheet writes it in this locale. */
  isBool(name: string, value: boolean): string;
}

/**
 * One API value as the sheet shows it. A Chinese sheet shows code values (NO_DEMAND, dead…) and
 * TRUE/FALSE in Chinese; an English sheet keeps them as the API sends them.
 */
export function sheetCell(value: unknown, column: Column, locale: Locale): CellValue {
  if (locale === 'zh-CN') {
    if (column.type === 'boolean' && typeof value === 'boolean') return BOOLEAN_LABELS_ZH[value ? 'true' : 'false'];
    if (column.type === 'string' && typeof value === 'string' && CODE_COLUMNS.has(column.name)) return toCell(codeLabel(value, locale), 'string');
  }
  return toCell(value, column.type);
}

export function tableNameFor(dataset: string): string {
  return `Crossdock_${dataset}`;
}

function formatParams(params: Record<string, unknown>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(', ') : '—';
}

/** '2026-11-26 17:05' in UTC. */
export function formatUtc(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ');
}

/** Makes header labels unique (Excel renames duplicates itself, which would break lookups). */
function uniqueHeaders(labels: string[], names: string[]): string[] {
  const seen = new Map<string, number>();
  labels.forEach((l) => seen.set(l.toLowerCase(), (seen.get(l.toLowerCase()) ?? 0) + 1));
  return labels.map((l, i) => ((seen.get(l.toLowerCase()) ?? 0) > 1 ? `${l} (${names[i]})` : l));
}

export interface BuildOptions {
  locale: Locale;
  now: Date;
  presentation: Presentation;
  auxiliary?: { columns: Column[]; rows: unknown[][] };
}

export function buildTableModel(payload: DatasetPayload, { locale, now, presentation, auxiliary }: BuildOptions): TableModel {
  const extras = presentation.extraColumns ?? [];
  const unordered: Column[] = [...payload.columns, ...extras.map((e) => e.column)];
  const hidden = new Set([...(presentation.hiddenColumns ?? []), ...extras.filter((e) => e.hidden).map((e) => e.column.name)]);
  if (presentation.hideColumn) {
    payload.columns.forEach((c, i) => {
      if (presentation.hideColumn?.(c, payload.rows.map((r) => r[i]))) hidden.add(c.name);
    });
  }
  const editable = new Set(extras.filter((e) => e.editable).map((e) => e.column.name));
  const order = sheetOrder(unordered, presentation.columnOrder, hidden);
  const columns = order.map((i) => unordered[i]);

  const withExtras = extras.length
    ? payload.rows.map((r) => [...r, ...extras.map((e) => e.value(r, payload.columns))])
    : payload.rows;
  const rawRows = presentation.columnOrder ? withExtras.map((r) => order.map((i) => r[i])) : withExtras;
  const body = rawRows.map((r) => columns.map((c, i) => sheetCell(r[i], c, locale)));

  const headers = uniqueHeaders(columns.map((c) => headerLabel(c.name, locale)), columns.map((c) => c.name));
  const columnModels: ColumnModel[] = columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    header: headers[i],
    numberFormat: extras.find((e) => e.column.name === c.name)?.numberFormat ?? numberFormatFor(c),
    widthPt: Math.max(columnWidthPoints(c, headers[i], rawRows.map((r) => r[i])), extras.find((e) => e.column.name === c.name)?.minWidthPt ?? 0),
    hidden: hidden.has(c.name),
    editable: editable.has(c.name),
  }));

  const index = (name: string) => columns.findIndex((c) => c.name === name);
  const ctx: RuleContext = {
    locale,
    columns,
    rows: rawRows,
    index,
    ref: (name) => `$${columnLetter(index(name))}${HEADER_ROW + 2}`,
    pick: (...names) => names.map(index).find((i) => i >= 0) ?? -1,
    auxiliary,
    isBool: (name, value) => {
      const ref = `$${columnLetter(index(name))}${HEADER_ROW + 2}`;
      const word = value ? 'TRUE' : 'FALSE';
      return locale === 'zh-CN' ? `OR(${ref}=${word},${ref}="${BOOLEAN_LABELS_ZH[value ? 'true' : 'false']}")` : `${ref}=${word}`;
    },
  };

  const chartColumn = columns.length + 1;
  let chartRow = HEADER_ROW;
  const charts = (presentation.charts?.(ctx) ?? []).filter((c) => c.rows.length > 0).map((c) => {
    const placed: ChartModel = { ...c, column: chartColumn, row: chartRow };
    // Each chart block gets its rows plus room for the chart drawn beside it (~18 rows tall).
    chartRow += Math.max(c.rows.length + 2, 20);
    return placed;
  });

  return {
    dataset: payload.dataset,
    sheetName: presentation.sheetTitle(locale),
    tableName: tableNameFor(payload.dataset),
    title: presentation.sheetTitle(locale),
    stamp: [
      presentation.stampText ? presentation.stampText(locale, formatUtc(now), payload.rows.length) : t(locale, 'sheet.refreshed', { at: formatUtc(now), version: String(payload.data_version), params: formatParams(payload.params) }),
      ...(presentation.note ? [`⚠ ${presentation.note}`] : []),
      ...(payload.warnings ?? []).map((warning) => `⚠ ${dataWarningText(warning, locale)}`),
    ].join(' · '),
    headerRow: HEADER_ROW,
    columns: columnModels,
    body,
    conditionalFormats: presentation.conditionalFormats?.(ctx) ?? [],
    charts,
    protect: presentation.protect ?? false,
    freezeRows: HEADER_ROW + 1,
    freezeColumns: Math.min(presentation.freezeColumns ?? 0, columns.length),
  };
}

/** Positions of `columns` in sheet order (see Presentation.columnOrder). */
function sheetOrder(columns: readonly Column[], leading: readonly string[] | undefined, hidden: ReadonlySet<string>): number[] {
  const all = columns.map((_, i) => i);
  if (!leading) return all;
  const first = leading.map((n) => columns.findIndex((c) => c.name === n)).filter((i) => i >= 0);
  const rest = all.filter((i) => !first.includes(i));
  return [...first, ...rest.filter((i) => !hidden.has(columns[i].name)), ...rest.filter((i) => hidden.has(columns[i].name))];
}

/** A1 address of the whole table (header + body) in a model. */
export function tableAddress(model: Pick<TableModel, 'headerRow' | 'columns' | 'body'>): string {
  // A table always has at least one body row; an empty result keeps one blank row.
  return blockAddress(model.headerRow, 0, Math.max(1, model.body.length) + 1, model.columns.length);
}
