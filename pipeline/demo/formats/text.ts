// Field spelling shared by the writers: CSV quoting, TSV cleaning, money with two decimals.

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 field: quoted only when it holds a comma, quote or line break. */
export function csv(value: string): string {
  return NEEDS_QUOTES.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

/** Always-quoted CSV field (some exports quote every text field). */
export function quoted(value: string): string {
  return '"' + value.replace(/"/g, '""') + '"';
}

/** Tab-separated reports cannot carry tabs or line breaks inside a field. */
export function tsv(value: string): string {
  return /[\t\r\n]/.test(value) ? value.replace(/[\t\r\n]+/g, ' ') : value;
}

export function money(x: number): string {
  return (Math.round(x * 100) / 100).toFixed(2);
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
