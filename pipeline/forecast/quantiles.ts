// Quantiles from empirical backtest errors. Errors e = a − f of every origin and step are scaled by
// the step's typical size (mean |e| per step, smoothed by a non-decreasing line over the steps),
// pooled, and their empirical quantiles put back at each step's scale: the band keeps the shape
// of real misses (skewed for intermittent demand) and widens with the horizon as the backtest did.
import { quantileOfSorted } from './metrics';

export interface Band {
  q: number;
  values: Float64Array;
}

/** Per-step error scale sⱼ = a + b·j fitted to mean |e| per step (b ≥ 0), for j < h. */
function stepScales(errors: Float64Array[], h: number): Float64Array | null {
  const steps = errors.reduce((w, e) => Math.max(w, e.length), 0);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < steps; j++) {
    let s = 0;
    let c = 0;
    for (const e of errors) {
      const v = e[j];
      if (v === v && j < e.length) {
        s += Math.abs(v);
        c++;
      }
    }
    if (c) {
      xs.push(j);
      ys.push(s / c);
    }
  }
  if (!xs.length) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  if (!(my > 0)) return null;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const b = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  const a = my - b * mx;
  const out = new Float64Array(h);
  // never below a fifth of the mean: a line fitted to few origins can dip toward zero at step 0
  for (let j = 0; j < h; j++) out[j] = Math.max(a + b * j, 0.2 * my);
  return out;
}

/** Monotone in q per period, and ≥ 0. */
export function tidyBands(bands: Band[]): Band[] {
  const order = bands.map((_, i) => i).sort((x, y) => bands[x].q - bands[y].q);
  const h = bands[0]?.values.length ?? 0;
  const column = new Float64Array(bands.length);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < order.length; i++) column[i] = Math.max(0, bands[order[i]].values[j]);
    column.sort();
    for (let i = 0; i < order.length; i++) bands[order[i]].values[j] = column[i];
  }
  return bands;
}

/** Bands around forecast f from backtest errors (one array per origin, a − f per step, NaN = unscored). */
export function bandsFromErrors(f: Float64Array, errors: Float64Array[], qs: number[]): Band[] | null {
  const scales = stepScales(errors, Math.max(f.length, errors[0]?.length ?? 0));
  if (!scales) return null;
  const z: number[] = [];
  for (const e of errors) for (let j = 0; j < e.length; j++) if (e[j] === e[j]) z.push(e[j] / scales[j]);
  z.sort((a, b) => a - b);
  return tidyBands(qs.map((q) => {
    const zq = quantileOfSorted(z, q);
    return { q, values: f.map((v, j) => v + zq * scales[j]) };
  }));
}

/** Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    const x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < lo ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Unscored series (too short to backtest): Poisson-like bands f ± z·√f, the count-data default. */
export function poissonBands(f: Float64Array, qs: number[]): Band[] {
  return tidyBands(qs.map((q) => {
    const z = normalQuantile(q);
    return { q, values: f.map((v) => v + z * Math.sqrt(Math.max(v, 0))) };
  }));
}
