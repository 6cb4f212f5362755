// The in-memory workbook behind the fake Excel API: sheets of cells, tables, conditional
// formats, charts, protection. It models the behaviours that bite real add-ins (excel-addin.md
// §2.1, §3, §4): strings starting with = + - @ become formulas unless quote-prefixed, numeric
// text is coerced unless the cell is Text-formatted, shapes must match, locked cells of a
// protected sheet refuse writes, protect() twice is AccessDenied.
import { columnLetter } from '../../../addin/core/address';

export { columnLetter };

export type Cell = string | number | boolean;

export class FakeExcelError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
  }
}

export interface Rect {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;


function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 'A1', 'B2:D9', 'Sheet1!A1:B2', 'A:C' → a rectangle (sheet name ignored; resolved by caller). */
export function parseAddress(address: string): Rect {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [a, b] = local.replace(/\$/g, '').split(':');
  const cell = (s: string) => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(s);
    if (!m) throw new FakeExcelError('InvalidArgument', `bad address ${address}`);
    return { c: m[1] ? columnIndex(m[1]) : null, r: m[2] ? Number(m[2]) - 1 : null };
  };
  const p = cell(a);
  const q = cell(b ?? a);
  const r0 = p.r ?? 0;
  const r1 = q.r ?? MAX_ROWS - 1;
  const c0 = p.c ?? 0;
  const c1 = q.c ?? MAX_COLUMNS - 1;
  return { row: Math.min(r0, r1), column: Math.min(c0, c1), rowCount: Math.abs(r1 - r0) + 1, columnCount: Math.abs(c1 - c0) + 1 };
}

export function rectAddress(sheet: string, r: Rect): string {
  const a = `${columnLetter(r.column)}${r.row + 1}`;
  const b = `${columnLetter(r.column + r.columnCount - 1)}${r.row + r.rowCount}`;
  const quoted = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${a === b ? a : `${a}:${b}`}`;
}

function intersects(a: Rect, b: Rect): boolean {
  return a.row < b.row + b.rowCount && b.row < a.row + a.rowCount && a.column < b.column + b.columnCount && b.column < a.column + a.columnCount;
}

function contains(outer: Rect, r: number, c: number): boolean {
  return r >= outer.row && r < outer.row + outer.rowCount && c >= outer.column && c < outer.column + outer.columnCount;
}

export interface TableMeta {
  id: number;
  name: string;
  sheet: FakeSheet;
  rect: Rect; // header row included
  style: string;
  showFilterButton: boolean;
}

export interface ConditionalFormatMeta {
  rect: Rect;
  type: string;
  formula: string;
  fill: string | null;
  font: string | null;
  numberFormat: string | null;
}

export interface ChartMeta {
  name: string;
  type: string;
  source: Rect;
  title: string;
  seriesBy: string;
  topLeft: string | null;
  bottomRight: string | null;
}

export interface ProtectionOptions {
  allowAutoFilter?: boolean;
  allowSort?: boolean;
  allowFormatColumns?: boolean;
  allowFormatRows?: boolean;
  [k: string]: unknown;
}

export type CellKind = 'empty' | 'text' | 'number' | 'boolean' | 'formula';

/** What a cell holds: the tests ask this ("did this hostile string stay text?"). */
export interface CellInfo {
  value: Cell;
  kind: CellKind;
  formula: string | null;
  numberFormat: string;
  /** The user typed / we wrote it with a leading apostrophe. */
  quotePrefix: boolean;
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export class FakeSheet {
  readonly values: Cell[][] = [];
  readonly formats: string[][] = [];
  readonly formulas = new Map<string, string>();
  readonly quotePrefix = new Set<string>();
  readonly columnWidths = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  readonly conditionalFormats: ConditionalFormatMeta[] = [];
  readonly charts: ChartMeta[] = [];
  readonly unlocked: Rect[] = [];
  frozenRows = 0;
  frozenColumns = 0;
  protected = false;
  protectionOptions: ProtectionOptions | null = null;
  tabColor = '';

  constructor(public name: string, readonly id: number) {}

  private key(r: number, c: number): string {
    return `${r},${c}`;
  }

  raw(r: number, c: number): Cell {
    return this.values[r]?.[c] ?? '';
  }

  format(r: number, c: number): string {
    return this.formats[r]?.[c] ?? 'General';
  }

  info(r: number, c: number): CellInfo {
    const value = this.raw(r, c);
    const formula = this.formulas.get(this.key(r, c)) ?? null;
    const kind: CellKind = formula !== null ? 'formula' : value === '' ? 'empty' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';
    return { value, kind, formula, numberFormat: this.format(r, c), quotePrefix: this.quotePrefix.has(this.key(r, c)) };
  }

  private assertWritable(rect: Rect): void {
    if (!this.protected) return;
    for (let r = rect.row; r < rect.row + rect.rowCount; r++)
      for (let c = rect.column; c < rect.column + rect.columnCount; c++)
        if (!this.unlocked.some((u) => contains(u, r, c)))
          throw new FakeExcelError('AccessDenied', `cell ${columnLetter(c)}${r + 1} of protected sheet "${this.name}" is locked`);
  }

  assertUnprotected(what: string): void {
    if (this.protected) throw new FakeExcelError('AccessDenied', `${what} is not allowed on protected sheet "${this.name}"`);
  }

  /** Writes one value the way Excel interprets `Range.values`. */
  private setValue(r: number, c: number, v: unknown): void {
    const k = this.key(r, c);
    this.formulas.delete(k);
    this.quotePrefix.delete(k);
    let out: Cell;
    if (v === null || v === undefined) return; // null in a values array leaves the cell unchanged
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new FakeExcelError('InvalidArgument', `not a finite number at ${columnLetter(c)}${r + 1}`);
      out = v;
    } else if (typeof v === 'boolean') out = v;
    else if (typeof v === 'string') {
      if (v.startsWith("'")) {
        out = v.slice(1);
        this.quotePrefix.add(k);
      } else if (/^[=+\-@]/.test(v) && v.length > 1) {
        // The injection risk: Excel parses this as a formula (its value is whatever it computes).
        this.formulas.set(k, v.startsWith('=') ? v : `=${v}`);
        out = v;
      } else if (this.format(r, c) !== '@' && NUMERIC_TEXT.test(v.trim())) {
        out = Number(v.trim()); // "00123" silently becomes 123 unless the cell is Text
      } else if (v.length > 32_767) {
        throw new FakeExcelError('InvalidArgument', `text longer than 32767 characters at ${columnLetter(c)}${r + 1}`);
      } else out = v;
    } else throw new FakeExcelError('InvalidArgument', `unsupported value type ${typeof v}`);
    (this.values[r] ??= [])[c] = out;
  }

  writeValues(rect: Rect, rows: unknown): void {
    checkShape(rect, rows, 'values');
    this.assertWritable(rect);
    const data = rows as unknown[][];
    for (let i = 0; i < rect.rowCount; i++) for (let j = 0; j < rect.columnCount; j++) this.setValue(rect.row + i, rect.column + j, data[i][j]);
  }

  writeFormats(rect: Rect, rows: unknown): void {
    checkShape(rect, rows, 'numberFormat');
    this.assertWritable(rect);
    const data = rows as unknown[][];
    for (let i = 0; i < rect.rowCount; i++) {
      const line = (this.formats[rect.row + i] ??= []);
      for (let j = 0; j < rect.columnCount; j++) {
        const f = data[i][j];
        if (typeof f !== 'string') throw new FakeExcelError('InvalidArgument', 'number formats must be strings');
        checkNumberFormat(f);
        line[rect.column + j] = f;
      }
    }
  }

  readValues(rect: Rect): Cell[][] {
    const out: Cell[][] = [];
    for (let i = 0; i < rect.rowCount; i++) {
      const line: Cell[] = [];
      for (let j = 0; j < rect.columnCount; j++) line.push(this.raw(rect.row + i, rect.column + j));
      out.push(line);
    }
    return out;
  }

  readFormats(rect: Rect): string[][] {
    const out: string[][] = [];
    for (let i = 0; i < rect.rowCount; i++) {
      const line: string[] = [];
      for (let j = 0; j < rect.columnCount; j++) line.push(this.format(rect.row + i, rect.column + j));
      out.push(line);
    }
    return out;
  }

  clear(rect: Rect, applyTo: string): void {
    const bounded = this.bound(rect);
    this.assertWritable(bounded);
    for (let r = bounded.row; r < bounded.row + bounded.rowCount; r++) {
      for (let c = bounded.column; c < bounded.column + bounded.columnCount; c++) {
        const k = this.key(r, c);
        if (applyTo !== 'Formats') {
          if (this.values[r]) delete this.values[r][c];
          this.formulas.delete(k);
          this.quotePrefix.delete(k);
        }
        if (applyTo !== 'Contents' && this.formats[r]) delete this.formats[r][c];
      }
    }
    if (applyTo !== 'Contents') {
      for (let i = this.conditionalFormats.length - 1; i >= 0; i--) if (intersects(this.conditionalFormats[i].rect, bounded)) this.conditionalFormats.splice(i, 1);
    }
  }

  /** The used area, so whole-column operations stay cheap. */
  usedRect(): Rect | null {
    let lastRow = -1;
    let lastCol = -1;
    for (let r = 0; r < this.values.length; r++) {
      const line = this.values[r];
      if (!line) continue;
      for (let c = 0; c < line.length; c++) {
        if (line[c] !== undefined && line[c] !== '') {
          lastRow = Math.max(lastRow, r);
          lastCol = Math.max(lastCol, c);
        }
      }
    }
    return lastRow < 0 ? null : { row: 0, column: 0, rowCount: lastRow + 1, columnCount: lastCol + 1 };
  }

  private bound(rect: Rect): Rect {
    const rows = Math.max(this.values.length, this.formats.length);
    const rowCount = Math.max(0, Math.min(rect.rowCount, rows - rect.row));
    return { ...rect, rowCount };
  }

  setLocked(rect: Rect, locked: boolean): void {
    this.assertUnprotected('changing cell protection');
    if (locked) {
      for (let i = this.unlocked.length - 1; i >= 0; i--) if (intersects(this.unlocked[i], rect)) this.unlocked.splice(i, 1);
    } else this.unlocked.push(rect);
  }

  isLocked(r: number, c: number): boolean {
    return !this.unlocked.some((u) => contains(u, r, c));
  }
}

/** What may stand in [brackets] of a number format: a colour, a condition, a locale, elapsed time. */
const FORMAT_BRACKET = /^(Black|Blue|Cyan|Green|Magenta|Red|White|Yellow|Color\d{1,2}|[<>=]{1,2}-?\d+(\.\d+)?|\$[^\]]*|[hms]+)$/i;

/**
 * Excel refuses a number format it cannot parse (InvalidArgument): at most four sections, quotes
 * and brackets closed, known bracket codes, and text (@) only in the last section.
 */
export function checkNumberFormat(format: string): void {
  const bad = (why: string) => new FakeExcelError('InvalidArgument', `number format ${JSON.stringify(format)}: ${why}`);
  if (format === 'General' || format === '@') return;
  const sections: string[] = [];
  let current = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      if (end < 0) throw bad('a quote is not closed');
      current += format.slice(i, end + 1);
      i = end;
    } else if (ch === '\\') {
      current += format.slice(i, i + 2);
      i++;
    } else if (ch === '[') {
      const end = format.indexOf(']', i + 1);
      if (end < 0) throw bad('a bracket is not closed');
      if (!FORMAT_BRACKET.test(format.slice(i + 1, end))) throw bad(`[${format.slice(i + 1, end)}] is not a colour, condition or locale`);
      current += format.slice(i, end + 1);
      i = end;
    } else if (ch === ';') {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  if (sections.length > 4) throw bad('more than four sections');
  if (sections.slice(0, -1).some((s) => s.replace(/"[^"]*"/g, '').includes('@'))) throw bad('@ (text) only in the last section');
}

function checkShape(rect: Rect, rows: unknown, what: string): void {
  if (!Array.isArray(rows) || rows.length !== rect.rowCount || rows.some((r) => !Array.isArray(r) || r.length !== rect.columnCount)) {
    const got = Array.isArray(rows) ? `${rows.length}×${Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : '?'}` : typeof rows;
    throw new FakeExcelError('InvalidArgument', `${what}: the range is ${rect.rowCount}×${rect.columnCount} but the array is ${got}`);
  }
}

export interface BatchRecord {
  bytes: number;
  operations: number;
}

/** The whole fake workbook plus the request statistics the benchmark reports. */
export class FakeWorkbookModel {
  readonly sheets: FakeSheet[] = [];
  readonly tables: TableMeta[] = [];
  readonly batches: BatchRecord[] = [];
  activeSheet: FakeSheet | null = null;
  /** What Range.select() selected last (Excel selects on the active sheet only). */
  selection: { sheet: FakeSheet; rect: Rect } | null = null;
  private nextId = 1;
  /** The ExcelApi version this Excel supports: newer members fail with ApiNotFound. */
  apiVersion = '1.13';
  /** Excel on the web: 5 MB per request and per response. */
  maxRequestBytes = 5_000_000;
  maxResponseBytes = 5_000_000;

  addSheet(name: string): FakeSheet {
    if (this.findSheet(name)) throw new FakeExcelError('ItemAlreadyExists', `a sheet named "${name}" exists`);
    // Excel's rules: ≤ 31 characters, none of : \ / ? * [ ], no apostrophe first or last, not "History".
    if (name.length > 31 || /[:\\/?*[\]]/.test(name) || name.trim() === '' || /^'|'$/.test(name) || name.toLowerCase() === 'history') throw new FakeExcelError('InvalidArgument', `invalid sheet name "${name}"`);
    const s = new FakeSheet(name, this.nextId++);
    this.sheets.push(s);
    this.activeSheet ??= s;
    return s;
  }

  findSheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  sheet(name: string): FakeSheet {
    const s = this.findSheet(name);
    if (!s) throw new Error(`no sheet "${name}" (have: ${this.sheets.map((x) => x.name).join(', ')})`);
    return s;
  }

  findTable(name: string): TableMeta | undefined {
    return this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  addTable(sheet: FakeSheet, rect: Rect, hasHeaders: boolean): TableMeta {
    sheet.assertUnprotected('adding a table');
    for (const t of this.tables) if (t.sheet === sheet && intersects(t.rect, rect)) throw new FakeExcelError('InvalidArgument', `the range overlaps table ${t.name}`);
    let full = rect;
    if (!hasHeaders) {
      full = { ...rect, row: rect.row - 1, rowCount: rect.rowCount + 1 };
    }
    if (full.rowCount < 2) full = { ...full, rowCount: 2 };
    // Excel makes header names unique and non-blank by renaming: Column1, Name2, …
    const seen = new Set<string>();
    for (let j = 0; j < full.columnCount; j++) {
      let h = String(sheet.raw(full.row, full.column + j)).trim();
      if (h === '' || !hasHeaders) h = `Column${j + 1}`;
      let candidate = h;
      for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = `${h}${n}`;
      seen.add(candidate.toLowerCase());
      if (candidate !== sheet.raw(full.row, full.column + j)) {
        sheet.formulas.delete(`${full.row},${full.column + j}`);
        (sheet.values[full.row] ??= [])[full.column + j] = candidate;
      }
    }
    const meta: TableMeta = { id: this.nextId++, name: `Table${this.nextId}`, sheet, rect: full, style: 'TableStyleMedium2', showFilterButton: true };
    this.tables.push(meta);
    return meta;
  }

  deleteTable(meta: TableMeta): void {
    meta.sheet.assertUnprotected('deleting a table');
    const i = this.tables.indexOf(meta);
    if (i >= 0) this.tables.splice(i, 1);
    meta.sheet.clear(meta.rect, 'All');
  }

  renameTable(meta: TableMeta, name: string): void {
    // Excel's rules: a letter, _ or \ first, then letters, digits, _ . \; ≤ 255 characters; not a
    // cell reference (A1, R1C1) and not R or C alone.
    if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) || name.length > 255 || /^[A-Za-z]{1,3}[1-9]\d*$/.test(name) || /^R\d*C\d*$/i.test(name) || /^[RC]$/i.test(name)) throw new FakeExcelError('InvalidArgument', `invalid table name "${name}"`);
    const other = this.findTable(name);
    if (other && other !== meta) throw new FakeExcelError('ItemAlreadyExists', `a table named "${name}" exists`);
    meta.name = name;
  }

  resizeTable(meta: TableMeta, rect: Rect): void {
    meta.sheet.assertUnprotected('resizing a table');
    if (rect.row !== meta.rect.row || rect.column !== meta.rect.column) throw new FakeExcelError('InvalidArgument', 'the header row must stay where it is');
    if (rect.rowCount < 2) throw new FakeExcelError('InvalidArgument', 'a table needs a body row');
    meta.rect = rect;
  }

  /** Sheet cell values of a table as objects keyed by header, for assertions. */
  tableRecords(name: string): Array<Record<string, Cell>> {
    const t = this.findTable(name);
    if (!t) throw new Error(`no table ${name}`);
    const headers = t.sheet.readValues({ ...t.rect, rowCount: 1 })[0].map(String);
    const body = t.sheet.readValues({ ...t.rect, row: t.rect.row + 1, rowCount: t.rect.rowCount - 1 });
    return body.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])));
  }
}
