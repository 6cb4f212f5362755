// Accuracy measures, quantile bands and the parameter search, against hand-computed values.
import { addErrors, emptyTotals, maseScale, quantileOfSorted, score, seasonalNaiveMae } from '../../../pipeline/forecast/metrics';
import { bandsFromErrors, normalQuantile, poissonBands, tidyBands } from '../../../pipeline/forecast/quantiles';
import { gridSearch, nelderMead } from '../../../pipeline/forecast/optimize';

const arr = (values: number[]) => Float64Array.from(values);

describe('accuracy measures', () => {
  it('scores MASE, WAPE and bias over observed actuals only', () => {
    // f = 3,3,3 against a = 2, NaN, 6: errors +1 and −3 → MAE 2, Σ|e| 4, Σa 8, Σ(f−a) −2
    const totals = emptyTotals();
    addErrors(totals, arr([3, 3, 3]), arr([0, 2, NaN, 6]), 1);
    expect(totals).toEqual({ absError: 4, error: -2, actual: 8, count: 2 });
    expect(score(totals, 4)).toEqual({ mase: 0.5, wape: 0.5, bias: -0.25 });
  });

  it('scales MASE by the in-sample seasonal-naive MAE, skipping pairs with a censored value', () => {
    // m = 2 over 1, 3, 2, NaN, 5: pairs (1,2) → 1 and (2,5) → 3; (3,NaN) skipped → 2
    expect(seasonalNaiveMae(arr([1, 3, 2, NaN, 5]), 5, 2)).toBe(2);
  });

  it('falls back to the naive scale when the season repeats exactly, and to null on a flat series', () => {
    // 1,2,1,2: seasonal MAE 0; naive MAE 1
    expect(maseScale(arr([1, 2, 1, 2]), 4, 2)).toBe(1);
    expect(maseScale(arr([4, 4, 4, 4]), 4, 2)).toBeNull();
    expect(score({ absError: 1, error: 1, actual: 0, count: 1 }, null)).toEqual({ mase: null, wape: null, bias: null });
  });

  it('interpolates empirical quantiles between order statistics (type 7)', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
  });
});

describe('quantile bands', () => {
  it('puts the pooled, scaled backtest errors around the forecast', () => {
    // per-step mean |e| = 2 and 2 → scale 2; z = ±0.5, ±1.5; q0.1 of z = −1.2 → 10 − 2.4
    const bands = bandsFromErrors(arr([10, 10]), [arr([1, -1]), arr([3, -3])], [0.1, 0.5, 0.9])!;
    expect(Array.from(bands[0].values)).toEqual([7.6, 7.6].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(bands[1].values)).toEqual([10, 10].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(bands[2].values)).toEqual([12.4, 12.4].map((v) => expect.closeTo(v, 9)));
  });

  it('widens with the horizon when the backtest misses grow with the step', () => {
    const bands = bandsFromErrors(arr([10, 10, 10]), [arr([1, 2, 3]), arr([-1, -2, -3])], [0.1, 0.9])!;
    const width = (j: number) => bands[1].values[j] - bands[0].values[j];
    expect(width(1)).toBeGreaterThan(width(0));
    expect(width(2)).toBeGreaterThan(width(1));
  });

  it('keeps bands monotone in q and never below zero', () => {
    const bands = tidyBands([
      { q: 0.9, values: arr([1, 5]) },
      { q: 0.1, values: arr([-2, 6]) },
    ]);
    expect(Array.from(bands[1].values)).toEqual([0, 5]);
    expect(Array.from(bands[0].values)).toEqual([1, 6]);
  });

  it('has no bands from errors when every backtest error is zero or unscored', () => {
    expect(bandsFromErrors(arr([1]), [arr([NaN])], [0.5])).toBeNull();
  });

  it('gives unscored series Poisson-like bands f ± z√f', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    const [lo, hi] = poissonBands(arr([4]), [0.025, 0.975]);
    expect(lo.values[0]).toBeCloseTo(4 - 1.959964 * 2, 4);
    expect(hi.values[0]).toBeCloseTo(4 + 1.959964 * 2, 4);
  });
});

describe('parameter search', () => {
  it('Nelder–Mead finds the minimum of a quadratic inside the box', () => {
    const { x } = nelderMead((p) => (p[0] - 0.3) ** 2 + (p[1] - 0.7) ** 2, [0.5, 0.5], { lower: [0, 0], upper: [1, 1], maxEvals: 200, tolerance: 1e-12 });
    expect(x[0]).toBeCloseTo(0.3, 3);
    expect(x[1]).toBeCloseTo(0.7, 3);
  });

  it('Nelder–Mead stops at the bound when the minimum lies outside the box', () => {
    const { x } = nelderMead((p) => (p[0] - 2) ** 2, [0.5], { lower: [0], upper: [1], maxEvals: 100 });
    expect(x[0]).toBeCloseTo(1, 6);
  });

  it('grid search returns the best grid point', () => {
    expect(gridSearch((p) => Math.abs(p[0] - 0.22) + Math.abs(p[1] - 3), [[0.1, 0.2, 0.3], [1, 3]]).x).toEqual([0.2, 3]);
  });
});
