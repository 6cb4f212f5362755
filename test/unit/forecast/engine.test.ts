// The engine end to end: backtest-based choice, censoring, events, pooled fallback, workers.
import { forecastMany, type SeriesForecast, type SeriesInput } from '../../../pipeline/forecast';
import { forecastSeries, originEnds, rank, spreadEnds } from '../../../pipeline/forecast/engine';
import { groupShare } from '../../../pipeline/forecast/pooled';
import { Rng } from '../../../pipeline/demo/random';

const settings = { horizon: 14, quantiles: [0.1, 0.5, 0.9], origins: 4, backtestHorizon: 14 };
const daily = (id: string, values: number[] | Float64Array, extra: Partial<SeriesInput> = {}): SeriesInput => ({ id, values: Float64Array.from(values), period: 'day', ...extra });

function poissonSeries(seed: number, days: number, mean: (t: number) => number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: days }, (_, t) => rng.poisson(mean(t)));
}

function expectValidBands(r: SeriesForecast, horizon: number) {
  expect(r.forecast).toHaveLength(horizon);
  for (let j = 0; j < horizon; j++) {
    expect(r.forecast[j]).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < r.quantiles.length; i++) {
      expect(r.quantiles[i].values[j]).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(r.quantiles[i].values[j]).toBeGreaterThanOrEqual(r.quantiles[i - 1].values[j]);
    }
  }
}

describe('rolling origins', () => {
  it('places K windows of H back to back at the end of the series', () => {
    expect(originEnds(new Float64Array(100), 10, 4)).toEqual([60, 70, 80, 90]);
  });

  it('scores fewer origins when the history before the first would be under 14 observed days', () => {
    // 40 days, H = 10: 4 origins would leave 0 days, 3 leave 10, 2 leave 20
    expect(originEnds(new Float64Array(40), 10, 4)).toEqual([20, 30]);
    expect(originEnds(new Float64Array(20), 10, 4)).toEqual([]);
  });

  it('spreads error origins evenly and ends at the last one', () => {
    expect(spreadEnds(10, 20, 3)).toEqual([10, 15, 20]);
    expect(spreadEnds(10, 10, 5)).toEqual([10]);
  });

  it('ranks a biased candidate behind an unbiased one with the same MASE', () => {
    const totals = { absError: 1, error: 0, actual: 1, count: 1 };
    expect(rank({ score: { mase: 0.8, wape: 0.5, bias: -0.3 }, totals })).toBeCloseTo(0.8 * 1.6, 12);
    expect(rank({ score: { mase: 0.8, wape: 0.5, bias: 0 }, totals })).toBe(0.8);
  });
});

describe('forecastSeries', () => {
  it('forecasts an exact weekly pattern exactly, with zero backtest error', () => {
    const week = [5, 7, 9, 11, 13, 20, 25];
    const r = forecastSeries(daily('w', Array.from({ length: 120 }, (_, t) => week[t % 7])), settings)!;
    Array.from(r.forecast).forEach((v, j) => expect(v).toBeCloseTo(week[(120 + j) % 7], 6));
    expect(r.chosen.mase).toBeCloseTo(0, 6);
    expect(r.snaive).toEqual({ mase: 0, wape: 0, bias: 0 });
    expect(r.errorSd).toBeCloseTo(0, 6);
    expect(r.origins).toBe(4);
  });

  it('beats seasonal naive in backtest on noisy demand and gives monotone, non-negative bands', () => {
    const r = forecastSeries(daily('p', poissonSeries(1, 400, (t) => 8 * [1.3, 1, 0.9, 0.9, 1, 1.1, 1.4][t % 7])), settings)!;
    expect(r.chosen.mase!).toBeLessThan(0.9 * r.snaive.mase!);
    expectValidBands(r, 14);
    expect(r.errorSd).toBeGreaterThan(0);
  });

  it('reads a stock-out run as missing, so the forecast keeps the in-stock level', () => {
    // 10 a day, then 30 days out of stock (NaN), then 30 in stock: the level stays ≈ 10
    const values = poissonSeries(2, 200, () => 10).map((v, t) => (t >= 140 && t < 170 ? NaN : v));
    const r = forecastSeries(daily('s', values, { seasonLength: 1 }), settings)!;
    const mean = r.forecast.reduce((a, b) => a + b, 0) / r.forecast.length;
    expect(mean).toBeGreaterThan(8.5);
    expect(mean).toBeLessThan(11.5);
  });

  it('forecasts an intermittent series at its mean rate, not at the zero median', () => {
    // a sale of 1–3 units on about one day in five: mean ≈ 0.4 a day, median 0
    const rng = new Rng(5);
    const values = Array.from({ length: 365 }, () => (rng.chance(0.2) ? rng.int(1, 3) : 0));
    const r = forecastSeries(daily('i', values), settings)!;
    const rate = values.reduce((a, b) => a + b, 0) / values.length;
    const mean = r.forecast.reduce((a, b) => a + b, 0) / r.forecast.length;
    expect(mean).toBeGreaterThan(0.6 * rate);
    expect(mean).toBeLessThan(1.5 * rate);
    expectValidBands(r, 14);
  });

  it('lifts a future event day by the multiplier its past event days earned', () => {
    // 10 a day; every 50th day is a 'deal' day selling 30; the horizon holds one deal day
    const n = 400;
    const values = Array.from({ length: n }, (_, t) => (t % 50 === 0 ? 30 : 10));
    const events = Array.from({ length: n + 14 }, (_, t) => (t % 50 === 0 ? 'deal' : null));
    const r = forecastSeries(daily('e', values, { seasonLength: 1, events }), settings)!;
    const deal = 400 - n; // day 400 is a deal day: step 0
    expect(r.forecast[deal]).toBeGreaterThan(2.5 * r.forecast[deal + 1]);
    expect(r.forecast[deal + 1]).toBeCloseTo(10, 3);
  });

  it('is null when the series is too short to backtest', () => {
    expect(forecastSeries(daily('n', [1, 2, 3, 4, 5]), settings)).toBeNull();
  });
});

describe('forecastMany', () => {
  it('keeps the input order and pools a short series on its group by its share', async () => {
    // the new series takes 5 a day from b for its 5 days, so the group sells 40 every day;
    // it sold 25 of the group's 200 over its days: share 1/8 → 5 a day
    const inputs = [
      daily('a', new Array(120).fill(10), { group: 'g' }),
      daily('new', new Array(5).fill(5), { group: 'g' }),
      daily('b', Array.from({ length: 120 }, (_, t) => (t < 115 ? 30 : 25)), { group: 'g' }),
      daily('lonely', [2, 4]),
    ];
    const r = await forecastMany(inputs, { horizon: 7 });
    expect(r.map((x) => x.id)).toEqual(['a', 'new', 'b', 'lonely']);
    expect(r[1].model).toBe('pooled');
    expect(r[1].origins).toBe(0);
    expect(r[1].errorSd).toBeNull();
    Array.from(r[1].forecast).forEach((v) => expect(v).toBeCloseTo(5, 6));
    // no group to borrow from: the mean of what it sold
    expect(r[3].model).toBe('mean');
    Array.from(r[3].forecast).forEach((v) => expect(v).toBe(3));
    r.forEach((x) => expectValidBands(x, 7));
  });

  it('computes a share over the periods the series was observed', () => {
    // aggregate 10, 20, 30, 40; series (aligned on the end) 5, NaN: share 5 / 30
    expect(groupShare(daily('s', [5, NaN]), Float64Array.from([10, 20, 30, 40]), 2)).toBeCloseTo(1 / 6, 12);
    expect(groupShare(daily('s', [NaN]), Float64Array.from([10]), 4)).toBe(0.25);
  });

  it('gives the same results in worker threads as in process', async () => {
    const inputs = Array.from({ length: 70 }, (_, i) => daily(`s${i}`, poissonSeries(10 + i, 90, () => 1 + (i % 7))));
    const [one, two] = await Promise.all([forecastMany(inputs, { horizon: 7, workers: 1 }), forecastMany(inputs, { horizon: 7, workers: 2 })]);
    expect(two.map((r) => r.id)).toEqual(inputs.map((s) => s.id));
    two.forEach((r, i) => {
      expect(r.model).toBe(one[i].model);
      expect(Array.from(r.forecast)).toEqual(Array.from(one[i].forecast));
    });
  });

  it('refuses a horizon that is not a positive whole number', async () => {
    await expect(forecastMany([], { horizon: 0 })).rejects.toThrow('horizon must be a positive whole number');
  });
});
