import { FORECAST_TAIL_DAYS, forecastSums } from '../../../pipeline/analytics/forecastBuild';

describe('the sums kept with a forecast for replenishment', () => {
  it('runs a sum over the days and averages the last 28 of them', () => {
    expect(forecastSums([1, 2, 3])).toEqual({ cumulative: [1, 3, 6], tailDaily: 2 }); // fewer than 28 days: all of them
    const spike = [70, ...Array.from({ length: FORECAST_TAIL_DAYS }, (_, i) => (i < 14 ? 1 : 3))];
    const { cumulative, tailDaily } = forecastSums(spike);
    expect(cumulative[0]).toBe(70);
    expect(cumulative.at(-1)).toBe(70 + 14 * 1 + 14 * 3);
    expect(tailDaily).toBe(2); // (14·1 + 14·3) / 28: the first day is not in the tail
  });

  it('has no tail for an empty forecast', () => {
    expect(forecastSums([])).toEqual({ cumulative: [], tailDaily: null });
  });
});
