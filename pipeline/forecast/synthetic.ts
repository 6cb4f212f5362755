// Seeded synthetic daily demand for the speed benchmark: a mix of fast movers with weekly and
// yearly shape, trends, slow movers with many zero days, and stock-out runs (NaN).
import { Rng } from '../demo/random';
import type { SeriesInput } from './types';

export function syntheticSeries(count: number, days: number, seed = 7): SeriesInput[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const slow = rng.chance(0.4);
    const base = slow ? rng.range(0.05, 0.8) : rng.range(1, 40);
    const trend = rng.range(-0.5, 1) / days;
    const week = Array.from({ length: 7 }, () => rng.range(0.8, 1.25));
    const yearAmp = rng.range(0, 0.4);
    const values = new Float64Array(days);
    let outFor = 0;
    for (let t = 0; t < days; t++) {
      if (outFor > 0 || rng.chance(0.004)) {
        outFor = outFor > 0 ? outFor - 1 : rng.int(3, 20);
        values[t] = NaN;
        continue;
      }
      const mean = base * (1 + trend * t) * week[t % 7] * (1 + yearAmp * Math.sin((2 * Math.PI * t) / 365.25));
      values[t] = rng.poisson(Math.max(mean, 0));
    }
    return { id: `SYN-${i}`, values, period: 'day', seasonLength: 7, group: `G${i % 20}` };
  });
}
