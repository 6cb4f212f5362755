// Yearly shape for daily series with more than a year of history: the forecast of any model is
// scaled, period by period, by how demand moved last year from the weeks before the origin to
// the weeks around the target day (a 28-day mean around day t − 365 over the 28-day mean before
// the origin a year ago). Event periods are censored first, so a peak is not counted twice (the
// event multipliers own it). Volumes are shrunk toward "no change" so slow movers keep ratio ≈ 1.

export const YEAR_DAYS = 365;
const WINDOW = 28;
/** Units per day added to both means: last year's ratio of a slow mover is mostly noise. */
const PRIOR_UNITS_PER_DAY = 0.2;
const MIN_OBSERVED = 14;
const MIN_RATIO = 0.2;
const MAX_RATIO = 5;

/** Prefix sums of observed values and of observed counts, for O(1) window means. */
export interface Prefix {
  sum: Float64Array;
  count: Float64Array;
}

export function prefixSums(y: Float64Array): Prefix {
  const sum = new Float64Array(y.length + 1);
  const count = new Float64Array(y.length + 1);
  for (let t = 0; t < y.length; t++) {
    const v = y[t];
    const seen = v === v;
    sum[t + 1] = sum[t] + (seen ? v : 0);
    count[t + 1] = count[t] + (seen ? 1 : 0);
  }
  return { sum, count };
}

function windowMean(p: Prefix, from: number, to: number): { mean: number; observed: number } {
  const observed = p.count[to] - p.count[from];
  return { mean: observed ? (p.sum[to] - p.sum[from]) / observed : NaN, observed };
}

/** Whether a forecast made with `end` periods of history can be given a yearly shape. */
export function hasYear(end: number): boolean {
  return end - YEAR_DAYS - WINDOW >= 0;
}

/** The h factors for a forecast made at `end`, or null when last year is not observed enough. */
export function yearlyFactors(p: Prefix, end: number, h: number): Float64Array | null {
  if (!hasYear(end)) return null;
  const base = windowMean(p, end - YEAR_DAYS - WINDOW, end - YEAR_DAYS);
  if (base.observed < MIN_OBSERVED) return null;
  const out = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    // the window around last year's target day, kept inside the history
    const centre = Math.min(end - YEAR_DAYS + j, end - WINDOW / 2);
    const target = windowMean(p, centre - WINDOW / 2, centre + WINDOW / 2);
    const ratio = target.observed >= MIN_OBSERVED ? (target.mean + PRIOR_UNITS_PER_DAY) / (base.mean + PRIOR_UNITS_PER_DAY) : 1;
    out[j] = Math.min(MAX_RATIO, Math.max(MIN_RATIO, ratio));
  }
  return out;
}

/** A copy of f scaled by the factors (f itself when there are none). */
export function scaled(f: Float64Array, factors: Float64Array | null): Float64Array {
  return factors ? f.map((v, j) => v * factors[j]) : f;
}
