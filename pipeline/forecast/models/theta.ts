// The Theta method (Assimakopoulos & Nikolopoulos 2000) in its SES-with-drift form (Hyndman &
// Billah 2003): on seasonally adjusted data x, ŷ(h) = ℓ + ½b₀((1 − (1−α)ⁿ)/α + h − 1), with b₀ the
// least-squares slope of x on time and ℓ, α from SES; the forecast is reseasonalised.
import type { Model, RunResult } from './model';
import { head } from './model';
import { seasonalStart } from './seasonalIndex';
import { fitSesAlpha } from './ses';

// seasonal indices are floored so a position with no sales does not divide by zero
const MIN_INDEX = 0.05;

function indices(y: Float64Array, m: number, n: number): Float64Array {
  if (m <= 1 || n < 2 * m) return new Float64Array(Math.max(m, 1)).fill(1);
  const { season } = seasonalStart(y, m, n, 'mul', Math.floor(n / m));
  return season.map((v) => Math.max(v, MIN_INDEX));
}

function adjusted(y: Float64Array, c: Float64Array, n: number): Float64Array {
  const m = c.length;
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = y[t] / c[t % m];
  return x;
}

export function runTheta(y: Float64Array, m: number, alpha: number, ends: number[], h: number): RunResult {
  const last = ends[ends.length - 1];
  const c = indices(y, Math.max(m, 1), ends[0]);
  const mm = c.length;
  const x = adjusted(y, c, last);
  const fitted = new Float64Array(last).fill(NaN);
  const forecasts: Float64Array[] = [];
  let level = NaN;
  let n = 0;
  let st = 0;
  let sx = 0;
  let stt = 0;
  let stx = 0;
  let k = 0;
  const slope = () => {
    const d = n * stt - st * st;
    return n > 1 && d > 0 ? (n * stx - st * sx) / d : 0;
  };
  for (let t = 0; ; t++) {
    while (k < ends.length && ends[k] === t) {
      const drift = 0.5 * slope();
      const shift = (1 - Math.pow(1 - alpha, n)) / alpha - 1;
      const f = new Float64Array(h);
      for (let j = 0; j < h; j++) f[j] = level === level ? (level + drift * (shift + j + 1)) * c[(t + j) % mm] : 0;
      forecasts.push(f);
      k++;
    }
    if (t >= last) break;
    fitted[t] = level === level ? (level + 0.5 * slope() * ((1 - Math.pow(1 - alpha, n)) / alpha)) * c[t % mm] : NaN;
    const v = x[t];
    if (v !== v) continue;
    level = level === level ? level + alpha * (v - level) : v;
    n++;
    st += t;
    sx += v;
    stt += t * t;
    stx += t * v;
  }
  return { forecasts, fitted };
}

export const theta: Model = {
  name: 'theta',
  minObserved: (m) => Math.max(2 * m, 6),
  fit(y, n, m) {
    const c = indices(y, Math.max(m, 1), n);
    return [fitSesAlpha(adjusted(head(y, n), c, n), n)];
  },
  run: (y, m, p, ends, h) => runTheta(y, m, p[0], ends, h),
};
