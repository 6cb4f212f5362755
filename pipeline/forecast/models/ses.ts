// Simple exponential smoothing (ETS(A,N,N)): ℓ ← ℓ + α(y − ℓ); the forecast is flat at ℓ.
import type { Model, RunResult } from './model';
import { head, sse } from './model';
import { gridSearch, nelderMead } from '../optimize';

export function runSes(y: Float64Array, alpha: number, ends: number[], h: number): RunResult {
  const last = ends[ends.length - 1];
  const fitted = new Float64Array(last).fill(NaN);
  const forecasts: Float64Array[] = [];
  let level = NaN;
  let k = 0;
  for (let t = 0; ; t++) {
    while (k < ends.length && ends[k] === t) {
      forecasts.push(new Float64Array(h).fill(level === level ? level : 0));
      k++;
    }
    if (t >= last) break;
    fitted[t] = level;
    const v = y[t];
    if (v !== v) continue; // censored: the level carries over
    level = level === level ? level + alpha * (v - level) : v;
  }
  return { forecasts, fitted };
}

/** α by grid then Nelder–Mead on one-step SSE. */
export function fitSesAlpha(y: Float64Array, n: number): number {
  const yn = head(y, n);
  const f = (x: number[]) => sse(yn, runSes(yn, x[0], [n], 1).fitted, n);
  const start = gridSearch(f, [[0.02, 0.05, 0.1, 0.2, 0.35, 0.6]]);
  return nelderMead(f, start.x, { lower: [0.001], upper: [0.999], maxEvals: 20 }).x[0];
}

export const ses: Model = {
  name: 'ses',
  minObserved: () => 2,
  fit: (y, n) => [fitSesAlpha(y, n)],
  run: (y, _m, p, ends, h) => runSes(y, p[0], ends, h),
};
