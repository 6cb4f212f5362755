// Which models compete for a series: smoothing models always, seasonal ones when the season is
// covered twice, intermittent ones when at least a fifth of observed periods have no sales.
import type { Model } from './models/model';
import { countObserved } from './models/model';
import { snaive } from './models/snaive';
import { ses } from './models/ses';
import { holtDamped } from './models/holt';
import { holtWinters, holtWintersDamped, holtWintersMul, suitsMultiplicative } from './models/holtWinters';
import { theta } from './models/theta';
import { croston, sba, tsb } from './models/intermittent';

export const ALL_MODELS: Model[] = [snaive, ses, holtDamped, holtWinters, holtWintersDamped, holtWintersMul, theta, croston, sba, tsb];

const INTERMITTENT_ZERO_SHARE = 0.2;

export function zeroShare(y: Float64Array, n: number): number {
  let zeros = 0;
  for (let t = 0; t < n; t++) if (y[t] === 0) zeros++;
  const observed = countObserved(y, n);
  return observed ? zeros / observed : 0;
}

/** Candidates for y[0..n) with season m (snaive first: it is always scored as the benchmark). */
export function candidatesFor(y: Float64Array, n: number, m: number): Model[] {
  const observed = countObserved(y, n);
  const seasonal = m > 1;
  const intermittent = zeroShare(y, n) >= INTERMITTENT_ZERO_SHARE;
  return ALL_MODELS.filter((model) => {
    if (observed < model.minObserved(m)) return false;
    if (!seasonal && (model === holtWinters || model === holtWintersDamped || model === holtWintersMul)) return false;
    if (model === holtWintersMul && !suitsMultiplicative(y, n)) return false;
    if (!intermittent && (model === croston || model === sba || model === tsb)) return false;
    return true;
  });
}
