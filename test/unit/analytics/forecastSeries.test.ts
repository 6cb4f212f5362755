import { forecastScope } from '../../../pipeline/analytics/forecastBuild';
import {
  backtestHorizon,
  eventCalendar,
  eventsFor,
  seriesGroup,
  seriesValues,
  toSeriesInput,
  type PeakEvent,
} from '../../../pipeline/analytics/forecastSeries';
import { renderDatasetSql } from '../../../pipeline/analytics/registry';

const ev = (eventName: string, startDate: string, endDate: string, marketplace: string | null = null): PeakEvent => ({ eventName, startDate, endDate, marketplace });

describe('forecast inputs', () => {
  const calendar = [
    ev('prime_day', '2025-07-08', '2025-07-11'),
    ev('prime_day', '2025-07-11', '2025-07-14', 'JP'),
    ev('prime_day', '2024-07-16', '2024-07-17'),
    ev('bfcm', '2024-11-29', '2024-12-02'),
    ev('christmas', '2024-12-01', '2024-12-20'),
  ];

  it('gives a marketplace its own dates of an event in a year, and the every-market dates otherwise', () => {
    const jp = eventsFor(calendar, 'JP').map((e) => `${e.eventName} ${e.startDate}`);
    expect(jp).toEqual(['prime_day 2025-07-11', 'prime_day 2024-07-16', 'bfcm 2024-11-29', 'christmas 2024-12-01']);
    expect(eventsFor(calendar, 'US').map((e) => e.startDate)).toEqual(['2025-07-08', '2024-07-16', '2024-11-29', '2024-12-01']);
    expect(eventsFor(calendar, null)).toHaveLength(4);
  });

  it('keys each day by its event, the shorter event naming days where two overlap', () => {
    // 2024-11-28 … 2024-12-03: bfcm 11-29 … 12-02 inside christmas from 12-01
    expect(eventCalendar(calendar.slice(3), '2024-11-28', 6)).toEqual([null, 'bfcm', 'bfcm', 'bfcm', 'bfcm', 'christmas']);
  });

  it('places units by day offset, leaving censored and absent days missing (NaN), never zero', () => {
    const values = seriesValues([-4, -3, -1, 0], [2, null, 0, 5]);
    expect(Array.from(values)).toEqual([2, NaN, NaN, 0, 5]);
  });

  it('builds engine input with the calendar over history and horizon, grouped by category within the pool', () => {
    const series = { sku: 'A', poolId: 'FBA-NA', category: 'Toys', marketplace: 'US', leadTimeDays: 30, startDate: '2025-07-06', values: new Float64Array([1, 2, 3]) };
    const input = toSeriesInput(series, calendar, 3);
    expect(input).toMatchObject({ id: 'A|FBA-NA', period: 'day', seasonLength: 7, group: 'FBA-NA|Toys' });
    expect(input.events).toEqual([null, null, 'prime_day', 'prime_day', 'prime_day', 'prime_day']);
    expect(toSeriesInput({ ...series, startDate: '2026-01-01' }, calendar, 3).events).toBeUndefined();
    expect(seriesGroup({ poolId: 'OWN', category: null })).toBe('OWN');
  });

  it('backtests over lead time + 30 review days, the median over the series, within 14 … horizon', () => {
    expect(backtestHorizon([{ leadTimeDays: 10 }, { leadTimeDays: 40.5 }, { leadTimeDays: 60 }], 120)).toBe(71);
    expect(backtestHorizon([{ leadTimeDays: null }], 120)).toBe(60);
    expect(backtestHorizon([{ leadTimeDays: 200 }], 120)).toBe(120);
    expect(backtestHorizon([], 120)).toBe(60);
  });
});

describe('what a partial rebuild forecasts again', () => {
  it('forecasts the changed SKUs when demand was redone per SKU, everything when it was redone whole', () => {
    expect(forecastScope(new Map([['order_line', null]]), new Map([['int_daily_position', 'skus']]), ['A'], false)).toEqual(['A']);
    expect(forecastScope(new Map([['inventory_snapshot', null]]), new Map([['int_daily_position', 'all']]), [], false)).toBe('all');
  });

  it('forecasts nothing after a stock push, everything when the origin moved or master data changed', () => {
    expect(forecastScope(new Map([['listing', new Set(['channel_quantity_units'])]]), new Map(), [], false)).toBeNull();
    expect(forecastScope(new Map([['order_line', null]]), new Map([['int_daily_position', 'skus']]), ['A'], true)).toBe('all');
    expect(forecastScope(new Map([['peak_event', null]]), new Map(), [], false)).toBe('all');
    expect(forecastScope(new Map([['sku', new Set(['lead_time_days'])]]), new Map(), [], false)).toBe('all');
  });
});

describe('forecast dataset SQL', () => {
  it('renders for BigQuery with @parameters and project.dataset relations, no placeholders left', () => {
    for (const name of ['forecast', 'forecast_accuracy']) {
      const sql = renderDatasetSql(name, 'bigquery', { relationPrefix: 'proj.crossdock' });
      expect(sql).not.toMatch(/\{\{|\$[a-z]/);
      expect(sql).toContain('`proj.crossdock.forecast_daily`');
      expect(sql).toContain('`proj.crossdock.forecast_accuracy`');
    }
  });
});
