// Intermittent-demand methods. Sizes z of non-zero demands and the intervals p between them (in
// observed periods: a censored period is neither a zero nor a demand) are smoothed:
//   Croston (1972)  ŷ = z/p;  SBA (Syntetos & Boylan 2005) ŷ = (1 − α/2) z/p;
//   TSB (Teunter, Syntetos & Babai 2011): probability π ← π + β(1[y>0] − π) every period,
//   z ← z + α(y − z) on demand periods, ŷ = π·z (decays toward 0 when demand stops).
import type { Model, RunResult } from './model';
import { head, sse } from './model';
import { gridSearch } from '../optimize';

const ALPHAS = [0.05, 0.1, 0.2, 0.3];
const BETAS = [0.02, 0.05, 0.1, 0.2];

export function runCroston(y: Float64Array, alpha: number, debias: boolean, ends: number[], h: number): RunResult {
  const last = ends[ends.length - 1];
  const fitted = new Float64Array(last).fill(NaN);
  const forecasts: Float64Array[] = [];
  const factor = debias ? 1 - alpha / 2 : 1;
  let size = NaN;
  let interval = NaN;
  let since = 0; // observed periods since the last demand, this one included
  let k = 0;
  for (let t = 0; ; t++) {
    const current = size === size ? (factor * size) / interval : NaN;
    while (k < ends.length && ends[k] === t) {
      forecasts.push(new Float64Array(h).fill(current === current ? current : 0));
      k++;
    }
    if (t >= last) break;
    fitted[t] = current;
    const v = y[t];
    if (v !== v) continue;
    since++;
    if (v <= 0) continue;
    if (size !== size) {
      size = v;
      interval = since;
    } else {
      size += alpha * (v - size);
      interval += alpha * (since - interval);
    }
    since = 0;
  }
  return { forecasts, fitted };
}

export function runTsb(y: Float64Array, alpha: number, beta: number, ends: number[], h: number): RunResult {
  const last = ends[ends.length - 1];
  const fitted = new Float64Array(last).fill(NaN);
  const forecasts: Float64Array[] = [];
  // start π at the demand frequency of the fitting span, z at its first demand
  let demands = 0;
  let observed = 0;
  let size = NaN;
  for (let t = 0; t < ends[0]; t++) {
    const v = y[t];
    if (v !== v) continue;
    observed++;
    if (v > 0) {
      demands++;
      if (size !== size) size = v;
    }
  }
  let prob = observed ? demands / observed : 0;
  if (size !== size) size = 0;
  let k = 0;
  for (let t = 0; ; t++) {
    while (k < ends.length && ends[k] === t) {
      forecasts.push(new Float64Array(h).fill(prob * size));
      k++;
    }
    if (t >= last) break;
    fitted[t] = prob * size;
    const v = y[t];
    if (v !== v) continue;
    if (v > 0) {
      prob += beta * (1 - prob);
      size += alpha * (v - size);
    } else prob -= beta * prob;
  }
  return { forecasts, fitted };
}

function crostonModel(name: string, debias: boolean): Model {
  return {
    name,
    minObserved: () => 4,
    fit(y, n) {
      const yn = head(y, n);
      return gridSearch((x) => sse(yn, runCroston(yn, x[0], debias, [n], 1).fitted, n), [ALPHAS]).x;
    },
    run: (y, _m, p, ends, h) => runCroston(y, p[0], debias, ends, h),
  };
}

export const croston = crostonModel('croston', false);
export const sba = crostonModel('sba', true);

export const tsb: Model = {
  name: 'tsb',
  minObserved: () => 4,
  fit(y, n) {
    const yn = head(y, n);
    return gridSearch((x) => sse(yn, runTsb(yn, x[0], x[1], [n], 1).fitted, n), [ALPHAS, BETAS]).x;
  },
  run: (y, _m, p, ends, h) => runTsb(y, p[0], p[1], ends, h),
};
