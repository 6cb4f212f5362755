// Peak-event multipliers and the yearly shape, against hand-computed ratios.
import { applyMultipliers, learnMultipliers, withoutEvents } from '../../../pipeline/forecast/events';
import { prefixSums, yearlyFactors } from '../../../pipeline/forecast/yearly';

const arr = (values: number[]) => Float64Array.from(values);

describe('event multipliers', () => {
  it('learns actual over baseline on past event periods, shrunk toward 1 by two periods of baseline', () => {
    // one event day: 30 sold on a baseline of 10 → (30 + 2·10) / (10 + 2·10) = 5/3
    const m = learnMultipliers(arr([10, 10, 30, 10]), arr([10, 10, 10, 10]), [null, null, 'bf', null], 4);
    expect(m.get('bf')).toBeCloseTo(5 / 3, 12);
  });

  it('uses only event periods before the origin and skips censored ones', () => {
    const m = learnMultipliers(arr([10, 40, NaN, 10]), arr([10, 10, 10, 10]), [null, 'pd', 'pd', 'pd'], 3);
    // only t = 1 counts: (40 + 20) / (10 + 20) = 2
    expect(m.get('pd')).toBeCloseTo(2, 12);
  });

  it('multiplies the forecast periods that carry a learned key', () => {
    const f = arr([1, 1, 1]);
    applyMultipliers(f, [null, null, 'bf', null, 'xmas'], 2, new Map([['bf', 3]]));
    expect(Array.from(f)).toEqual([3, 1, 1]);
  });

  it('censors event periods for fitting and leaves the input untouched', () => {
    const y = arr([1, 2, 3]);
    const fit = withoutEvents(y, [null, 'bf', null]);
    expect(Array.from(fit)).toEqual([1, NaN, 3]);
    expect(Array.from(y)).toEqual([1, 2, 3]);
    expect(withoutEvents(y, undefined)).toBe(y);
  });
});

describe('yearly shape', () => {
  // 800 days at 10 a day, except 28 days at 20 starting exactly one year before the origin
  const end = 800;
  const y = Float64Array.from({ length: end }, (_, t) => (t >= end - 365 && t < end - 337 ? 20 : 10));

  it('scales by last year’s 28-day mean around the target day over the 28 days before the origin', () => {
    const f = yearlyFactors(prefixSums(y), end, 15)!;
    // step 0: window of 14 days at 10 and 14 at 20 → (15 + 0.2) / (10 + 0.2)
    expect(f[0]).toBeCloseTo(15.2 / 10.2, 12);
    // step 14: the window is the 28 peak days → (20 + 0.2) / (10 + 0.2)
    expect(f[14]).toBeCloseTo(20.2 / 10.2, 12);
  });

  it('gives no shape without a year and four weeks of history', () => {
    expect(yearlyFactors(prefixSums(y.subarray(0, 392)), 392, 5)).toBeNull();
  });
});
