// Peak-event multipliers learned from the series' own history: for each event key, the ratio of
// actual to baseline (the model's one-step fit, which never saw event periods) over past event
// periods, shrunk toward 1 by PRIOR_PERIODS periods' worth of baseline so one lucky day is not law.

const PRIOR_PERIODS = 2;

export type EventKeys = ReadonlyArray<string | null | undefined>;

/** Copy of y with event periods censored, so models fit the baseline only; y itself when none. */
export function withoutEvents(y: Float64Array, events: EventKeys | undefined): Float64Array {
  if (!events) return y;
  let copy: Float64Array | null = null;
  for (let t = 0; t < y.length; t++) {
    if (events[t] == null) continue;
    copy ??= y.slice();
    copy[t] = NaN;
  }
  return copy ?? y;
}

export function learnMultipliers(y: Float64Array, baseline: Float64Array, events: EventKeys | undefined, end: number): Map<string, number> {
  const out = new Map<string, number>();
  if (!events) return out;
  const actual = new Map<string, number>();
  const base = new Map<string, number>();
  const count = new Map<string, number>();
  for (let t = 0; t < end && t < baseline.length; t++) {
    const key = events[t];
    const a = y[t];
    const b = baseline[t];
    if (key == null || a !== a || !(b > 0)) continue;
    actual.set(key, (actual.get(key) ?? 0) + a);
    base.set(key, (base.get(key) ?? 0) + b);
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  for (const [key, sumBase] of base) {
    const prior = (PRIOR_PERIODS * sumBase) / (count.get(key) ?? 1);
    out.set(key, ((actual.get(key) ?? 0) + prior) / (sumBase + prior));
  }
  return out;
}

/** Multiplies forecast periods that carry a learned event key (f[j] is period from + j). */
export function applyMultipliers(f: Float64Array, events: EventKeys | undefined, from: number, multipliers: Map<string, number>): void {
  if (!events || !multipliers.size) return;
  for (let j = 0; j < f.length; j++) {
    const key = events[from + j];
    const mult = key == null ? undefined : multipliers.get(key);
    if (mult !== undefined) f[j] *= mult;
  }
}
