// Number formats and widths per column, from the column type and our naming conventions
// (STYLE.md §7: money `_amount`/`_base`, ratios `_rate` 0–1 or `_pct` 0–100, `_units`, `_days`).
import type { Column } from '../../pipeline/warehouse/values';

export const TEXT_FORMAT = '@';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const TIMESTAMP_FORMAT = 'yyyy-mm-dd hh:mm';
/** Money: thousands separators, 2 decimals, negatives in red. The currency is in `currency_code`. */
export const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';
/** `_rate` columns hold 0–1 → shown as a percentage. */
export const RATE_FORMAT = '0.0%';
/** `_pct` columns already hold 0–100 → show the number with a literal percent sign. */
export const PCT_FORMAT = '0.0"%"';
export const INTEGER_FORMAT = '#,##0';
/** Identifiers and versions that happen to be integers: no thousands separator. */
export const PLAIN_INTEGER_FORMAT = '0';
export const DECIMAL_FORMAT = '#,##0.00';
/** Durations in seconds: up to three decimals, so a 4 ms run shows 0.004 and not 0.00. */
export const DURATION_FORMAT = '#,##0.0##';

/** Ratios held as 0–1 under names other than `_rate` (shares, rate differences, service levels). */
const RATIO = /(_rate|_rate_change|_share|_share_of_revenue)$|^service_level$/;
const DURATION = /(^|_)(duration_s|seconds)$/;
export const GENERAL_FORMAT = 'General';

const IDENTIFIER = /(^|_)(id|version|year|rank)$/;

/** The Excel number format code for a column. */
export function numberFormatFor(column: Column): string {
  const name = column.name.toLowerCase();
  switch (column.type) {
    case 'string':
      return TEXT_FORMAT;
    case 'date':
      return DATE_FORMAT;
    case 'timestamp':
      return TIMESTAMP_FORMAT;
    case 'boolean':
      return GENERAL_FORMAT;
    case 'integer':
      if (IDENTIFIER.test(name)) return PLAIN_INTEGER_FORMAT;
      if (/_pct$/.test(name)) return PCT_FORMAT;
      return INTEGER_FORMAT;
    case 'number':
      if (/_(amount|base)$/.test(name)) return MONEY_FORMAT;
      if (RATIO.test(name)) return RATE_FORMAT;
      if (/_pct$/.test(name)) return PCT_FORMAT;
      if (DURATION.test(name)) return DURATION_FORMAT;
      return DECIMAL_FORMAT;
  }
}

/** Horizontal alignment: text left, everything else right (Excel's own default for numbers). */
export function isTextColumn(column: Column): boolean {
  return column.type === 'string';
}

/** Display width of a string in "character cells": CJK and full-width characters count twice. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    width += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000) ? 2 : 1;
  }
  return width;
}

/** Characters a formatted value of this column takes at most, independent of the data. */
function formattedWidth(column: Column, format: string): number {
  if (column.type === 'date') return 10;
  if (column.type === 'timestamp') return 16;
  if (column.type === 'boolean') return 5;
  return format === RATE_FORMAT || format === PCT_FORMAT ? 7 : 0;
}

const MIN_CHARS = 6;
const MAX_CHARS = 50;
/** Points per character of Excel's default 11pt font, plus padding for the filter button. */
const POINTS_PER_CHAR = 6.2;
const PADDING_POINTS = 18;

/**
 * Column width in points from the header and a sample of the cell values. Autofit over 100k
 * rows is slow in Excel, so we estimate from at most `sampleRows` rows.
 */
export function columnWidthPoints(column: Column, header: string, values: readonly unknown[], sampleRows = 500): number {
  const format = numberFormatFor(column);
  let chars = Math.max(displayWidth(header), formattedWidth(column, format));
  // Dates, times and TRUE/FALSE show in a fixed width, whatever the raw ISO text was.
  if (column.type === 'date' || column.type === 'timestamp' || column.type === 'boolean') return Math.round(Math.min(MAX_CHARS, Math.max(MIN_CHARS, chars)) * POINTS_PER_CHAR + PADDING_POINTS);
  const step = Math.max(1, Math.floor(values.length / sampleRows));
  for (let i = 0; i < values.length; i += step) {
    const v = values[i];
    if (v === null || v === undefined || v === '') continue;
    let w: number;
    if (typeof v === 'number') {
      // Thousands separators and 2 decimals where the format shows them.
      const digits = Math.abs(Math.trunc(v)).toString().length;
      w = digits + Math.floor((digits - 1) / 3) + (format === MONEY_FORMAT || format === DECIMAL_FORMAT ? 3 : 0) + (v < 0 ? 1 : 0);
    } else w = displayWidth(String(v));
    if (w > chars) chars = w;
  }
  chars = Math.min(MAX_CHARS, Math.max(MIN_CHARS, chars));
  return Math.round(chars * POINTS_PER_CHAR + PADDING_POINTS);
}
