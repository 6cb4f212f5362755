// The forecast's inputs, read from the intermediate models: censored daily demand per sku × pool
// (units shipped on in-stock days; a day out of stock or unknown is missing, NaN, never zero —
// docs/analytics.md "Stock-out censoring"; returns are not netted, anchors B.0 "Demand"), the
// pool's marketplace, the SKU's category and lead time, and the peak-event calendar of that
// marketplace. Turning rows into engine inputs (toSeriesInput, eventCalendar) is pure.
import type { SeriesInput } from '../forecast';
import type { SqlConnection } from '../warehouse/types';

/** Days forecast after the origin. */
export const FORECAST_HORIZON_DAYS = 120;
/** Days of history a series is given (two years: enough for yearly shape and last year's peaks). */
export const FORECAST_HISTORY_DAYS = 730;
/** The review period the backtest horizon adds to the lead time (replenishment's default R). */
export const DEFAULT_REVIEW_DAYS = 30;
/** The backtest horizon of series whose SKU has no lead time. */
export const DEFAULT_BACKTEST_DAYS = 60;

export interface DemandSeries {
  sku: string;
  poolId: string;
  category: string | null;
  /** The marketplace most of the pool's units sold on (its peak calendar), null if none sold. */
  marketplace: string | null;
  leadTimeDays: number | null;
  /** The first day of `values` (YYYY-MM-DD); the last is the origin. */
  startDate: string;
  values: Float64Array;
}

export interface PeakEvent {
  eventName: string;
  startDate: string;
  endDate: string;
  /** null: every marketplace. */
  marketplace: string | null;
}

const DAY_MS = 86_400_000;
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The events that apply to a marketplace: its own rows, and the every-market rows of an event in
 * a year where the marketplace has no row of its own for that event.
 */
export function eventsFor(events: readonly PeakEvent[], marketplace: string | null): PeakEvent[] {
  const own = new Set(events.filter((e) => e.marketplace !== null && e.marketplace === marketplace).map((e) => `${e.eventName}|${e.startDate.slice(0, 4)}`));
  return events.filter((e) => (e.marketplace === null ? !own.has(`${e.eventName}|${e.startDate.slice(0, 4)}`) : e.marketplace === marketplace));
}

/**
 * The peak-event key of each of `length` days from `startDate` (null: no event). Where events
 * overlap (Cyber Monday inside the Christmas run-up) the shorter one names the day.
 */
export function eventCalendar(events: readonly PeakEvent[], startDate: string, length: number): (string | null)[] {
  const keys: (string | null)[] = new Array<string | null>(length).fill(null);
  const span = (e: PeakEvent) => dayNumber(e.endDate) - dayNumber(e.startDate);
  const start = dayNumber(startDate);
  // longest first, so a shorter event overwrites it
  const ordered = [...events].sort((a, b) => span(b) - span(a) || b.eventName.localeCompare(a.eventName));
  for (const event of ordered) {
    const from = Math.max(dayNumber(event.startDate) - start, 0);
    const to = Math.min(dayNumber(event.endDate) - start, length - 1);
    for (let i = from; i <= to; i++) keys[i] = event.eventName;
  }
  return keys;
}

/** The pooled-fallback group: the category within the pool (a pool's own shape), else the pool. */
export function seriesGroup(series: Pick<DemandSeries, 'poolId' | 'category'>): string {
  return series.category === null ? series.poolId : `${series.poolId}|${series.category}`;
}

/** One series as the engine takes it, with the peak calendar over its history and the horizon. */
export function toSeriesInput(series: DemandSeries, events: readonly PeakEvent[], horizon: number): SeriesInput {
  const calendar = eventCalendar(eventsFor(events, series.marketplace), series.startDate, series.values.length + horizon);
  return {
    id: `${series.sku}|${series.poolId}`,
    values: series.values,
    period: 'day',
    seasonLength: 7,
    group: seriesGroup(series),
    ...(calendar.some((k) => k !== null) ? { events: calendar } : {}),
  };
}

/**
 * The backtest horizon of a build: lead time + review period, the median over the series (one
 * horizon for all, so new SKUs borrow the shape of every peer in their group), within 14 … horizon.
 */
export function backtestHorizon(series: readonly Pick<DemandSeries, 'leadTimeDays'>[], horizon: number): number {
  const spans = series.map((s) => (s.leadTimeDays === null ? DEFAULT_BACKTEST_DAYS : Math.ceil(s.leadTimeDays) + DEFAULT_REVIEW_DAYS)).sort((a, b) => a - b);
  const median = spans.length === 0 ? DEFAULT_BACKTEST_DAYS : spans[Math.floor((spans.length - 1) / 2)];
  return Math.min(Math.max(median, 14), horizon);
}

/** Per sku × pool: the day rows of the last FORECAST_HISTORY_DAYS up to the origin, censored. */
/** `positions`: int_daily_position, or a partial rebuild's copy of its changed SKUs' rows (models.ts). */
const seriesSql = (positions: string) => `
with positions as (
    select sku, pool_id, date_day, is_in_stock, units_shipped
    from ${positions}
    where date_day between cast($origin as date) - cast($history_days - 1 as integer) and cast($origin as date)
        and ($skus is null or sku in (select unnest(cast($skus as json)::varchar[])))
),
series as (
    select
        sku,
        pool_id,
        sum(units_shipped) as units_shipped,
        to_json(list(date_diff('day', cast($origin as date), date_day) order by date_day)) as offsets,
        to_json(list(case when is_in_stock then units_shipped end order by date_day)) as units
    from positions
    group by sku, pool_id
),
pool_markets as (
    select pool_id, first(marketplace order by units desc, marketplace) as marketplace
    from (
        select pool_id, marketplace, sum(quantity_units) as units
        from int_pool_market_units
        group by pool_id, marketplace
    ) as sold
    group by pool_id
)
select
    series.sku,
    series.pool_id,
    skus.category,
    pool_markets.marketplace,
    cast(skus.lead_time_days as double) as lead_time_days,
    series.offsets,
    series.units
from series
left join stg_core__skus as skus
    on skus.sku = series.sku
left join pool_markets
    on pool_markets.pool_id = series.pool_id
-- a series that never sold in its history has nothing to learn from: its forecast is no forecast
where series.units_shipped > 0
order by series.sku, series.pool_id`;

interface SeriesRow extends Record<string, unknown> {
  sku: string;
  pool_id: string;
  category: string | null;
  marketplace: string | null;
  lead_time_days: number | null;
  offsets: string;
  units: string;
}

/** Day offsets from the origin (…, −1, 0) and their units (null: censored) → values, oldest first. */
export function seriesValues(offsets: readonly number[], units: readonly (number | null)[]): Float64Array {
  const first = offsets.length > 0 ? offsets[0] : 0;
  const values = new Float64Array(-first + 1).fill(NaN);
  offsets.forEach((offset, i) => {
    const u = units[i];
    values[offset - first] = u === null || u === undefined ? NaN : Number(u);
  });
  return values;
}

/**
 * The demand series ending on `origin` (the default as_of), of every SKU or of `skus` only.
 * Series run from the first day the sku × pool was active (at most FORECAST_HISTORY_DAYS).
 */
export async function readDemandSeries(
  conn: SqlConnection,
  origin: string,
  skus: readonly string[] | null,
  positions = 'int_daily_position',
): Promise<DemandSeries[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(positions)) throw new Error(`not a relation name: ${positions}`);
  const rows = await conn.all<SeriesRow>(seriesSql(positions), {
    origin,
    history_days: FORECAST_HISTORY_DAYS,
    skus: skus === null ? null : JSON.stringify(skus),
  });
  return rows.map((r) => {
    const offsets = JSON.parse(r.offsets) as number[];
    return {
      sku: r.sku,
      poolId: r.pool_id,
      category: r.category,
      marketplace: r.marketplace,
      leadTimeDays: r.lead_time_days,
      startDate: isoDay(dayNumber(origin) + offsets[0]),
      values: seriesValues(offsets, JSON.parse(r.units) as (number | null)[]),
    };
  });
}

export async function readPeakEvents(conn: SqlConnection): Promise<PeakEvent[]> {
  return conn.all<PeakEvent & Record<string, unknown>>(
    `select event_name as "eventName", cast(start_date as varchar) as "startDate", cast(end_date as varchar) as "endDate", marketplace
     from peak_event order by start_date, event_name`,
  );
}
