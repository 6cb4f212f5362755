// Text renderings of dataset rows for the terminal and for machines. Pure.
import { neutraliseFormula } from '../model/formulaText';
import type { Column } from '../warehouse/values';

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

/** One CSV field, RFC 4180: quoted when it holds a quote, comma, line break or edge spaces. */
export function csvField(value: unknown, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' && options.neutraliseFormulas !== false ? neutraliseFormula(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[], options: CsvOptions = {}): string {
  return values.map((value) => csvField(value, options)).join(',') + '\r\n';
}

function cellText(value: unknown, column: Column): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'number' && typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 4);
  }
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/** An aligned text table (numbers right-aligned), for people at a terminal. */
export function formatTable(columns: Column[], rows: unknown[][]): string {
  const cells = rows.map((row) => columns.map((column, i) => cellText(row[i], column)));
  const widths = columns.map((column, i) => Math.max(column.name.length, ...cells.map((r) => r[i].length)));
  const right = columns.map((c) => c.type === 'number' || c.type === 'integer');
  const line = (values: string[]) =>
    values.map((v, i) => (right[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.name)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
