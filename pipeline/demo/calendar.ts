// Calendar arithmetic on whole UTC days (days since 1970-01-01) and the date/time spellings of
// each native report. Pure functions of their inputs: no clock is read anywhere.

const MS_PER_DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) throw new Error(`no such date: ${iso}`);
  return ms / MS_PER_DAY;
}

export interface DayInfo {
  day: number;
  /** YYYY-MM-DD */
  iso: string;
  year: number;
  /** 1–12 */
  month: number;
  dayOfMonth: number;
  /** 0 = Sunday */
  weekday: number;
  /** YYYY-MM, used to split files per month */
  monthKey: string;
  /** eBay's `Nov-26-24` */
  ebay: string;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

export function dayInfo(day: number): DayInfo {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const dom = d.getUTCDate();
  const iso = `${year}-${pad2(month)}-${pad2(dom)}`;
  return {
    day,
    iso,
    year,
    month,
    dayOfMonth: dom,
    weekday: d.getUTCDay(),
    monthKey: iso.slice(0, 7),
    ebay: `${MONTHS[month - 1]}-${pad2(dom)}-${pad2(year % 100)}`,
  };
}

/** Caches DayInfo for a window of days (the generator asks for the same days millions of times). */
export class Calendar {
  private readonly infos: DayInfo[] = [];
  constructor(readonly firstDay: number, readonly lastDay: number) {
    for (let d = firstDay - 400; d <= lastDay + 400; d++) this.infos.push(dayInfo(d));
  }
  info(day: number): DayInfo {
    return this.infos[day - this.firstDay + 400] ?? dayInfo(day);
  }
}

/** `HH:MM:SS` for a second of the day. */
export function clock(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  return `${pad2(h)}:${pad2(m)}:${pad2(secondOfDay % 60)}`;
}

/** A UTC instant as whole seconds since the epoch, split into day and second-of-day. */
export function splitInstant(ts: number): { day: number; second: number } {
  const day = Math.floor(ts / 86400);
  return { day, second: ts - day * 86400 };
}

/** Amazon flat-file timestamps: `2024-11-29T18:04:11+00:00`. */
export function amazonTimestamp(cal: Calendar, ts: number): string {
  const { day, second } = splitInstant(ts);
  return `${cal.info(day).iso}T${clock(second)}+00:00`;
}

/** Day of month of the n-th given weekday (0 = Sunday) in a month. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
}

function dayOf(year: number, month: number, dom: number): number {
  return Date.UTC(year, month - 1, dom) / MS_PER_DAY;
}

/** US daylight saving: 2nd Sunday of March 07:00 UTC to 1st Sunday of November 06:00 UTC. */
function isUsDaylightTime(ts: number, year: number): boolean {
  const start = dayOf(year, 3, nthWeekday(year, 3, 0, 2)) * 86400 + 7 * 3600;
  const end = dayOf(year, 11, nthWeekday(year, 11, 0, 1)) * 86400 + 6 * 3600;
  return ts >= start && ts < end;
}

/** Shopify's `2025-05-11 09:55:16 -0400`, in the store's America/New_York time zone. */
export function shopifyTimestamp(cal: Calendar, ts: number): string {
  const year = cal.info(Math.floor(ts / 86400)).year;
  const offsetHours = isUsDaylightTime(ts, year) ? -4 : -5;
  const local = ts + offsetHours * 3600;
  const { day, second } = splitInstant(local);
  return `${cal.info(day).iso} ${clock(second)} -0${-offsetHours}00`;
}

/** The calendar day a UTC instant falls on in a fixed-offset zone (eBay reports in Pacific time). */
export function localDay(ts: number, offsetHours: number): number {
  return Math.floor((ts + offsetHours * 3600) / 86400);
}

/** The retail calendar's named peaks for one year, as UTC day numbers. */
export interface RetailEvents {
  thanksgiving: number;
  blackFriday: number;
  cyberMonday: number;
  /** first day of the two-day Prime Day (second Tuesday of July) */
  primeDay: number;
  /** first day of October's two-day Prime Big Deal Days */
  primeBigDeal: number;
  singlesDay: number;
  christmas: number;
  /** Mexico's Hot Sale: nine days from the last Monday of May */
  hotSale: number;
  /** Mexico's El Buen Fin: Friday to Monday, ending on the third Monday of November (Revolution Day) */
  buenFin: number;
  /** Shopee's double-day sales: 9.9, 10.10 and 12.12 (11.11 is singlesDay) */
  nineNine: number;
  tenTen: number;
  doubleTwelve: number;
}

export function retailEvents(year: number): RetailEvents {
  const thanksgiving = dayOf(year, 11, nthWeekday(year, 11, 4, 4));
  return {
    thanksgiving,
    blackFriday: thanksgiving + 1,
    cyberMonday: thanksgiving + 4,
    primeDay: dayOf(year, 7, nthWeekday(year, 7, 2, 2)),
    primeBigDeal: dayOf(year, 10, nthWeekday(year, 10, 2, 2)),
    singlesDay: dayOf(year, 11, 11),
    christmas: dayOf(year, 12, 25),
    hotSale: dayOf(year, 5, nthWeekday(year, 5, 1, nthWeekday(year, 5, 1, 5) <= 31 ? 5 : 4)),
    buenFin: dayOf(year, 11, nthWeekday(year, 11, 1, 3)) - 3,
    nineNine: dayOf(year, 9, 9),
    tenTen: dayOf(year, 10, 10),
    doubleTwelve: dayOf(year, 12, 12),
  };
}
