// One series: rolling-origin backtest of every candidate, choice by MASE, final forecast and
// bands. Pure and synchronous; index.ts spreads series over worker threads.
import type { Model } from './models/model';
import { countObserved } from './models/model';
import { snaive } from './models/snaive';
import type { BacktestScore, Period, SeriesForecast, SeriesInput } from './types';
import { candidatesFor } from './candidates';
import { addErrors, emptyTotals, maseScale, score, type ErrorTotals } from './metrics';
import { applyMultipliers, learnMultipliers, withoutEvents, type EventKeys } from './events';
import { bandsFromErrors, poissonBands } from './quantiles';
import { hasYear, prefixSums, scaled, yearlyFactors, type Prefix } from './yearly';

export interface EngineSettings {
  horizon: number;
  quantiles: number[];
  origins: number;
  backtestHorizon: number;
}

export const DEFAULT_QUANTILES = [0.1, 0.5, 0.9];
const DEFAULT_SEASON: Record<Period, number> = { day: 7, week: 52, month: 12 };
const COMBO_SIZE = 3;
const BIAS_PENALTY = 2;
/** Origins whose errors shape the bands and the error σ. */
const ERROR_ORIGINS = 24;
/** Observed periods a series needs before its first backtest origin. */
export const MIN_TRAIN_OBSERVED = 14;

export function seasonLengthOf(input: SeriesInput): number {
  const m = input.seasonLength ?? DEFAULT_SEASON[input.period];
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`series ${input.id}: seasonLength must be a positive whole number, got ${m}`);
  return m;
}

/** Origin ends (count of values used) for K non-overlapping windows of H ending at n. */
export function originEnds(y: Float64Array, H: number, K: number): number[] {
  const n = y.length;
  for (let k = K; k > 0; k--) {
    const first = n - k * H;
    if (first > 0 && countObserved(y, first) >= MIN_TRAIN_OBSERVED) return Array.from({ length: k }, (_, i) => first + i * H);
  }
  return [];
}

interface Scored {
  name: string;
  members: Model[];          // one model, or the combination's members
  params: number[][];        // each member's parameters, fitted before the first origin
  yearly: boolean[];         // per member: scaled by last year's shape (yearly.ts)
  forecasts: Float64Array[]; // per origin
  totals: ErrorTotals;
  score: BacktestScore;
}

/** The forecasts a fitted model makes at each end, event multipliers applied (learned before each end). */
function forecastsAt(model: Model, params: number[], y: Float64Array, yFit: Float64Array, events: EventKeys | undefined, m: number, ends: number[], h: number): Float64Array[] {
  const run = model.run(yFit, m, params, ends, h);
  return run.forecasts.map((f, k) => {
    applyMultipliers(f, events, ends[k], learnMultipliers(y, run.fitted, events, ends[k]));
    for (let j = 0; j < f.length; j++) if (!(f[j] > 0)) f[j] = 0;
    return f;
  });
}

function scoreForecasts(forecasts: Float64Array[], y: Float64Array, ends: number[], scale: number | null): { totals: ErrorTotals; score: BacktestScore } {
  const totals = emptyTotals();
  forecasts.forEach((f, k) => addErrors(totals, f, y, ends[k]));
  return { totals, score: score(totals, scale) };
}

function mean(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays[0].length);
  for (const a of arrays) for (let j = 0; j < out.length; j++) out[j] += a[j] / arrays.length;
  return out;
}

/** Up to `count` evenly spaced ends from `to` back to no earlier than `from` (`to` included). */
export function spreadEnds(from: number, to: number, count: number): number[] {
  if (to <= from) return [from];
  const step = Math.max(1, Math.ceil((to - from) / (count - 1)));
  const out: number[] = [];
  for (let e = to; e >= from; e -= step) out.unshift(e);
  return out;
}

/** The mean forecast of a candidate's members at `ends`. */
function memberMean(c: Scored, y: Float64Array, yFit: Float64Array, events: EventKeys | undefined, m: number, ends: number[], h: number, prefix: Prefix | null): Float64Array[] {
  const perMember = c.members.map((model, i) => {
    const forecasts = forecastsAt(model, c.params[i], y, yFit, events, m, ends, h);
    return c.yearly[i] && prefix ? forecasts.map((f, k) => scaled(f, yearlyFactors(prefix, ends[k], h))) : forecasts;
  });
  return ends.map((_, k) => mean(perMember.map((f) => f[k])));
}

/**
 * Lower is better: MASE, inflated by the backtest bias (×(1 + 2|bias|)). MAE alone rewards the
 * median, which for intermittent or growing demand sits below the mean, and a forecast that runs
 * low makes replenishment order too little. Mean absolute error when the scale is undefined.
 */
export function rank(s: { score: BacktestScore; totals: ErrorTotals }): number {
  if (s.score.mase !== null) return s.score.mase * (1 + BIAS_PENALTY * Math.abs(s.score.bias ?? 0));
  return s.totals.count ? 1e6 + s.totals.absError / s.totals.count : Infinity;
}

/** Errors a − f per origin and step, and the RMS of their per-origin sums (the safety-stock σ). */
function backtestErrors(forecasts: Float64Array[], y: Float64Array, ends: number[]): { errors: Float64Array[]; errorSd: number | null } {
  const errors: Float64Array[] = [];
  let sumSq = 0;
  let used = 0;
  forecasts.forEach((f, k) => {
    const e = new Float64Array(f.length);
    let sum = 0;
    let c = 0;
    for (let j = 0; j < f.length; j++) {
      const a = y[ends[k] + j];
      e[j] = a - f[j];
      if (a === a) {
        sum += f[j] - a;
        c++;
      }
    }
    errors.push(e);
    if (c) {
      // censored steps: scale the observed sum up to the whole window
      const total = (sum * f.length) / c;
      sumSq += total * total;
      used++;
    }
  });
  return { errors, errorSd: used ? Math.sqrt(sumSq / used) : null };
}

/** Backtests and forecasts one series; null when it is too short for even one origin. */
export function forecastSeries(input: SeriesInput, s: EngineSettings): SeriesForecast | null {
  const y = input.values;
  const m = seasonLengthOf(input);
  const H = s.backtestHorizon;
  const ends = originEnds(y, H, s.origins);
  if (!ends.length) return null;
  const events = input.events;
  const yFit = withoutEvents(y, events);
  const fitEnd = ends[0];
  const scale = maseScale(y, ends[ends.length - 1], m);

  // daily series with a year of history before the first origin also compete with a yearly shape
  const prefix = input.period === 'day' && hasYear(fitEnd) ? prefixSums(yFit) : null;
  const factors = prefix ? ends.map((e) => yearlyFactors(prefix, e, H)) : null;
  const scored: Scored[] = candidatesFor(yFit, fitEnd, m).flatMap((model) => {
    const params = model.fit(yFit, fitEnd, m);
    const forecasts = forecastsAt(model, params, y, yFit, events, m, ends, H);
    const plain: Scored = { name: model.name, members: [model], params: [params], yearly: [false], forecasts, ...scoreForecasts(forecasts, y, ends, scale) };
    if (!factors || model === snaive) return [plain];
    const shaped = forecasts.map((f, k) => scaled(f, factors[k]));
    return [plain, { ...plain, name: `${model.name}_yearly`, yearly: [true], forecasts: shaped, ...scoreForecasts(shaped, y, ends, scale) }];
  });
  const byRank = [...scored].sort((a, b) => rank(a) - rank(b));
  if (byRank.length >= COMBO_SIZE) {
    // the mean, not the median: a median of intermittent forecasts sits below the mean demand
    const top = byRank.slice(0, COMBO_SIZE);
    const forecasts = ends.map((_, k) => mean(top.map((t) => t.forecasts[k])));
    const combo: Scored = { name: 'combo', members: top.flatMap((t) => t.members), params: top.flatMap((t) => t.params), yearly: top.flatMap((t) => t.yearly), forecasts, ...scoreForecasts(forecasts, y, ends, scale) };
    byRank.push(combo);
    byRank.sort((a, b) => rank(a) - rank(b));
  }
  const chosen = byRank[0];
  const snaiveScored = scored.find((c) => c.name === snaive.name)!;

  const n = y.length;
  const refits = new Map<Model, number[]>(); // a combination may hold a model plain and yearly
  const finals = chosen.members.map((model, i) => {
    const params = refits.get(model) ?? model.fit(yFit, n, m);
    refits.set(model, params);
    const f = forecastsAt(model, params, y, yFit, events, m, [n], s.horizon)[0];
    return chosen.yearly[i] && prefix ? scaled(f, yearlyFactors(prefix, n, s.horizon)) : f;
  });
  const forecast = mean(finals);
  // errors for bands and σ: the chosen model from ERROR_ORIGINS origins spread after the first
  // (one cheap pass with the parameters fitted before it), not only the K scored ones
  const errorEnds = spreadEnds(fitEnd, n - H, ERROR_ORIGINS);
  const { errors, errorSd } = backtestErrors(memberMean(chosen, y, yFit, events, m, errorEnds, H, prefix), y, errorEnds);
  const quantiles = bandsFromErrors(forecast, errors, s.quantiles) ?? poissonBands(forecast, s.quantiles);
  return { id: input.id, model: chosen.name, forecast, quantiles, chosen: chosen.score, snaive: snaiveScored.score, origins: ends.length, errorSd };
}
