// Accuracy measures (docs/forecasting.md): MASE = MAE / in-sample seasonal-naive MAE (Hyndman &
// Koehler 2006), WAPE = Σ|f−a| / Σa, bias = Σ(f−a) / Σa. Censored (NaN) actuals are not scored.
import type { BacktestScore } from './types';

export interface ErrorTotals {
  absError: number;
  error: number;   // Σ(f − a)
  actual: number;  // Σa
  count: number;
}

export const emptyTotals = (): ErrorTotals => ({ absError: 0, error: 0, actual: 0, count: 0 });

/** Adds the errors of forecast f against actuals y[from..from+f.length) (beyond y: not scored). */
export function addErrors(totals: ErrorTotals, f: Float64Array, y: Float64Array, from: number): void {
  for (let j = 0; j < f.length && from + j < y.length; j++) {
    const a = y[from + j];
    if (a !== a) continue;
    const e = f[j] - a;
    totals.absError += Math.abs(e);
    totals.error += e;
    totals.actual += a;
    totals.count++;
  }
}

/** Mean absolute difference of observed pairs m periods apart in y[0..n); NaN when none. */
export function seasonalNaiveMae(y: Float64Array, n: number, m: number): number {
  let s = 0;
  let c = 0;
  for (let t = m; t < n; t++) {
    const d = y[t] - y[t - m];
    if (d === d) {
      s += Math.abs(d);
      c++;
    }
  }
  return c ? s / c : NaN;
}

/** The MASE scale: seasonal-naive MAE, naive MAE when the season gives none; null when zero. */
export function maseScale(y: Float64Array, n: number, m: number): number | null {
  let scale = seasonalNaiveMae(y, n, m);
  if (!(scale > 0) && m > 1) scale = seasonalNaiveMae(y, n, 1);
  return scale > 0 ? scale : null;
}

export function score(totals: ErrorTotals, scale: number | null): BacktestScore {
  if (!totals.count) return { mase: null, wape: null, bias: null };
  return {
    mase: scale ? totals.absError / totals.count / scale : null,
    wape: totals.actual > 0 ? totals.absError / totals.actual : null,
    bias: totals.actual > 0 ? totals.error / totals.actual : null,
  };
}

/** Empirical quantile with linear interpolation between order statistics (Hyndman–Fan type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
