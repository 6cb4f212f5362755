// How a worksheet cell becomes the text a channel's CSV would hold, and how a sheet row becomes
// one line of the temporary text file the ingest engine reads (pure; workbook.ts does the I/O).
// Values are written as they are stored, not as Excel displays them: 12.5 formatted as "€12.50"
// is 12.5, a date is ISO, a formula is its cached result.

/** A cell as the streaming reader gives it: its value and its number format. */
export interface SheetCell {
  value: unknown;
  numFmt?: string;
}

/** Whether an Excel number format shows a date or time (y, m, d, h, s outside quotes and [..]). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhs]/i.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/** Excel's day number (1900 system: day 25569 is 1970-01-01; the 1904 system is 1462 days later). */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/**
 * `YYYY-MM-DD HH:MM:SS`, or `YYYY-MM-DD` at midnight. Excel dates carry no zone: the reader gives
 * them as UTC, so they are read as UTC like a CSV timestamp without offset. Rounded to the second:
 * a day fraction like 09:30 is stored as 0.39583333333333331.
 */
export function isoDateTime(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const iso = rounded.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/**
 * A number as plain decimal text: no exponent (1e21, 1.5e-7), and no binary float noise in
 * fractions (0.1 + 0.2 → 0.3): fractions keep the 15 significant digits Excel itself shows.
 * Whole numbers up to 2^53 keep every digit (an order number written by a program, not Excel).
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isSafeInteger(n)) return String(n);
  return expandExponent(n.toPrecision(15));
}

/** `-1.23450000000000e-7` → `-0.00000012345`; `12.9900000000000` → `12.99`. */
function expandExponent(text: string): string {
  const [mantissa, exponentText] = text.split('e');
  const exponent = Number(exponentText ?? 0);
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = mantissa.replace('-', '').split('.');
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fracPart = digits.slice(point).replace(/0+$/, '');
  const out = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/** What a formula left behind when its result is an error (#N/A, #DIV/0!…): the reader loses which. */
export const FORMULA_ERROR_TEXT = '(formula error)';

/** The text of one cell. */
export function cellText(cell: SheetCell, date1904 = false): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return isoDateTime(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((run) => run.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = v.result;
      if (typeof result === 'number') {
        if (Number.isNaN(result)) return FORMULA_ERROR_TEXT;
        // The reader types dates only for plain cells: a formula's date result is its day number.
        if (isDateFormat(cell.numFmt)) return isoDateTime(excelSerialToDate(result, date1904));
      }
      return cellText({ value: result, numFmt: cell.numFmt }, date1904);
    }
    if (typeof v.error === 'string') return v.error;
    if (typeof v.text === 'string') return v.text; // a hyperlink
    if (typeof v.result !== 'undefined') return cellText({ value: v.result, numFmt: cell.numFmt }, date1904);
  }
  return String(value);
}

/** How the text file for a sheet is written: the detected report's delimiter and quoting. */
export interface LineFormat {
  delimiter: ',' | '\t';
  quoted: boolean;
}

/**
 * One sheet row as one record. Quoted formats quote cells holding the delimiter, a quote or a line
 * break (a quoted line break stays one record, so line numbers stay the sheet's rows). Unquoted
 * formats (Amazon's TSVs) cannot hold a tab or a line break in a cell, as Amazon's own files never
 * do: each run of them becomes one space. `singleLine` does that for quoted formats too (rows
 * before the data, where the engine counts physical lines).
 */
export function recordLine(cells: readonly string[], format: LineFormat, singleLine = false): string {
  // A row without cells is still a record (one delimiter, read as all-empty), never a blank
  // line, which a CSV reader skips and which would shift every later row's number.
  if (cells.length === 0) return format.delimiter;
  const needsQuotes = format.delimiter === ',' ? /[",\r\n]/ : /["\t\r\n]/;
  const out = cells.map((raw) => {
    if (!format.quoted) return /[\t\r\n]/.test(raw) ? raw.replace(/[\t\r\n]+/g, ' ') : raw;
    const text = singleLine ? raw.replace(/[\r\n]+/g, ' ') : raw;
    return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  });
  return out.length === 1 ? out[0] + format.delimiter : out.join(format.delimiter);
}
