// Holdout scoring of the benchmark, against hand-computed values.
import { holdoutScore, splitHoldout } from '../../../pipeline/forecast/holdout';
import type { SeriesForecast, SeriesInput } from '../../../pipeline/forecast';
import { syntheticSeries } from '../../../pipeline/forecast/synthetic';

const input = (id: string, values: number[]): SeriesInput => ({ id, values: Float64Array.from(values), period: 'day', seasonLength: 1 });
const result = (id: string, forecast: number[]): SeriesForecast => ({
  id,
  model: 'ses',
  forecast: Float64Array.from(forecast),
  quantiles: [],
  chosen: { mase: null, wape: null, bias: null },
  snaive: { mase: null, wape: null, bias: null },
  origins: 0,
  errorSd: null,
});

describe('holdoutScore', () => {
  it('averages MASE over series with a scale and pools WAPE and bias over all of them', () => {
    // A: history 2,4,6 (naive MAE 2), forecast 7 vs actual 8 → MASE 0.5; naive 6 → MASE 1
    // B: flat history (no scale): only WAPE counts it, with zero error on 6 units
    const score = holdoutScore(
      [input('A', [2, 4, 6]), input('B', [3, 3, 3])],
      [result('A', [7, 7]), result('B', [3, 3])],
      [Float64Array.from([8, NaN]), Float64Array.from([3, 3])],
    );
    expect(score).toEqual({ seriesScored: 1, mase: 0.5, maseSnaive: 1, wape: 1 / 14, wapeSnaive: 2 / 14, bias: -1 / 14 });
  });
});

describe('splitHoldout', () => {
  it('keeps the calendar over history and holdout, and returns the held-out actuals', () => {
    const split = splitHoldout({ ...input('A', [1, 2, 3, 4]), events: [null, 'bf', null, 'bf'] }, 2)!;
    expect(Array.from(split.train.values)).toEqual([1, 2]);
    expect(split.train.events).toEqual([null, 'bf', null, 'bf']);
    expect(Array.from(split.actual)).toEqual([3, 4]);
    expect(splitHoldout(input('A', [1]), 2)).toBeNull();
  });
});

describe('syntheticSeries', () => {
  it('is the same for the same seed, with stock-outs as NaN and no negative values', () => {
    const [a, b] = [syntheticSeries(20, 200, 1), syntheticSeries(20, 200, 1)];
    expect(Array.from(a[3].values)).toEqual(Array.from(b[3].values));
    const all = a.flatMap((s) => Array.from(s.values));
    expect(all.some((v) => Number.isNaN(v))).toBe(true);
    expect(all.filter((v) => !Number.isNaN(v)).every((v) => v >= 0)).toBe(true);
  });
});
