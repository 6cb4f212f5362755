// Server values → Excel cell values. Pure: no Office, no DOM.
//
// Decision (formula injection, see docs/addin.md): every text cell is written twice-safe —
// its column gets number format "@" (Text) before the values land, AND any string whose first
// character could start a formula or be eaten by Excel (= + - @ tab CR LF, their full-width
// forms, and a leading apostrophe) is written with a leading apostrophe. Excel stores the
// apostrophe as the cell's quote prefix, not as content, so the cell shows and reads back the
// original text. "@" alone is not trusted to stop formula parsing, and the apostrophe alone
// would not stop "00123" from becoming the number 123 — hence both.
import { neutraliseFormula, startsLikeFormula } from '../../pipeline/model/formulaText';
import type { ColumnType } from '../../pipeline/warehouse/values';

export type CellValue = string | number | boolean;

/** Excel refuses cell text longer than this many characters. */
export const MAX_CELL_CHARS = 32_767;

/**
 * Text safe to put in `Range.values`: quote-prefixed when it could become a formula, and cut
 * (with an ellipsis) to what a cell can hold.
 */
export function safeText(text: string): string {
  const fitted = text.length > MAX_CELL_CHARS - 1 ? `${text.slice(0, MAX_CELL_CHARS - 2)}…` : text;
  return neutraliseFormula(fitted);
}

/** True when `safeText` would change the string (used by tests and the e2e checks). */
export function needsQuotePrefix(text: string): boolean {
  return startsLikeFormula(text);
}

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 for the 1900 date system, as used for every date after 1900-03-01. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/**
 * Excel counts a 29 February 1900 that never was (Lotus 1-2-3's leap-year bug): serial 60. Days
 * before 1900-03-01 (serial 61) are therefore one lower than the count from the epoch, and days
 * before 1900-01-01 (serial 1) have no serial at all.
 */
const FIRST_TRUE_SERIAL = 61;

/** Days since EXCEL_EPOCH_MS (fraction allowed) → Excel serial, or null before 1900-01-01. */
function excelSerial(days: number): number | null {
  const serial = days < FIRST_TRUE_SERIAL ? days - 1 : days;
  return serial < 1 ? null : serial;
}

/** 'YYYY-MM-DD' → Excel serial day number, or null when the text is not a valid date. */
export function dateToSerial(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return null;
  return excelSerial(Math.round((ms - EXCEL_EPOCH_MS) / MS_PER_DAY));
}

/** ISO-8601 timestamp → Excel serial (days + fraction of day), in UTC. */
export function timestampToSerial(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return null;
  const iso = text.replace(' ', 'T');
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) return null;
  // Millisecond precision is noise in a sheet; round to the second so values compare cleanly.
  return excelSerial(Math.round((ms - EXCEL_EPOCH_MS) / 1000) / 86_400);
}

/** Excel serial → 'YYYY-MM-DD' (inverse of dateToSerial; used when reading cells back). */
export function serialToDate(serial: number): string {
  const whole = Math.round(serial);
  if (whole === FIRST_TRUE_SERIAL - 1) return '1900-02-29'; // Excel's own day; no real date
  const days = whole < FIRST_TRUE_SERIAL ? whole + 1 : whole;
  return new Date(EXCEL_EPOCH_MS + days * MS_PER_DAY).toISOString().slice(0, 10);
}

function finiteNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * One server value → the value written into the cell. Null and undefined become an empty cell
 * (""); values that do not fit their declared type are written as (safe) text rather than
 * dropped, so nothing disappears silently.
 */
const NOISE = 1e-9;

export function toCell(value: unknown, type: ColumnType): CellValue {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'integer':
    case 'number': {
      const n = finiteNumber(value);
      // Float noise around zero (0.1 + 0.2 - 0.3) would show as -0.00 in a 2-decimal format.
      if (n !== null && Math.abs(n) < NOISE) return 0;
      return n ?? safeText(String(value));
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return safeText(String(value));
    case 'date': {
      const serial = typeof value === 'string' ? dateToSerial(value.slice(0, 10)) : null;
      return serial ?? safeText(String(value));
    }
    case 'timestamp': {
      const serial = typeof value === 'string' ? timestampToSerial(value) : null;
      return serial ?? safeText(String(value));
    }
    default:
      return safeText(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
}

/** UTF-8 byte length of a string without allocating (TextEncoder per row is slow at 100k rows). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
