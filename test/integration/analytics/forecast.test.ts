// The forecast in the warehouse: the refresh's forecast step, the forecast and forecast_accuracy
// datasets, and replenishment driven by the forecast, on hand-made series whose forecasts are
// known exactly: a weekly pattern that seasonal naive reproduces without error, and a steady
// seller with a stock-out stretch (censored days must be missing, not zero demand).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDemandSeries } from '../../../pipeline/analytics/forecastSeries';
import { ensureMartsFresh, lastRebuildReport } from '../../../pipeline/analytics/models';
import { bumpDataVersion, DuckWarehouse, SCHEMA_DIR } from '../../../pipeline/warehouse/duckdb';
import { addDays, dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';

const START = '2025-01-06'; // a Monday
const DAYS = 140; // 20 whole weeks: 2025-01-06 … 2025-05-25 (a Sunday), the default as_of
const AS_OF = addDays(START, DAYS - 1);
const WEEK = [10, 0, 0, 0, 0, 0, 4]; // Monday … Sunday: 14 a week, 2 a day on average
const GAP_FROM = 100; // GAPPY is out of stock on days 100 … 109 of the series
const GAP_DAYS = 10;

async function world(): Promise<DuckWarehouse> {
  const gappyStock = Array.from({ length: DAYS }, (_, i) => (i >= GAP_FROM && i < GAP_FROM + GAP_DAYS ? 0 : 500));
  return seedWarehouse({
    locations: [{ location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN', country_code: 'US' }],
    skus: [
      { sku: 'WEEK', category: 'Toys', lead_time_days: 14, lead_time_sd_days: 0, unit_cost_amount: 10 },
      { sku: 'GAPPY', category: 'Toys', lead_time_days: 14, lead_time_sd_days: 0, unit_cost_amount: 10 },
    ],
    listings: [{ listing_id: 'shopify:US:WEEK:merchant', channel: 'shopify', sku: 'WEEK', location_id: 'WH1', channel_quantity_units: 5 }],
    snapshots: [...dailySnapshots('WEEK', 'WH1', START, Array<number>(DAYS).fill(1000)), ...dailySnapshots('GAPPY', 'WH1', START, gappyStock)],
    orders: [
      ...Array.from({ length: DAYS }, (_, i) => i).flatMap((i) => (WEEK[i % 7] > 0 ? [shippedLine('WEEK', 'WH1', addDays(START, i), WEEK[i % 7], { channel: 'shopify' })] : [])),
      ...gappyStock.flatMap((stock, i) => (stock > 0 ? [shippedLine('GAPPY', 'WH1', addDays(START, i), 2, { channel: 'shopify' })] : [])),
    ],
  });
}

const bySku = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [r.sku as string, r]));

describe('the forecast build and its datasets', () => {
  let wh: DuckWarehouse;
  beforeAll(async () => {
    wh = await world();
    await ensureMartsFresh(wh);
  }, 60_000);
  afterAll(() => wh.close());

  it('forecasts 120 days after the default as_of, reproducing a weekly pattern exactly with seasonal naive', async () => {
    const days = await wh.all<{ forecast_date: string; horizon_day: number; forecast_units: number; lower_units: number; upper_units: number; model: string; origin_date: string }>(
      "select forecast_date, horizon_day, forecast_units, lower_units, upper_units, model, origin_date from forecast_daily where sku = 'WEEK' order by horizon_day",
    );
    expect(days).toHaveLength(120);
    expect(days[0]).toMatchObject({ forecast_date: '2025-05-26', horizon_day: 1, model: 'snaive', origin_date: AS_OF });
    expect(days[119].forecast_date).toBe(addDays(AS_OF, 120));
    // day 1 is a Monday: the pattern continues where the history stopped
    days.forEach((d, i) => expect([d.forecast_date, d.forecast_units]).toEqual([d.forecast_date, WEEK[i % 7]]));
    for (const d of days) expect(d.lower_units).toBeLessThanOrEqual(d.upper_units);
  });

  it('scores the backtest: zero error for the exact pattern, horizon = lead time 14 + review 30', async () => {
    const rows = bySku(await rowsOf(wh, 'forecast_accuracy'));
    expect(rows.WEEK).toMatchObject({
      model: 'snaive',
      accuracy_flag: 'OK',
      mase: 0,
      wape: 0,
      bias: 0,
      // non-overlapping windows of 44 days ending on day 140: a third would leave 8 days to train on
      origins_scored: 2,
      backtest_horizon_days: 44,
      history_days: DAYS,
      censored_days: 0,
      error_sd_units: 0,
      // 17 weeks of 14 and one more Monday
      forecast_units_horizon: 17 * 14 + 10,
      value_at_risk_base: 0,
    });
    // the first 44 days: 6 weeks of 14 and Monday 10 of the seventh week
    expect(rows.WEEK.forecast_units_backtest_horizon).toBeCloseTo(6 * 14 + 10, 9);
  });

  it('judges the order-cycle total: cycle error = error σ ÷ cycle forecast, value at risk = error σ × unit cost, POOR above max_cycle_error', async () => {
    const all = await rowsOf(wh, 'forecast_accuracy', { max_cycle_error: '0' });
    const scored = all.filter((r) => r.accuracy_flag !== 'UNSCORED');
    expect(scored.length).toBeGreaterThan(0);
    for (const r of scored) {
      const sd = Number(r.error_sd_units);
      const cycle = Number(r.forecast_units_backtest_horizon);
      expect([r.sku, r.cycle_error_rate]).toEqual([r.sku, cycle > 0 ? expect.closeTo(sd / cycle, 9) : null]);
      expect([r.sku, r.value_at_risk_base]).toEqual([r.sku, r.unit_cost_base === null ? null : expect.closeTo(sd * Number(r.unit_cost_base), 6)]);
      // with no tolerance, any miss at all is POOR; an exact forecast stays OK
      expect([r.sku, r.accuracy_flag]).toEqual([r.sku, sd > 0 ? 'POOR' : 'OK']);
    }
    const lenient = await rowsOf(wh, 'forecast_accuracy', { max_cycle_error: '100', max_abs_bias: '100' });
    expect(lenient.filter((r) => r.accuracy_flag !== 'UNSCORED').map((r) => r.accuracy_flag)).toEqual(scored.map(() => 'OK'));
  });

  it('treats stock-out days as missing demand, not zero: a steady 2 a day is forecast at 2, not 2 × 130/140', async () => {
    const [row] = await rowsOf(wh, 'forecast_accuracy', { sku_prefix: 'GAPPY' });
    expect(row).toMatchObject({ history_days: DAYS, censored_days: GAP_DAYS });
    const [{ mean }] = await wh.all<{ mean: number }>("select avg(forecast_units) as mean from forecast_daily where sku = 'GAPPY'");
    expect(mean).toBeCloseTo(2, 6);
  });

  it('reads each series from its first day to the as_of, stock-out days NaN, with the pool\'s marketplace and the SKU\'s lead time', async () => {
    const [gappy] = await wh.withConnection((conn) => readDemandSeries(conn, AS_OF, ['GAPPY']));
    expect(gappy).toMatchObject({ sku: 'GAPPY', poolId: 'OWN', category: 'Toys', marketplace: 'US', leadTimeDays: 14, startDate: START });
    expect(gappy.values).toHaveLength(DAYS);
    const missing = Array.from(gappy.values).flatMap((v, i) => (Number.isNaN(v) ? [i] : []));
    expect(missing).toEqual(Array.from({ length: GAP_DAYS }, (_, i) => GAP_FROM + i));
    expect(Array.from(gappy.values).filter((v) => !Number.isNaN(v)).every((v) => v === 2)).toBe(true);
  });

  it('shows history then forecast per ISO week, the origin week split into its history and forecast days', async () => {
    const rows = await rowsOf(wh, 'forecast', { sku: 'WEEK', grain: 'week', history_days: '14' });
    const history = rows.filter((r) => r.row_kind === 'history');
    expect(history.map((r) => [r.period_start_date, r.days_in_period, r.actual_units, r.in_stock_days])).toEqual([
      ['2025-05-12', 7, 14, 7],
      ['2025-05-19', 7, 14, 7],
    ]);
    const forecast = rows.filter((r) => r.row_kind === 'forecast');
    expect(forecast[0]).toMatchObject({ period_start_date: '2025-05-26', days_in_period: 7, forecast_units: 14, actual_units: null, model: 'snaive' });
    // 120 days from a Monday: 17 whole weeks and a last week of one day (Monday, 10)
    expect(forecast).toHaveLength(18);
    expect(forecast[17]).toMatchObject({ days_in_period: 1, forecast_units: 10 });
    expect(forecast.reduce((sum, r) => sum + (r.forecast_units as number), 0)).toBeCloseTo(248, 9);
  });

  it('answers day rows by default, history_days before the origin and 120 after', async () => {
    const rows = await rowsOf(wh, 'forecast', { sku: 'WEEK' });
    expect(rows.filter((r) => r.row_kind === 'history')).toHaveLength(90);
    expect(rows.filter((r) => r.row_kind === 'forecast')).toHaveLength(120);
    expect(rows[0]).toMatchObject({ row_kind: 'history', period_start_date: addDays(AS_OF, -89), actual_units: WEEK[(DAYS - 90) % 7] });
  });

  it('plans replenishment from the forecast: lead-time demand summed over L, order-up-to over L + R, safety stock from the forecast error', async () => {
    // L 14, R 14, σL 0. Forecast: 2 weeks = 28 over L, 4 weeks = 56 over L + R, error sd 0 → SS 0.
    const [forecast] = await rowsOf(wh, 'replenishment', { sku_prefix: 'WEEK', window_days: '28', review_days: '14' });
    expect(forecast).toMatchObject({ demand_method_used: 'forecast', demand_method_reason: 'FORECAST', forecast_model: 'snaive', safety_stock_units: 0, reorder_point_units: 28, seasonal_uplift_units: 0 });
    expect(forecast.lead_time_demand_units).toBeCloseTo(28, 9);
    expect(forecast.cover_demand_units).toBeCloseTo(56, 9);
    expect(forecast.order_up_to_units).toBeCloseTo(56, 9);
    expect(forecast.plan_daily_units).toBeCloseTo(2, 9);
    expect(forecast.forecast_error_sd_units).toBe(0);
    // the old method on the same 4 weeks: d̄ 2, σd² = 4·(64 + 5·4 + 4)/27 = 352/27 → SS = 1.6449·√(14·352/27) = 22.22
    const [trailing] = await rowsOf(wh, 'replenishment', { sku_prefix: 'WEEK', window_days: '28', review_days: '14', demand_method: 'trailing_mean' });
    expect(trailing).toMatchObject({ demand_method_used: 'trailing_mean', demand_method_reason: 'REQUESTED', reorder_point_units: 51 });
    expect(trailing.avg_daily_units).toBeCloseTo(2, 9);
    expect(trailing.sd_daily_units).toBeCloseTo(Math.sqrt(352 / 27), 9);
    expect(trailing.safety_stock_units).toBeCloseTo(22.2225, 3);
    expect(trailing.lead_time_demand_units).toBeCloseTo(28, 9);
    expect(trailing.order_up_to_units).toBeCloseTo(56 + 22.2225, 3);
  });

  it('falls back to the trailing mean, saying why, when no forecast was built for the requested as_of', async () => {
    const [row] = await rowsOf(wh, 'replenishment', { sku_prefix: 'WEEK', as_of: addDays(AS_OF, -7), window_days: '28' });
    expect(row).toMatchObject({ demand_method_used: 'trailing_mean', demand_method_reason: 'NO_FORECAST', forecast_model: null });
  });
});

describe('the peak calendar', () => {
  it('holds Prime Big Deal Days 2023–2027 for every market and Japan\'s own dates, and the migration runs twice unchanged', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const rows = () => wh.all<{ marketplace: string | null; start_date: string }>("select marketplace, cast(start_date as varchar) as start_date from peak_event where event_name = 'prime_big_deal_days' order by marketplace nulls first, start_date");
    const before = await rows();
    expect(before.filter((r) => r.marketplace === null).map((r) => r.start_date)).toEqual(['2023-10-10', '2024-10-08', '2025-10-07', '2026-10-06', '2027-10-05']);
    expect(before.filter((r) => r.marketplace === 'JP').map((r) => r.start_date)).toEqual(['2023-10-14', '2024-10-19', '2025-10-04']);
    await wh.run(readFileSync(join(SCHEMA_DIR, '110_forecast.sql'), 'utf8'));
    expect(await rows()).toEqual(before);
    wh.close();
  });
});

describe('the forecast after a small pull or a stock push', () => {
  const versions = async (wh: DuckWarehouse) =>
    Object.fromEntries(
      (await wh.all<{ sku: string; v: number }>('select sku, max(data_version) as v from forecast_daily group by sku')).map((r) => [r.sku, Number(r.v)]),
    );

  it('forecasts again only the SKUs a pull touched, and nothing after a stock push', async () => {
    const wh = await world();
    await ensureMartsFresh(wh);
    const before = await versions(wh);
    expect(before.WEEK).toBe(before.GAPPY);

    // a pull of one more WEEK order on the last day (the as_of stays)
    await wh.transaction(async (conn) => {
      await conn.run(
        "insert into order_line (channel, marketplace, order_id, line_id, sku, location_id, quantity_units, order_status, fulfilment, currency_code, ordered_at, shipped_at) values ('shopify', 'US', 'PULL-1', '1', 'WEEK', 'WH1', 7, 'shipped', 'merchant', 'USD', $1, $2)",
        [`${AS_OF} 09:00:00`, `${AS_OF} 10:00:00`],
      );
      await bumpDataVersion(conn, [{ table: 'order_line', skus: ['WEEK'] }]);
    });
    await ensureMartsFresh(wh);
    const afterPull = await versions(wh);
    expect(afterPull.WEEK).toBeGreaterThan(before.WEEK);
    expect(afterPull.GAPPY).toBe(before.GAPPY);
    expect(lastRebuildReport(wh)!.models.forecast_daily).toBe('skus');
    // the mart answers the new forecast: Sunday's 4 became 11, so next Sunday's forecast is 11
    const mart = (await rowsOf(wh, 'forecast', { sku: 'WEEK' })).filter((r) => r.row_kind === 'forecast');
    const [{ units }] = await wh.all<{ units: number }>(`select forecast_units as units from forecast_daily where sku = 'WEEK' and horizon_day = 7`);
    expect(mart[6].forecast_units).toBe(units);

    // a stock push changes only listing quantities: no forecast is redone
    await wh.transaction(async (conn) => {
      await conn.run("update listing set channel_quantity_units = 9 where listing_id = 'shopify:US:WEEK:merchant'");
      await bumpDataVersion(conn, [{ table: 'listing', columns: ['channel_quantity_units'] }]);
    });
    await ensureMartsFresh(wh);
    expect(await versions(wh)).toEqual(afterPull);
    expect(lastRebuildReport(wh)!.models).not.toHaveProperty('forecast_daily');
    wh.close();
  }, 60_000);
});
