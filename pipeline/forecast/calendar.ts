// Period arithmetic for long-format series files: which period the dates follow (day, week,
// month), each date's period index, and the dates of the periods after a series' last one. Pure.
import type { Period } from './types';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD), or null when it is not a real date. */
export function parseIsoDay(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function ymd(day: number): { y: number; m: number; d: number; last: number } {
  const date = new Date(day * DAY_MS);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  return { y, m, d: date.getUTCDate(), last: new Date(Date.UTC(y, m + 1, 0)).getUTCDate() };
}

/** How month dates are written: all on day d (d ≤ 28), or all on the month's last day. */
export type MonthStyle = { kind: 'day'; day: number } | { kind: 'end' };

export interface Cadence {
  period: Period;
  month?: MonthStyle;
}

/** A month index (12·year + month) for month periods, else the day number. */
function monthIndex(day: number): number {
  const { y, m } = ymd(day);
  return y * 12 + m;
}

function monthStyleOf(days: readonly number[]): MonthStyle | null {
  const parts = days.map(ymd);
  if (parts.every((p) => p.d === p.last)) return { kind: 'end' };
  const day = parts[0]?.d ?? 1;
  return day <= 28 && parts.every((p) => p.d === day) ? { kind: 'day', day } : null;
}

/**
 * The cadence of a file from each series' sorted, distinct day numbers: month when every date sits
 * on one month position and consecutive dates are ≥ 28 days apart, week when every step is a
 * multiple of 7 days, else day. A file whose series all have one date is read as daily.
 */
export function detectCadence(seriesDays: ReadonlyArray<ArrayLike<number>>): Cadence {
  let minStep = Infinity;
  let allWeekly = true;
  for (const days of seriesDays) {
    for (let i = 1; i < days.length; i++) {
      const step = days[i] - days[i - 1];
      minStep = Math.min(minStep, step);
      if (step % 7 !== 0) allWeekly = false;
    }
  }
  if (minStep === Infinity) return { period: 'day' };
  if (minStep >= 28) {
    // monthly files are small: only they collect every date
    const month = monthStyleOf(seriesDays.flatMap((days) => Array.from(days)));
    if (month) return { period: 'month', month };
  }
  if (allWeekly) return { period: 'week' };
  return { period: 'day' };
}

/** The index of a day in the cadence's period sequence (consecutive periods differ by 1). */
export function periodIndex(cadence: Cadence, day: number): number {
  if (cadence.period === 'month') return monthIndex(day);
  if (cadence.period === 'week') return Math.floor(day / 7);
  return day;
}

/** The ISO dates of the `count` periods after `lastDay`, written the way the series writes them. */
export function nextDates(cadence: Cadence, lastDay: number, count: number): string[] {
  const out: string[] = [];
  if (cadence.period !== 'month') {
    const step = cadence.period === 'week' ? 7 : 1;
    for (let k = 1; k <= count; k++) out.push(isoOfDay(lastDay + k * step));
    return out;
  }
  const { y, m } = ymd(lastDay);
  for (let k = 1; k <= count; k++) {
    const date = cadence.month?.kind === 'end' ? new Date(Date.UTC(y, m + k + 1, 0)) : new Date(Date.UTC(y, m + k, cadence.month?.day ?? 1));
    out.push(date.toISOString().slice(0, 10));
  }
  return out;
}
