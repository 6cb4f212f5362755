// Calendar helpers of the independent calculator: dates are 'YYYY-MM-DD' strings in UTC.
const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** b − a in whole days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The UTC day of an ISO-8601 instant. */
export function utcDay(instant: string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** `2025-03-02 10:15:00 +0100` (Shopify) → an ISO instant. */
export function parseOffsetTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`oracle: unreadable timestamp ${text}`);
  return new Date(`${m[1]}T${m[2]}${m[3]}:${m[4]}`).toISOString();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** eBay's `Mar-02-25` (no zone: UTC) → '2025-03-02'. */
export function parseEbayDate(text: string): string {
  const m = /^([A-Z][a-z]{2})-(\d{2})-(\d{2})/.exec(text.trim());
  if (!m) throw new Error(`oracle: unreadable eBay date ${text}`);
  const month = String(MONTHS.indexOf(m[1]) + 1).padStart(2, '0');
  return `20${m[3]}-${month}-${m[2]}`;
}
