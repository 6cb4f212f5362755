// Starting seasonal pattern from the first whole seasons of observed data: the mean per season
// position relative to the overall mean (additive: difference, multiplicative: ratio).

export interface SeasonalStart {
  level: number;
  season: Float64Array; // indexed by t mod m
}

export function seasonalStart(y: Float64Array, m: number, n: number, kind: 'add' | 'mul', cycles = 4): SeasonalStart {
  const to = Math.min(n, m * cycles);
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  let total = 0;
  let count = 0;
  for (let t = 0; t < to; t++) {
    const v = y[t];
    if (v !== v) continue;
    sums[t % m] += v;
    counts[t % m]++;
    total += v;
    count++;
  }
  const level = count ? total / count : 0;
  const season = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const mean = counts[i] ? sums[i] / counts[i] : level;
    season[i] = kind === 'add' ? mean - level : level > 0 ? mean / level : 1;
  }
  return { level, season };
}
