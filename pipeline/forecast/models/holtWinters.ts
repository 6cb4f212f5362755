// Holt–Winters with a seasonal cycle of m periods:
//   additive        e = y − (ℓ + s),  ℓ ← ℓ + αe,  s ← s + γe                    (ETS(A,N,A))
//   multiplicative  ℓ ← α y/s + (1−α)ℓ,  s ← γ y/ℓ + (1−γ)s,  ŷ = ℓ·s
//   damped trend    e = y − (ℓ + φb + s),  ℓ ← ℓ + φb + αe,  b ← φb + βe,  s ← s + γe (ETS(A,Ad,A))
import type { Model, RunResult } from './model';
import { countObserved, head, sse } from './model';
import { seasonalStart } from './seasonalIndex';
import { gridSearch, nelderMead } from '../optimize';

const TINY = 1e-9;

export function runHoltWinters(y: Float64Array, m: number, kind: 'add' | 'mul', alpha: number, gamma: number, ends: number[], h: number): RunResult {
  const last = ends[ends.length - 1];
  const start = seasonalStart(y, m, ends[0], kind);
  let level = start.level;
  const s = start.season.slice();
  const fitted = new Float64Array(last);
  const forecasts: Float64Array[] = [];
  let k = 0;
  for (let t = 0; ; t++) {
    while (k < ends.length && ends[k] === t) {
      const f = new Float64Array(h);
      for (let j = 0; j < h; j++) {
        const si = s[(t + j) % m];
        f[j] = kind === 'add' ? level + si : level * si;
      }
      forecasts.push(f);
      k++;
    }
    if (t >= last) break;
    const i = t % m;
    fitted[t] = kind === 'add' ? level + s[i] : level * s[i];
    const v = y[t];
    if (v !== v) continue;
    if (kind === 'add') {
      const e = v - level - s[i];
      level += alpha * e;
      s[i] += gamma * e;
    } else {
      level = alpha * (v / Math.max(s[i], TINY)) + (1 - alpha) * level;
      s[i] = gamma * (v / Math.max(level, TINY)) + (1 - gamma) * s[i];
    }
  }
  return { forecasts, fitted };
}

export function runHoltWintersDamped(y: Float64Array, m: number, alpha: number, beta: number, gamma: number, phi: number, ends: number[], h: number): RunResult {
  const last = ends[ends.length - 1];
  const start = seasonalStart(y, m, ends[0], 'add');
  let level = start.level;
  let trend = 0;
  const s = start.season.slice();
  const fitted = new Float64Array(last);
  const forecasts: Float64Array[] = [];
  let k = 0;
  for (let t = 0; ; t++) {
    while (k < ends.length && ends[k] === t) {
      const f = new Float64Array(h);
      let damp = 0;
      for (let j = 0; j < h; j++) {
        damp = damp * phi + phi;
        f[j] = level + damp * trend + s[(t + j) % m];
      }
      forecasts.push(f);
      k++;
    }
    if (t >= last) break;
    const i = t % m;
    fitted[t] = level + phi * trend + s[i];
    const v = y[t];
    if (v !== v) {
      // censored: follow the damped trend without correcting it
      level += phi * trend;
      trend *= phi;
      continue;
    }
    const e = v - fitted[t];
    level += phi * trend + alpha * e;
    trend = phi * trend + beta * e;
    s[i] += gamma * e;
  }
  return { forecasts, fitted };
}

export const holtWintersDamped: Model = {
  name: 'holt_winters_damped',
  minObserved: (m) => Math.max(2 * m, 10),
  fit(y, n, m) {
    const yn = head(y, n);
    const f = (x: number[]) => (x[1] > x[0] ? Infinity : sse(yn, runHoltWintersDamped(yn, m, x[0], x[1], x[2], x[3], [n], 1).fitted, n));
    return nelderMead(f, [0.1, 0.01, 0.05, 0.9], { lower: [0.001, 0.0001, 0.0001, 0.8], upper: [0.999, 0.3, 0.5, 0.98], maxEvals: 60 }).x;
  },
  run: (y, m, p, ends, h) => runHoltWintersDamped(y, m, p[0], p[1], p[2], p[3], ends, h),
};

function makeHoltWinters(name: string, kind: 'add' | 'mul'): Model {
  return {
    name,
    minObserved: (m) => Math.max(2 * m, 10),
    fit(y, n, m) {
      const yn = head(y, n);
      const f = (x: number[]) => sse(yn, runHoltWinters(yn, m, kind, x[0], x[1], [n], 1).fitted, n);
      const start = gridSearch(f, [[0.03, 0.1, 0.3], [0.01, 0.1]]);
      return nelderMead(f, start.x, { lower: [0.001, 0.0001], upper: [0.999, 0.5], maxEvals: 40 }).x;
    },
    run: (y, m, p, ends, h) => runHoltWinters(y, m, kind, p[0], p[1], ends, h),
  };
}

export const holtWinters = makeHoltWinters('holt_winters', 'add');
export const holtWintersMul = makeHoltWinters('holt_winters_mul', 'mul');

/** Multiplicative seasonality needs a positive level: only offered to series with few zeros. */
export function suitsMultiplicative(y: Float64Array, n: number): boolean {
  let zeros = 0;
  for (let t = 0; t < n; t++) if (y[t] === 0) zeros++;
  return zeros <= 0.05 * countObserved(y, n);
}
