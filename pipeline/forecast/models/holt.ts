// Holt's linear trend with damping (ETS(A,Ad,N), Gardner & McKenzie):
//   ℓ ← α y + (1−α)(ℓ + φb),  b ← β(ℓ − ℓ₋₁) + (1−β)φb,  ŷ(h) = ℓ + (φ + … + φʰ) b.
import type { Model, RunResult } from './model';
import { head, sse } from './model';
import { nelderMead } from '../optimize';

export function runHoltDamped(y: Float64Array, alpha: number, beta: number, phi: number, ends: number[], h: number): RunResult {
  const last = ends[ends.length - 1];
  const fitted = new Float64Array(last).fill(NaN);
  const forecasts: Float64Array[] = [];
  let level = NaN;
  let trend = 0;
  let seen = 0;
  let k = 0;
  for (let t = 0; ; t++) {
    while (k < ends.length && ends[k] === t) {
      const f = new Float64Array(h);
      let damp = 0;
      for (let j = 0; j < h; j++) {
        damp = damp * phi + phi;
        f[j] = level === level ? level + damp * trend : 0;
      }
      forecasts.push(f);
      k++;
    }
    if (t >= last) break;
    fitted[t] = level === level ? level + phi * trend : NaN;
    const v = y[t];
    if (v !== v) {
      // censored: follow the damped trend without correcting it
      if (level === level) {
        level += phi * trend;
        trend *= phi;
      }
      continue;
    }
    seen++;
    if (seen === 1) {
      level = v;
      continue;
    }
    const prev = level;
    level = alpha * v + (1 - alpha) * (level + phi * trend);
    trend = beta * (level - prev) + (1 - beta) * phi * trend;
  }
  return { forecasts, fitted };
}

export const holtDamped: Model = {
  name: 'holt_damped',
  minObserved: () => 10,
  fit(y, n) {
    const yn = head(y, n);
    const f = (x: number[]) => (x[1] > x[0] ? Infinity : sse(yn, runHoltDamped(yn, x[0], x[1], x[2], [n], 1).fitted, n));
    return nelderMead(f, [0.2, 0.02, 0.9], { lower: [0.001, 0.0001, 0.8], upper: [0.999, 0.5, 0.98], maxEvals: 60 }).x;
  },
  run: (y, _m, p, ends, h) => runHoltDamped(y, p[0], p[1], p[2], ends, h),
};
