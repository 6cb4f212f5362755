// The forecast build step of the analytics refresh (models.ts): censored daily demand per sku ×
// pool (forecastSeries.ts) → the forecasting engine (pipeline/forecast) → forecast_daily and
// forecast_accuracy (sql/schema/110_forecast.sql). DuckDB does the bulk work: each batch of
// results goes in as one JSON parameter that a single INSERT … SELECT unnests.
// Incremental like the SKU-incremental models: after a small pull only the SKUs whose demand
// changed are forecast again; a stock push (no model rebuilt) forecasts nothing.
import { cpus } from 'node:os';
import { InternalError } from '../errors';
import { forecastMany, type SeriesForecast } from '../forecast';
import { log } from '../log';
import type { SqlConnection } from '../warehouse/types';
import { defaultAsOf } from './dataDates';
import type { ChangedTables } from './lineage';
import {
  backtestHorizon,
  FORECAST_HORIZON_DAYS,
  readDemandSeries,
  readPeakEvents,
  toSeriesInput,
  type DemandSeries,
} from './forecastSeries';

/** The tables the build writes: marts that read them are rebuilt after it. */
export const FORECAST_TABLES = ['forecast_daily', 'forecast_accuracy'] as const;
export const FORECAST_QUANTILES = [0.1, 0.5, 0.9];
const BACKTEST_ORIGINS = 4;
/** Results per INSERT statement (each a few hundred kB of JSON). */
const BATCH = 500;
/** Series per worker thread below which forecasting in-process is faster than starting workers. */
const SERIES_PER_WORKER = 200;

/** What a build did, for logs, tests and the bench. */
export interface ForecastBuildReport {
  /** null: every series (a full build); else the SKUs redone. */
  skus: string[] | null;
  series: number;
  origin: string | null;
  ms: number;
}

/** Rows the model stamps: the data_version of the transaction's snapshot. */
async function currentVersion(conn: SqlConnection): Promise<number> {
  const rows = await conn.all<{ v: number | null }>("select cast(setting_value as bigint) as v from setting where setting_key = 'data_version'");
  return Number(rows[0]?.v ?? 0);
}

function finite(values: Float64Array, what: string): number[] {
  const out = Array.from(values);
  if (out.some((v) => !Number.isFinite(v))) throw new InternalError(`the forecast engine returned a non-finite ${what}`, 'CD_MODEL_FAILED');
  return out;
}

function quantile(result: SeriesForecast, q: number): Float64Array {
  const found = result.quantiles.find((x) => Math.abs(x.q - q) < 1e-9);
  if (!found) throw new InternalError(`the forecast of ${result.id} has no ${q} quantile`, 'CD_MODEL_FAILED');
  return found.values;
}

const DAILY_SQL = `
insert into forecast_daily
select
    r.s, r.p, cast($origin as date) + cast(h as integer), cast(h as integer),
    r.f[h], r.lo[h], r.md[h], r.up[h], r.m, cast($origin as date), $version, now()::timestamp, r.c[h]
from (select unnest(from_json($payload, '[{"s":"VARCHAR","p":"VARCHAR","m":"VARCHAR","f":"DOUBLE[]","lo":"DOUBLE[]","md":"DOUBLE[]","up":"DOUBLE[]","c":"DOUBLE[]"}]')) as r) as batch
cross join range(1, len(r.f) + 1) as horizon_days(h)`;

const ACCURACY_SQL = `
insert into forecast_accuracy
select
    r.s, r.p, r.m, cast($origin as date), r.n, r.c, r.o, $backtest_days,
    r.mase, r.wape, r.bias, r.smase, r.swape, r.sbias, r.sd, r.total, $version, now()::timestamp, r.days, r.tail
from (select unnest(from_json($payload, '[{"s":"VARCHAR","p":"VARCHAR","m":"VARCHAR","n":"INTEGER","c":"INTEGER","o":"INTEGER","mase":"DOUBLE","wape":"DOUBLE","bias":"DOUBLE","smase":"DOUBLE","swape":"DOUBLE","sbias":"DOUBLE","sd":"DOUBLE","total":"DOUBLE","days":"INTEGER","tail":"DOUBLE"}]')) as r) as batch`;

/** Days at the end of a forecast whose mean carries on past its last day (replenishment). */
export const FORECAST_TAIL_DAYS = 28;

/** A forecast's running sums (day 1 … h) and the mean of its last FORECAST_TAIL_DAYS days. */
export function forecastSums(forecast: readonly number[]): { cumulative: number[]; tailDaily: number | null } {
  const cumulative: number[] = [];
  let sum = 0;
  for (const units of forecast) cumulative.push((sum += units));
  const tail = forecast.slice(-FORECAST_TAIL_DAYS);
  return { cumulative, tailDaily: tail.length > 0 ? tail.reduce((a, b) => a + b, 0) / tail.length : null };
}

/** Writes results in batches, each one INSERT … SELECT over a JSON parameter. */
async function writeResults(conn: SqlConnection, series: DemandSeries[], results: SeriesForecast[], origin: string, backtestDays: number): Promise<void> {
  const version = await currentVersion(conn);
  for (let from = 0; from < results.length; from += BATCH) {
    const daily: unknown[] = [];
    const accuracy: unknown[] = [];
    for (let i = from; i < Math.min(from + BATCH, results.length); i++) {
      const s = series[i];
      const r = results[i];
      const forecast = finite(r.forecast, 'forecast');
      const sums = forecastSums(forecast);
      daily.push({ s: s.sku, p: s.poolId, m: r.model, f: forecast, lo: finite(quantile(r, 0.1), 'quantile'), md: finite(quantile(r, 0.5), 'quantile'), up: finite(quantile(r, 0.9), 'quantile'), c: sums.cumulative });
      accuracy.push({
        s: s.sku,
        p: s.poolId,
        m: r.model,
        n: s.values.length,
        c: s.values.reduce((n, v) => (Number.isNaN(v) ? n + 1 : n), 0),
        o: r.origins,
        mase: r.chosen.mase,
        wape: r.chosen.wape,
        bias: r.chosen.bias,
        smase: r.snaive.mase,
        swape: r.snaive.wape,
        sbias: r.snaive.bias,
        sd: r.errorSd,
        total: sums.cumulative.at(-1) ?? 0,
        days: forecast.length,
        tail: sums.tailDaily,
      });
    }
    await conn.run(DAILY_SQL, { payload: JSON.stringify(daily), origin, version });
    await conn.run(ACCURACY_SQL, { payload: JSON.stringify(accuracy), origin, version, backtest_days: backtestDays });
  }
}

/** Removes the forecasts of `skus` (every SKU: null) before they are written again. */
async function clearForecasts(conn: SqlConnection, skus: readonly string[] | null): Promise<void> {
  for (const table of FORECAST_TABLES) {
    if (skus === null) await conn.run(`delete from ${table}`);
    else await conn.run(`delete from ${table} where sku in (select unnest(cast($skus as json)::varchar[]))`, { skus: JSON.stringify(skus) });
  }
}

/**
 * Forecasts every series (skus null) or the series of `skus`, from the demand up to the default
 * as_of, and replaces their rows. Runs inside the refresh transaction, after the models.
 * `positions`: a partial rebuild's copy of int_daily_position's rows of `skus`, read instead of
 * the whole table.
 */
export async function buildForecasts(conn: SqlConnection, skus: readonly string[] | null = null, positions?: string): Promise<ForecastBuildReport> {
  const started = performance.now();
  const origin = await defaultAsOf(conn);
  await clearForecasts(conn, skus);
  if (origin === null || (skus !== null && skus.length === 0)) return { skus: skus === null ? null : [...skus], series: 0, origin, ms: performance.now() - started };
  const series = await readDemandSeries(conn, origin, skus, skus === null ? undefined : positions);
  const events = await readPeakEvents(conn);
  const backtestDays = backtestHorizon(series, FORECAST_HORIZON_DAYS);
  let results: SeriesForecast[];
  try {
    results = await forecastMany(
      series.map((s) => toSeriesInput(s, events, FORECAST_HORIZON_DAYS)),
      {
        horizon: FORECAST_HORIZON_DAYS,
        quantiles: FORECAST_QUANTILES,
        origins: BACKTEST_ORIGINS,
        backtestHorizon: backtestDays,
        workers: Math.max(1, Math.min(cpus().length, Math.floor(series.length / SERIES_PER_WORKER))),
      },
    );
  } catch (err) {
    throw new InternalError(`forecasting ${series.length} demand series failed: ${(err as Error).message}`, 'CD_MODEL_FAILED', { cause: err });
  }
  await writeResults(conn, series, results, origin, backtestDays);
  const report = { skus: skus === null ? null : [...skus], series: series.length, origin, ms: performance.now() - started };
  log.debug(report, 'built the demand forecasts');
  return report;
}

/** Tables whose change reaches every forecast: SKU master data (category, lead time), pools, the calendar. */
const WHOLE_BUILD_TABLES = ['sku', 'location', 'peak_event'];

/**
 * What a partial rebuild must forecast again, given what changed and what the models redid:
 * 'all', the changed SKUs, or nothing (null). Demand is int_daily_position; when it was redone
 * for some SKUs only, only those are forecast again — unless the origin (default as_of) moved,
 * which gives every series a new day.
 */
export function forecastScope(
  changed: ChangedTables,
  changedModels: ReadonlyMap<string, 'skus' | 'all'>,
  skus: readonly string[],
  originMoved: boolean,
): 'all' | string[] | null {
  if (WHOLE_BUILD_TABLES.some((t) => changed.has(t))) return 'all';
  const demand = changedModels.get('int_daily_position');
  if (demand === undefined) return originMoved ? 'all' : null;
  return demand === 'all' || originMoved ? 'all' : [...skus];
}

/** The origin the stored forecasts were built from (null: none stored). */
async function storedOrigin(conn: SqlConnection): Promise<string | null> {
  const rows = await conn.all<{ d: string | null }>('select cast(max(origin_date) as varchar) as d from forecast_accuracy');
  return rows[0]?.d ?? null;
}

/**
 * The forecast step of a partial rebuild: forecasts again what `forecastScope` says. Returns how
 * the forecast tables changed ('skus': some SKUs' rows; null: not at all), so the marts reading
 * them are rebuilt.
 */
export async function refreshForecasts(
  conn: SqlConnection,
  changed: ChangedTables,
  changedModels: ReadonlyMap<string, 'skus' | 'all'>,
  skus: readonly string[],
  kept: ReadonlyMap<string, string> = new Map(),
): Promise<'skus' | 'all' | null> {
  const stored = await storedOrigin(conn);
  const originMoved = stored !== null && stored !== (await defaultAsOf(conn));
  const scope = forecastScope(changed, changedModels, skus, originMoved);
  if (scope === null) return null;
  await buildForecasts(conn, scope === 'all' ? null : scope, kept.get('int_daily_position'));
  return scope === 'all' ? 'all' : 'skus';
}
