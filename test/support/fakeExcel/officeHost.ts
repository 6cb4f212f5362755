// Browser build of the fake: served in place of office.js (route interception) so the real
// production bundle runs against the in-memory workbook. Tests drive and inspect it through
// window.__fakeWorkbook. Configure before load with window.__fakeOfficeConfig.
import { createFakeExcel } from './index';
import { displayText, evaluateRule, renderSheetHtml, shownFormat } from './render';
import type { Cell } from './model';

interface FakeOfficeConfig {
  displayLanguage?: string;
  /** Highest ExcelApi version the fake host claims (default 1.13: Table.resize available). */
  excelApi?: string;
}

const w = window as unknown as { __fakeOfficeConfig?: FakeOfficeConfig; __fakeWorkbook?: unknown; Office?: unknown; Excel?: unknown };
const config: FakeOfficeConfig = w.__fakeOfficeConfig ?? {};
const fake = createFakeExcel();
// The workbook enforces the version the host claims: members newer than it fail (ApiNotFound).
fake.model.apiVersion = config.excelApi ?? '1.13';

function versionAtMost(v: string, max: string): boolean {
  const a = v.split('.').map(Number);
  const b = max.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return true;
}

const info = { host: 'Excel', platform: 'OfficeOnline' };
w.Office = {
  HostType: { Excel: 'Excel' },
  PlatformType: { OfficeOnline: 'OfficeOnline', PC: 'PC' },
  context: {
    displayLanguage: config.displayLanguage ?? 'en-US',
    requirements: { isSetSupported: (name: string, version?: string) => name === 'ExcelApi' && versionAtMost(version ?? '1.1', config.excelApi ?? '1.13') },
  },
  onReady: (cb?: (i: typeof info) => void) =>
    new Promise((resolve) => {
      setTimeout(() => {
        cb?.(info);
        resolve(info);
      }, 0);
    }),
};
w.Excel = { run: fake.run };

/** Finds the body row of a table whose `keyHeader` cell equals `key`. */
function rowOf(tableName: string, keyHeader: string, key: string): { sheet: ReturnType<typeof fake.model.sheet>; row: number; col: (h: string) => number } {
  const t = fake.model.findTable(tableName);
  if (!t) throw new Error(`no table ${tableName}`);
  const headers = t.sheet.readValues({ ...t.rect, rowCount: 1 })[0].map(String);
  const col = (h: string) => {
    const i = headers.indexOf(h);
    if (i < 0) throw new Error(`no column ${h} in ${headers.join(', ')}`);
    return t.rect.column + i;
  };
  const k = col(keyHeader);
  for (let r = t.rect.row + 1; r < t.rect.row + t.rect.rowCount; r++) if (String(t.sheet.raw(r, k)) === key) return { sheet: t.sheet, row: r, col };
  throw new Error(`no row with ${keyHeader} = ${key} in ${tableName}`);
}

w.__fakeWorkbook = {
  stats: () => fake.stats(),
  resetStats: () => {
    fake.model.batches.length = 0;
  },
  sheetNames: () => fake.model.sheets.map((s) => s.name),
  tableNames: () => fake.model.tables.map((t) => t.name),
  tableSheet: (table: string) => fake.model.findTable(table)?.sheet.name ?? null,
  tableRecords: (table: string) => fake.model.tableRecords(table),
  cell: (sheet: string, row: number, col: number) => fake.model.sheet(sheet).info(row, col),
  /** Cells of a table column with their kind (text / number / formula …). */
  columnCells: (table: string, header: string) => {
    const t = fake.model.findTable(table);
    if (!t) throw new Error(`no table ${table}`);
    const headers = t.sheet.readValues({ ...t.rect, rowCount: 1 })[0].map(String);
    const c = t.rect.column + headers.indexOf(header);
    return Array.from({ length: t.rect.rowCount - 1 }, (_, i) => t.sheet.info(t.rect.row + 1 + i, c));
  },
  sheetInfo: (sheet: string) => {
    const s = fake.model.sheet(sheet);
    return { frozenRows: s.frozenRows, frozenColumns: s.frozenColumns, protected: s.protected, columnWidths: Object.fromEntries(s.columnWidths), hiddenColumns: [...s.hiddenColumns], charts: s.charts.map((c) => ({ name: c.name, type: c.type, title: c.title })), conditionalFormats: s.conditionalFormats.length };
  },
  /** The user types into a cell (refused like Excel when the cell is locked on a protected sheet). */
  typeInto: (table: string, keyHeader: string, key: string, header: string, value: Cell) => {
    const { sheet, row, col } = rowOf(table, keyHeader, key);
    sheet.writeValues({ row, column: col(header), rowCount: 1, columnCount: 1 }, [[value]]);
  },
  /**
   * The user types a new row right under a table: Excel's table auto-expansion takes it into the
   * table. (Writes through the API do not expand a table; typing does.)
   */
  appendRow: (table: string, record: Record<string, Cell>) => {
    const t = fake.model.findTable(table);
    if (!t) throw new Error(`no table ${table}`);
    const headers = t.sheet.readValues({ ...t.rect, rowCount: 1 })[0].map(String);
    const row = t.rect.row + t.rect.rowCount;
    for (const [h, v] of Object.entries(record)) {
      const j = headers.indexOf(h);
      if (j < 0) throw new Error(`no column ${h} in ${headers.join(', ')}`);
      t.sheet.writeValues({ row, column: t.rect.column + j, rowCount: 1, columnCount: 1 }, [[v]]);
    }
    // Excel extends the table and the formats of its columns (conditional formats included).
    const last = t.rect.row + t.rect.rowCount - 1;
    for (const cf of t.sheet.conditionalFormats) if (cf.rect.row + cf.rect.rowCount - 1 === last && cf.rect.column >= t.rect.column && cf.rect.column < t.rect.column + t.rect.columnCount) cf.rect = { ...cf.rect, rowCount: cf.rect.rowCount + 1 };
    t.rect = { ...t.rect, rowCount: t.rect.rowCount + 1 };
  },
  valueAt: (table: string, keyHeader: string, key: string, header: string) => {
    const { sheet, row, col } = rowOf(table, keyHeader, key);
    return sheet.raw(row, col(header));
  },
  fillAt: (table: string, keyHeader: string, key: string, header: string) => {
    const { sheet, row, col } = rowOf(table, keyHeader, key);
    return evaluateRule(sheet, row, col(header))?.fill ?? null;
  },
  renderHtml: (sheet: string, maxRows?: number) => renderSheetHtml(fake.model, sheet, maxRows),
  activeSheet: () => fake.model.activeSheet?.name ?? null,
  /** The selected cell as sheet name + table header + the row's value in `keyHeader`. */
  selection: (table: string, keyHeader: string) => {
    const sel = fake.model.selection;
    const t = fake.model.findTable(table);
    if (!sel || !t) return null;
    const headers = t.sheet.readValues({ ...t.rect, rowCount: 1 })[0].map(String);
    return { sheet: sel.sheet.name, header: headers[sel.rect.column - t.rect.column] ?? null, key: String(sel.sheet.raw(sel.rect.row, t.rect.column + headers.indexOf(keyHeader))) };
  },
  /** Header labels of a table, left to right, and which are hidden. */
  tableHeaders: (table: string) => {
    const t = fake.model.findTable(table);
    if (!t) throw new Error(`no table ${table}`);
    return t.sheet.readValues({ ...t.rect, rowCount: 1 })[0].map((h, j) => ({ header: String(h), hidden: t.sheet.hiddenColumns.has(t.rect.column + j), width: t.sheet.columnWidths.get(t.rect.column + j) ?? null, numberFormat: t.sheet.format(t.rect.row + 1, t.rect.column + j) }));
  },
  /** What a cell shows (its value through its number format), as Excel would display it. */
  displayAt: (table: string, keyHeader: string, key: string, header: string) => {
    const { sheet, row, col } = rowOf(table, keyHeader, key);
    return displayText(sheet.raw(row, col(header)), shownFormat(sheet, row, col(header)));
  },
};
