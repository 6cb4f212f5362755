// Evaluates our custom conditional-format formulas on the fake workbook (so tests can assert
// "this row is shown red") and renders a sheet as HTML for screenshots. Supports the formula
// subset the add-in writes: AND, OR, NOT, ISNUMBER, LEFT, comparisons, A1 references.
import { columnLetter, type Cell, type ConditionalFormatMeta, type FakeSheet, type FakeWorkbookModel } from './model';

type Value = string | number | boolean;

interface Ref {
  col: number;
  row: number;
  absCol: boolean;
  absRow: boolean;
}

function parseRef(text: string): Ref | null {
  const m = /^(\$?)([A-Z]{1,3})(\$?)(\d+)$/.exec(text);
  if (!m) return null;
  let col = 0;
  for (const ch of m[2]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: col - 1, row: Number(m[4]) - 1, absCol: m[1] === '$', absRow: m[3] === '$' };
}

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ') {
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length) {
        if (src[j] === '"' && src[j + 1] === '"') {
          s += '"';
          j += 2;
        } else if (src[j] === '"') break;
        else s += src[j++];
      }
      tokens.push(`"${s}`);
      i = j + 1;
    } else if ('<>='.includes(ch)) {
      const two = src.slice(i, i + 2);
      if (two === '<>' || two === '<=' || two === '>=') {
        tokens.push(two);
        i += 2;
      } else {
        tokens.push(ch);
        i++;
      }
    } else if ('(),'.includes(ch)) {
      tokens.push(ch);
      i++;
    } else {
      const m = /^[A-Za-z0-9_.$]+/.exec(src.slice(i));
      if (!m) throw new Error(`cannot parse formula at "${src.slice(i)}"`);
      tokens.push(m[0]);
      i += m[0].length;
    }
  }
  return tokens;
}

function blankAware(a: Value, b: Value): [Value, Value] {
  if (a === '' && typeof b === 'number') return [0, b];
  if (b === '' && typeof a === 'number') return [a, 0];
  return [a, b];
}

function compare(op: string, x: Value, y: Value): boolean {
  const [a, b] = blankAware(x, y);
  let c: number;
  if (typeof a === 'number' && typeof b === 'number') c = a - b;
  else if (typeof a === 'string' && typeof b === 'string') c = a.toLowerCase().localeCompare(b.toLowerCase());
  else if (typeof a === 'boolean' && typeof b === 'boolean') c = Number(a) - Number(b);
  else {
    // Excel orders numbers < text < booleans.
    const rank = (v: Value) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
    c = rank(a) - rank(b);
  }
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

/** Evaluates a rule formula for the cell (row, col) of a rule whose range starts at origin. */
export function evaluateFormula(sheet: FakeSheet, formula: string, origin: { row: number; column: number }, row: number, col: number): Value {
  const tokens = tokenize(formula.replace(/^=/, ''));
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${formula}`);
  };
  const cellValue = (ref: Ref): Value => {
    const r = ref.absRow ? ref.row : ref.row + (row - origin.row);
    const c = ref.absCol ? ref.col : ref.col + (col - origin.column);
    return sheet.raw(r, c) as Cell;
  };
  const primary = (): Value => {
    const tok = next();
    if (tok === undefined) throw new Error(`unexpected end of ${formula}`);
    if (tok.startsWith('"')) return tok.slice(1);
    if (tok === '(') {
      const v = comparison();
      expect(')');
      return v;
    }
    if (/^\d/.test(tok)) return Number(tok);
    const upper = tok.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return upper === 'TRUE';
    if (peek() === '(') {
      next();
      const args: Value[] = [];
      if (peek() !== ')') {
        args.push(comparison());
        while (peek() === ',') {
          next();
          args.push(comparison());
        }
      }
      expect(')');
      switch (upper) {
        case 'AND':
          return args.every((a) => a === true || (typeof a === 'number' && a !== 0));
        case 'OR':
          return args.some((a) => a === true || (typeof a === 'number' && a !== 0));
        case 'NOT':
          return !(args[0] === true);
        case 'ISNUMBER':
          return typeof args[0] === 'number';
        case 'INT':
          // Text would be #VALUE! in Excel; the rules guard INT with ISNUMBER, so pass it through.
          return typeof args[0] === 'number' ? Math.floor(args[0]) : args[0];
        case 'LEFT':
          return String(args[0]).slice(0, typeof args[1] === 'number' ? args[1] : 1);
        default:
          throw new Error(`function ${upper} is not modelled`);
      }
    }
    const ref = parseRef(upper);
    if (!ref) throw new Error(`unknown token ${tok} in ${formula}`);
    return cellValue(ref);
  };
  const comparison = (): Value => {
    const left = primary();
    const op = peek();
    if (op === '=' || op === '<>' || op === '<' || op === '>' || op === '<=' || op === '>=') {
      next();
      return compare(op, left, primary());
    }
    return left;
  };
  const v = comparison();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${formula}`);
  return v;
}

/** The first conditional format whose rule is true at (row, col), or null. */
/** Every rule that applies to the cell, in rule order (Excel applies them all; the first wins per property). */
function matchingRules(sheet: FakeSheet, row: number, col: number): ConditionalFormatMeta[] {
  return sheet.conditionalFormats.filter((cf) => {
    const r = cf.rect;
    if (row < r.row || row >= r.row + r.rowCount || col < r.column || col >= r.column + r.columnCount) return false;
    return evaluateFormula(sheet, cf.formula, r, row, col) === true;
  });
}

/** The first applying rule that colours the cell, or null. */
export function evaluateRule(sheet: FakeSheet, row: number, col: number): ConditionalFormatMeta | null {
  return matchingRules(sheet, row, col).find((cf) => cf.fill !== null || cf.font !== null) ?? null;
}

/** The number format the cell shows: an applying rule's, else the cell's own. */
export function shownFormat(sheet: FakeSheet, row: number, col: number): string {
  return matchingRules(sheet, row, col).find((cf) => cf.numberFormat !== null)?.numberFormat ?? sheet.format(row, col);
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** The text Excel would show for a value under a number format (the formats the add-in uses). */
export function displayText(value: Cell, format: string): string {
  if (typeof value !== 'number') return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : value;
  const group = (n: number, decimals: number) => n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (format === 'yyyy-mm-dd') return new Date(EXCEL_EPOCH_MS + Math.round(value) * 86_400_000).toISOString().slice(0, 10);
  if (format === 'yyyy-mm-dd hh:mm') return new Date(EXCEL_EPOCH_MS + Math.round(value * 86_400) * 1000).toISOString().slice(0, 16).replace('T', ' ');
  if (format === '0.0%') return `${(value * 100).toFixed(1)}%`;
  if (format === '0.0"%"') return `${value.toFixed(1)}%`;
  if (format === '#,##0') return group(value, 0);
  if (format.startsWith('#,##0.00')) return group(value, 2);
  if (format === '#,##0.0##') return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 3 });
  if (format === '0') return String(Math.round(value));
  return String(value);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One sheet as an HTML page: grid, table styling, rule colours, formulas in red, charts listed. */
export function renderSheetHtml(model: FakeWorkbookModel, sheetName: string, maxRows = 40, maxColumns = 40): string {
  const sheet = model.sheet(sheetName);
  const used = sheet.usedRect();
  const rows = Math.min(maxRows, used ? used.rowCount : 1);
  const cols = Math.min(maxColumns, used ? used.columnCount : 1);
  const tables = model.tables.filter((t) => t.sheet === sheet);
  const inTable = (r: number, c: number) => tables.find((t) => r >= t.rect.row && r < t.rect.row + t.rect.rowCount && c >= t.rect.column && c < t.rect.column + t.rect.columnCount);
  const visible = Array.from({ length: cols }, (_, c) => c).filter((c) => !sheet.hiddenColumns.has(c));
  const hiddenNames = [...sheet.hiddenColumns].sort((a, b) => a - b).map((c) => `${columnLetter(c)} (${String(sheet.raw(tables[0]?.rect.row ?? 0, c))})`);
  let html = `<!doctype html><meta charset="utf-8"><style>
body{font:12px "Segoe UI",Arial,"Noto Sans CJK SC",sans-serif;margin:8px}
table{border-collapse:collapse;table-layout:fixed} td,th{border:1px solid #d4d4d4;padding:2px 6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
td.over{overflow:visible;border-right-color:transparent}
th.h{background:#f3f3f3;color:#666;font-weight:normal} td.num{text-align:right} td.th{background:#4472C4;color:#fff;font-weight:bold}
tr.band td.tb{background:#D9E1F2} td.formula{background:#ff0000!important;color:#fff!important} .cap{margin:6px 0;color:#444}
.frozen td{border-bottom:2px solid #999} td.fc{border-right:2px solid #999}</style>`;
  html += `<div class="cap"><b>${esc(sheet.name)}</b> · tables: ${esc(tables.map((t) => t.name).join(', ') || '—')} · frozen rows: ${sheet.frozenRows} · frozen columns: ${sheet.frozenColumns} · protected: ${sheet.protected} · hidden columns: ${esc(hiddenNames.join(', ') || '—')}</div>`;
  // Columns as wide as the workbook says (points → pixels), so a screenshot shows real widths;
  // text outside a table spills into the empty cells to its right, as in Excel. (A fixed table
  // layout needs the table's own width.)
  const px = visible.map((c) => Math.round(((sheet.columnWidths.get(c) ?? 48) * 4) / 3));
  html += `<table style="width:${36 + px.reduce((s, w) => s + w, 0)}px"><colgroup><col style="width:36px">${px.map((w) => `<col style="width:${w}px">`).join('')}</colgroup><tr><th class="h"></th>`;
  for (const c of visible) html += `<th class="h">${columnLetter(c)}</th>`;
  html += '</tr>';
  for (let r = 0; r < rows; r++) {
    const t = tables.find((x) => x.rect.row < r && r < x.rect.row + x.rect.rowCount);
    const band = t && (r - t.rect.row) % 2 === 0 ? ' band' : '';
    html += `<tr class="${band}${r === sheet.frozenRows - 1 ? ' frozen' : ''}"><th class="h">${r + 1}</th>`;
    for (const c of visible) {
      const info = sheet.info(r, c);
      const table = inTable(r, c);
      const classes: string[] = [];
      if (table && r === table.rect.row) classes.push('th');
      else if (table) classes.push('tb');
      if (info.kind === 'number') classes.push('num');
      if (info.kind === 'formula') classes.push('formula');
      if (c === sheet.frozenColumns - 1) classes.push('fc');
      if (!table && info.kind === 'text') classes.push('over');
      const rule = evaluateRule(sheet, r, c);
      const style = rule ? ` style="background:${rule.fill ?? ''};color:${rule.font ?? ''}"` : '';
      const text = info.kind === 'formula' ? `FORMULA ${info.formula}` : displayText(info.value, shownFormat(sheet, r, c));
      html += `<td class="${classes.join(' ')}"${style} title="${esc(info.numberFormat)}">${esc(text)}</td>`;
    }
    html += '</tr>';
  }
  html += '</table>';
  for (const chart of sheet.charts) {
    const data = sheet.readValues({ ...chart.source, row: chart.source.row + 1, rowCount: chart.source.rowCount - 1 });
    const max = Math.max(1, ...data.map((d) => (typeof d[1] === 'number' ? Math.abs(d[1]) : 0)));
    html += `<div class="cap"><b>Chart “${esc(chart.title)}”</b> (${esc(chart.type)}, ${esc(chart.name)}, at ${esc(chart.topLeft ?? '?')})</div><table>`;
    for (const d of data) {
      const v = typeof d[1] === 'number' ? d[1] : 0;
      html += `<tr><td>${esc(String(d[0]))}</td><td><div style="background:#4472C4;height:10px;width:${Math.round((Math.abs(v) / max) * 240)}px"></div></td><td class="num">${esc(String(Math.round(v * 100) / 100))}</td></tr>`;
    }
    html += '</table>';
  }
  return html;
}
