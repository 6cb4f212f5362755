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

/** `12.90`: two decimals, half away from zero on the cent (faster than toFixed, same result). */
export function money(x: number): string {
  const cents = Math.round(Math.abs(x) * 100);
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  return (x < 0 && cents > 0 ? '-' : '') + whole + (frac < 10 ? '.0' : '.') + frac;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
