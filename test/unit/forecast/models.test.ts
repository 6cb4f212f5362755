// Each model against values worked out by hand from its textbook recursions.
import { snaive } from '../../../pipeline/forecast/models/snaive';
import { fitSesAlpha, runSes } from '../../../pipeline/forecast/models/ses';
import { runHoltDamped } from '../../../pipeline/forecast/models/holt';
import { runHoltWinters, runHoltWintersDamped, holtWinters } from '../../../pipeline/forecast/models/holtWinters';
import { runTheta } from '../../../pipeline/forecast/models/theta';
import { runCroston, runTsb } from '../../../pipeline/forecast/models/intermittent';
import { Rng } from '../../../pipeline/demo/random';

const arr = (values: number[]) => Float64Array.from(values);
const close = (actual: ArrayLike<number>, expected: number[], digits = 9) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
};

describe('seasonal naive', () => {
  it('repeats the last season and skips a censored period to the season before it', () => {
    // m = 3: positions 0,1,2; y[4] (position 1) is censored, so position 1 keeps y[1] = 2
    const run = snaive.run(arr([1, 2, 3, 4, NaN, 6]), 3, [], [6], 4);
    close(run.forecasts[0], [4, 2, 6, 4]);
    close(run.fitted.subarray(3), [1, 2, 3]);
  });
});

describe('simple exponential smoothing', () => {
  it('updates the level by α times the error: 10, 12, 11 with α = 0.5 ends at 11', () => {
    const run = runSes(arr([10, 12, 11]), 0.5, [3], 2);
    expect(run.fitted[0]).toBeNaN();
    close(run.fitted.subarray(1), [10, 11]);
    close(run.forecasts[0], [11, 11]);
  });

  it('carries the level over a censored period instead of reading it as zero', () => {
    // 10, NaN, 14: the level stays 10 over the stock-out, then 10 + 0.5·4 = 12
    close(runSes(arr([10, NaN, 14]), 0.5, [3], 1).forecasts[0], [12]);
  });

  it('fits α near 1 on a random walk and near 0 on noise around a constant', () => {
    const rng = new Rng(3);
    const walk = new Float64Array(300);
    const noise = new Float64Array(300);
    for (let t = 0; t < 300; t++) {
      walk[t] = (t ? walk[t - 1] : 100) + rng.normal(0, 5);
      noise[t] = 50 + rng.normal(0, 5);
    }
    expect(fitSesAlpha(walk, 300)).toBeGreaterThan(0.8);
    expect(fitSesAlpha(noise, 300)).toBeLessThan(0.1);
  });
});

describe('damped Holt', () => {
  it('matches the hand recursion on 10, 12, 14 with α = β = 0.5, φ = 0.9', () => {
    // t1: ℓ = 0.5·12 + 0.5·10 = 11, b = 0.5·1 = 0.5
    // t2: ŷ = 11 + 0.45 = 11.45; ℓ = 7 + 5.725 = 12.725; b = 0.8625 + 0.225 = 1.0875
    const run = runHoltDamped(arr([10, 12, 14]), 0.5, 0.5, 0.9, [3], 2);
    expect(run.fitted[2]).toBeCloseTo(11.45, 12);
    close(run.forecasts[0], [12.725 + 0.9 * 1.0875, 12.725 + 1.71 * 1.0875]);
  });
});

describe('Holt-Winters', () => {
  it('matches the hand recursion of the additive form on two seasons of m = 2', () => {
    // start: level 16, season [-5, 5] (means 11 and 21 of the first seasons)
    // t0 e=-1 → ℓ 15.5, s0 -5.5; t1 e=-0.5 → ℓ 15.25, s1 4.75
    // t2 e=2.25 → ℓ 16.375, s0 -4.375; t3 e=0.875 → ℓ 16.8125, s1 5.1875
    const run = runHoltWinters(arr([10, 20, 12, 22]), 2, 'add', 0.5, 0.5, [4], 3);
    close(run.fitted, [11, 20.5, 9.75, 21.125]);
    close(run.forecasts[0], [12.4375, 22, 12.4375]);
  });

  it('matches the hand recursion of the multiplicative form', () => {
    // start from 10, 20, 14: position means 12 and 20, overall 44/3 → season [12, 20]·3/44
    let level = 44 / 3;
    const s = [(12 * 3) / 44, (20 * 3) / 44];
    const fitted: number[] = [];
    [10, 20, 14].forEach((v, t) => {
      fitted.push(level * s[t % 2]);
      level = (0.5 * v) / s[t % 2] + 0.5 * level;
      s[t % 2] = (0.5 * v) / level + 0.5 * s[t % 2];
    });
    const run = runHoltWinters(arr([10, 20, 14]), 2, 'mul', 0.5, 0.5, [3], 2);
    close(run.fitted, fitted);
    close(run.forecasts[0], [level * s[1], level * s[0]]);
    // the first step by hand: ŷ₀ = (44/3)·(36/44) = 12
    expect(run.fitted[0]).toBeCloseTo(12, 12);
  });

  it('recovers an exact weekly pattern so the forecast repeats it', () => {
    const week = [5, 7, 9, 11, 13, 20, 25];
    const y = Float64Array.from({ length: 70 }, (_, t) => week[t % 7]);
    const p = holtWinters.fit(y, 70, 7);
    close(holtWinters.run(y, 7, p, [70], 7).forecasts[0], week, 6);
  });
});

describe('Theta', () => {
  it('is SES plus half the regression slope as drift (Hyndman & Billah 2003)', () => {
    // x = 1,2,3,4; SES α = 0.5 → ℓ = 3.125; b₀ = 1; ŷ(h) = ℓ + ½((1 − 0.5⁴)/0.5 + h − 1)
    const run = runTheta(arr([1, 2, 3, 4]), 1, 0.5, [4], 2);
    close(run.forecasts[0], [3.125 + 0.5 * 1.875, 3.125 + 0.5 * 2.875]);
  });
});

describe('intermittent demand', () => {
  const y = arr([0, 0, 3, 0, 5]);

  it('Croston smooths sizes and intervals: z = 4, p = 2.5 → 1.6 per period', () => {
    // first demand: z = 3 after 3 periods; next: z = 3 + 0.5·2 = 4, p = 3 + 0.5·(2 − 3) = 2.5
    close(runCroston(y, 0.5, false, [5], 2).forecasts[0], [1.6, 1.6]);
  });

  it('SBA multiplies Croston by 1 − α/2', () => {
    close(runCroston(y, 0.5, true, [5], 1).forecasts[0], [1.6 * 0.75]);
  });

  it('Croston does not count a censored period in the interval', () => {
    // 0,0,3,NaN,5: the second demand comes 1 observed period later: p = 3 + 0.5·(1 − 3) = 2
    close(runCroston(arr([0, 0, 3, NaN, 5]), 0.5, false, [5], 1).forecasts[0], [2]);
  });

  it('TSB updates the demand probability every period: π = 0.6375, z = 4', () => {
    // π starts at 2/5, z at 3: 0.2, 0.1, 0.55, 0.275, 0.6375; z = 3 + 0.5·(5 − 3) = 4
    close(runTsb(y, 0.5, 0.5, [5], 1).forecasts[0], [0.6375 * 4]);
  });
});

describe('damped-trend Holt-Winters', () => {
  it('matches the hand recursion of ETS(A,Ad,A) on two seasons of m = 2', () => {
    // start: level 16, trend 0, season [-5, 5]; α = β = γ = 0.5, φ = 0.8
    let level = 16;
    let trend = 0;
    const s = [-5, 5];
    const fitted: number[] = [];
    [10, 20, 12, 22].forEach((v, t) => {
      const f = level + 0.8 * trend + s[t % 2];
      fitted.push(f);
      const e = v - f;
      level += 0.8 * trend + 0.5 * e;
      trend = 0.8 * trend + 0.5 * e;
      s[t % 2] += 0.5 * e;
    });
    const run = runHoltWintersDamped(arr([10, 20, 12, 22]), 2, 0.5, 0.5, 0.5, 0.8, [4], 2);
    close(run.fitted, fitted);
    close(run.forecasts[0], [level + 0.8 * trend + s[0], level + (0.8 + 0.64) * trend + s[1]]);
    // first step by hand: ŷ₀ = 16 − 5 = 11, e = −1 → ℓ = 15.5, b = −0.5
    expect(run.fitted[1]).toBeCloseTo(15.5 + 0.8 * -0.5 + 5, 12);
  });
});
