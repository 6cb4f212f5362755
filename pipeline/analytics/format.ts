// Text renderings of dataset rows for the terminal and for machines. Pure.
import type { Column } from '../warehouse/values';

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

/** One CSV field, RFC 4180: quoted when it holds a quote, comma, line break or edge spaces. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
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
