// Seasonal naive: each future period repeats the latest observed value one season earlier
// (a censored period falls back to the same position a season before that). m = 1 is naive.
import type { Model, RunResult } from './model';
import { observedMean } from './model';

export const snaive: Model = {
  name: 'snaive',
  minObserved: () => 1,
  fit: () => [],
  run(y, m, _params, ends, h): RunResult {
    const last = ends[ends.length - 1];
    const latest = new Float64Array(m).fill(NaN);
    const fitted = new Float64Array(last).fill(NaN);
    const forecasts: Float64Array[] = [];
    let k = 0;
    for (let t = 0; ; t++) {
      while (k < ends.length && ends[k] === t) {
        // a position never observed yet borrows the mean of the last observed season
        const fallback = observedMean(y, t - m, t);
        const mean = fallback === fallback ? fallback : observedMean(y, 0, t);
        const f = new Float64Array(h);
        for (let j = 0; j < h; j++) {
          const v = latest[(t + j) % m];
          f[j] = v === v ? v : mean === mean ? mean : 0;
        }
        forecasts.push(f);
        k++;
      }
      if (t >= last) break;
      fitted[t] = latest[t % m];
      const v = y[t];
      if (v === v) latest[t % m] = v;
    }
    return { forecasts, fitted };
  },
};
