// Text renderings of dataset rows for the terminal and for machines. Pure.
// Numbers show by the kind of their column, as the add-in formats them in Excel (one naming
// convention, addin/core/columnFormats.ts: money to cents, rates as %, counts as integers).
import { DURATION_FORMAT, INTEGER_FORMAT, MONEY_FORMAT, PCT_FORMAT, PLAIN_INTEGER_FORMAT, RATE_FORMAT, displayWidth, numberFormatFor } from '../../addin/core/columnFormats';
import { neutraliseFormula } from '../model/formulaText';
import type { Column } from '../warehouse/values';
import { CODE_COLUMNS } from '../../addin/core/codeLabels';

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

export interface CsvOptions {
  /**
   * Text cells a spreadsheet would run as a formula get a leading apostrophe (OWASP CSV
   * injection): a seller opens these files in Excel. Numbers are never touched. Default on;
   * `crossdock query --raw` turns it off for machines.
   */
  neutraliseFormulas?: boolean;
}

/**
 * A number as the decimal it stands for: a double carries 15 significant decimal digits exactly,
 * so rounding to 15 drops the binary noise of arithmetic (2879.7723450000003 → 2879.772345)
 * and never changes a value DuckDB stored as DECIMAL.
 */
export function exactDecimal(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** One CSV field, RFC 4180: quoted when it holds a quote, comma, line break or edge spaces. */
export function csvField(value: unknown, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return exactDecimal(value);
  const text = typeof value === 'string' && options.neutraliseFormulas !== false ? neutraliseFormula(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[], options: CsvOptions = {}): string {
  return values.map((value) => csvField(value, options)).join(',') + '\r\n';
}

function grouped(value: number, decimals: number): string {
  const rounded = Number(value.toFixed(decimals));
  return (Object.is(rounded, -0) ? 0 : rounded).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A cell as a person reads it: numbers by their column's kind, timestamps to the minute, text on one line. */
export function cellText(value: unknown, column: Column): string {
  if (value === null || value === undefined) return '';
  if ((column.type === 'number' || column.type === 'integer') && typeof value === 'number') {
    switch (numberFormatFor(column)) {
      case RATE_FORMAT:
        return `${grouped(value * 100, 1)}%`;
      case PCT_FORMAT:
        return `${grouped(value, 1)}%`;
      case INTEGER_FORMAT:
        return grouped(value, 0);
      case PLAIN_INTEGER_FORMAT:
        return String(value);
      case DURATION_FORMAT:
        return exactDecimal(Number(value.toFixed(3)));
      case MONEY_FORMAT:
      default:
        return grouped(value, 2);
    }
  }
  if (column.type === 'timestamp' && typeof value === 'string') return value.slice(0, 16).replace('T', ' ');
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

/** Text cut to `width` display cells, ending in … when cut. */
function abbreviate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…';
}

export interface FitOptions {
  /** Terminal width in characters; columns that do not fit are left out (none: all columns). */
  width?: number;
  /** Columns that stay even when the table is wider than `width` (the key, or what --columns chose). */
  keep?: readonly string[];
  /** Longest text cell, in characters; longer ones are cut with … (default 40). */
  maxCellWidth?: number;
}

export interface FittedTable {
  text: string;
  /** Columns left out because they did not fit the width, in dataset order. */
  omitted: string[];
}

const GAP = 2;

/** A column name broken after its underscores into lines of at most `width` (the lines joined give the name back). */
export function headerLines(name: string, width: number): string[] {
  const parts = name.split('_').map((part, i, all) => (i < all.length - 1 ? `${part}_` : part));
  const lines: string[] = [];
  for (const part of parts) {
    if (lines.length && displayWidth(lines[lines.length - 1] + part) <= width) lines[lines.length - 1] += part;
    else lines.push(part);
  }
  return lines;
}

/** The narrowest a header can be stacked: its longest underscore-separated part. */
const stackedWidth = (name: string) => Math.max(...headerLines(name, 0).map(displayWidth));

/**
 * An aligned text table (numbers right-aligned) for people at a terminal, fitted to its width.
 * When the table is wider than the terminal, long names stack over several lines (broken after
 * an underscore) and the columns are taken while they fit: those in `keep` first, then the
 * figures (numbers, dates, flags: what a seller reads the table for), then text; they show in
 * their given order, long text abbreviated. The rest are named in `omitted`.
 */
export function fitTable(columns: Column[], rows: unknown[][], options: FitOptions = {}): FittedTable {
  const maxCell = options.maxCellWidth ?? 40;
  const cells = rows.map((row) => columns.map((column, i) => {
    const text = cellText(row[i], column);
    return column.type === 'string' ? abbreviate(text, maxCell) : text;
  }));
  const dataWidths = columns.map((_, i) => Math.max(0, ...cells.map((r) => displayWidth(r[i]))));
  const total = (widths: number[], chosen: number[]) => chosen.reduce((sum, i) => sum + widths[i], 0) + GAP * Math.max(0, chosen.length - 1);
  const all = columns.map((_, i) => i);
  let widths = columns.map((c, i) => Math.max(dataWidths[i], displayWidth(c.name)));
  let shown = all;
  if (options.width !== undefined && total(widths, all) > options.width) {
    widths = columns.map((c, i) => Math.max(dataWidths[i], Math.min(displayWidth(c.name), stackedWidth(c.name))));
    const keep = new Set(options.keep ?? []);
    // the key, then codes (status, rule, action: short and what a row is about), then figures;
    // descriptive text (titles, reasons) gives way first
    const tier = (i: number) => (keep.has(columns[i].name) ? 0 : CODE_COLUMNS.has(columns[i].name) ? 1 : columns[i].type === 'string' ? 3 : 2);
    const priority = [0, 1, 2, 3].flatMap((t) => all.filter((i) => tier(i) === t));
    const chosen: number[] = [];
    for (const i of priority) {
      if (keep.has(columns[i].name) || total(widths, [...chosen, i]) <= options.width) chosen.push(i);
    }
    shown = all.filter((i) => chosen.includes(i));
  }
  const right = columns.map((c) => c.type === 'number' || c.type === 'integer');
  const heads = columns.map((c, i) => headerLines(c.name, widths[i]));
  const height = Math.max(1, ...shown.map((i) => heads[i].length));
  const line = (value: (i: number) => string) => shown.map((i) => (right[i] ? padStart(value(i), widths[i]) : padEnd(value(i), widths[i]))).join(' '.repeat(GAP)).trimEnd();
  // Stacked names sit on the rule, like the one-line ones.
  const header = Array.from({ length: height }, (_, row) => line((i) => heads[i][row - (height - heads[i].length)] ?? ''));
  const text = [...header, line((i) => '-'.repeat(widths[i])), ...cells.map((r) => line((i) => r[i]))].join('\n') + '\n';
  return { text, omitted: columns.filter((_, i) => !shown.includes(i)).map((c) => c.name) };
}

/** An aligned text table (numbers right-aligned) with every column. */
export function formatTable(columns: Column[], rows: unknown[][]): string {
  return fitTable(columns, rows, { maxCellWidth: Infinity }).text;
}
