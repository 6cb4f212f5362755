// Holdout accuracy of a forecast run against the actuals that followed it, beside seasonal naive
// from the same history: what `npm run bench -- forecast` reports. MASE per series (scaled by the
// series' in-sample seasonal-naive MAE), averaged over series; WAPE pooled over all of them.
import type { SeriesForecast, SeriesInput } from './types';
import { addErrors, emptyTotals, maseScale } from './metrics';
import { snaive } from './models/snaive';
import { seasonLengthOf } from './engine';

export interface HoldoutScore {
  seriesScored: number;
  mase: number;
  maseSnaive: number;
  wape: number;
  wapeSnaive: number;
  bias: number;
}

/** Scores `results` (forecasts of `inputs`) against `actuals[i]`, the periods after inputs[i]. */
export function holdoutScore(inputs: readonly SeriesInput[], results: readonly SeriesForecast[], actuals: readonly Float64Array[]): HoldoutScore {
  const pooled = emptyTotals();
  const pooledNaive = emptyTotals();
  let maseSum = 0;
  let maseNaiveSum = 0;
  let scored = 0;
  inputs.forEach((input, i) => {
    const y = input.values;
    const m = seasonLengthOf(input);
    const scale = maseScale(y, y.length, m);
    const h = actuals[i].length;
    const naive = snaive.run(y, m, [], [y.length], h).forecasts[0];
    const own = emptyTotals();
    const ownNaive = emptyTotals();
    addErrors(own, results[i].forecast.subarray(0, h), actuals[i], 0);
    addErrors(ownNaive, naive, actuals[i], 0);
    for (const [into, from] of [[pooled, own], [pooledNaive, ownNaive]] as const) {
      into.absError += from.absError;
      into.error += from.error;
      into.actual += from.actual;
      into.count += from.count;
    }
    if (scale === null || own.count === 0) return;
    maseSum += own.absError / own.count / scale;
    maseNaiveSum += ownNaive.absError / ownNaive.count / scale;
    scored++;
  });
  return {
    seriesScored: scored,
    mase: scored ? maseSum / scored : NaN,
    maseSnaive: scored ? maseNaiveSum / scored : NaN,
    wape: pooled.actual > 0 ? pooled.absError / pooled.actual : NaN,
    wapeSnaive: pooledNaive.actual > 0 ? pooledNaive.absError / pooledNaive.actual : NaN,
    bias: pooled.actual > 0 ? pooled.error / pooled.actual : NaN,
  };
}

/** Splits a series into its history and its last `h` periods (the holdout). */
export function splitHoldout(input: SeriesInput, h: number): { train: SeriesInput; actual: Float64Array } | null {
  const n = input.values.length - h;
  if (n < 1) return null;
  return { train: { ...input, values: input.values.slice(0, n), ...(input.events ? { events: input.events.slice(0, n + h) } : {}) }, actual: input.values.slice(n) };
}
