// Pooled fallback for series too short to backtest: forecast the sum of their group (aligned on
// the last period, like every series of one run) and give each its share of the group's sales
// over the periods it was observed. A series with no observed period takes an equal share.
import type { SeriesForecast, SeriesInput } from './types';
import { observedMean } from './models/model';
import { poissonBands } from './quantiles';

const UNSCORED = { mase: null, wape: null, bias: null };

/** The group's summed series: period t is the sum of the members observed then (NaN if none). */
export function groupAggregate(group: string, members: SeriesInput[]): SeriesInput {
  const length = members.reduce((max, s) => Math.max(max, s.values.length), 0);
  const values = new Float64Array(length).fill(NaN);
  for (const s of members) {
    const offset = length - s.values.length;
    s.values.forEach((v, t) => {
      if (v === v) values[t + offset] = (values[t + offset] === values[t + offset] ? values[t + offset] : 0) + v;
    });
  }
  // the calendar of the longest member with events, shifted onto the aggregate's periods
  const withEvents = members.filter((s) => s.events).sort((a, b) => b.values.length - a.values.length)[0];
  const events = withEvents?.events ? [...new Array<null>(length - withEvents.values.length).fill(null), ...withEvents.events] : undefined;
  const first = members[0];
  return { id: `group:${group}`, values, period: first.period, seasonLength: first.seasonLength, events };
}

/** The series' share of its group over the periods it was observed. */
export function groupShare(series: SeriesInput, aggregate: Float64Array, memberCount: number): number {
  const offset = aggregate.length - series.values.length;
  let own = 0;
  let total = 0;
  let observed = 0;
  series.values.forEach((v, t) => {
    const g = aggregate[t + offset];
    if (v !== v || g !== g) return;
    own += v;
    total += g;
    observed++;
  });
  if (!observed) return 1 / memberCount;
  return total > 0 ? own / total : 0;
}

export function pooledForecast(series: SeriesInput, group: SeriesForecast, share: number): SeriesForecast {
  return {
    id: series.id,
    model: 'pooled',
    forecast: group.forecast.map((v) => v * share),
    quantiles: group.quantiles.map((b) => ({ q: b.q, values: b.values.map((v) => v * share) })),
    chosen: UNSCORED,
    snaive: UNSCORED,
    origins: 0,
    errorSd: null,
  };
}

/** No group to borrow from: the mean of the last 28 observed-or-not periods (0 with no sales seen). */
export function meanFallback(series: SeriesInput, horizon: number, quantiles: number[]): SeriesForecast {
  const y = series.values;
  const level = observedMean(y, y.length - 28, y.length);
  const forecast = new Float64Array(horizon).fill(level === level ? level : observedMean(y, 0, y.length) || 0);
  return { id: series.id, model: 'mean', forecast, quantiles: poissonBands(forecast, quantiles), chosen: UNSCORED, snaive: UNSCORED, origins: 0, errorSd: null };
}
