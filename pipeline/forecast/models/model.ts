// What every forecasting model provides. Models are pure functions over Float64Array: NaN is a
// censored (stock-out) period, skipped when fitting and propagated as "no update" in recursions.

/** The result of one pass of a model's recursions over y[0..ends[last]). */
export interface RunResult {
  /** h-step forecasts made with y[0..end) for each end of `ends` (same order). */
  forecasts: Float64Array[];
  /** One-step-ahead fitted values ŷ[t | t-1] for t < max(ends); NaN before the model can forecast. */
  fitted: Float64Array;
}

export interface Model {
  name: string;
  /** Observed (non-NaN) values needed to fit the model at all. */
  minObserved(m: number): number;
  /** Parameters fitted on y[0..n) by one-step in-sample SSE (NaN periods skipped). */
  fit(y: Float64Array, n: number, m: number): number[];
  /** Runs the recursions once with fixed parameters; `ends` ascending, each ≤ y.length. */
  run(y: Float64Array, m: number, params: number[], ends: number[], h: number): RunResult;
}

/** Sum of squared one-step errors over observed periods, from a fitted array. */
export function sse(y: Float64Array, fitted: Float64Array, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) {
    const e = y[t] - fitted[t];
    if (e === e) s += e * e; // NaN-safe: skips censored actuals and undefined fits
  }
  return s;
}

/** A view of y truncated to n values (no copy). */
export function head(y: Float64Array, n: number): Float64Array {
  return n >= y.length ? y : y.subarray(0, n);
}

/** Mean of the observed values in y[from..to); NaN when none is observed. */
export function observedMean(y: Float64Array, from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let t = Math.max(0, from); t < to; t++) {
    const v = y[t];
    if (v === v) {
      s += v;
      c++;
    }
  }
  return c ? s / c : NaN;
}

export function countObserved(y: Float64Array, n = y.length): number {
  let c = 0;
  for (let t = 0; t < n; t++) if (y[t] === y[t]) c++;
  return c;
}
