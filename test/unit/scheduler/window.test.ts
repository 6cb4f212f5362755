import { DAY_MS, HOUR_MS, laterInstant, nextWindow, planWindows } from '../../../pipeline/channels/contract/window';

const now = new Date('2026-03-10T12:00:00Z');

describe('nextWindow / planWindows', () => {
  it('starts a first run at startDate and ends at now minus the end lag', () => {
    expect(nextWindow({ watermark: null, startDate: '2026-03-01', now, rules: { lookbackMs: 0, endLagMs: 120_000 } })).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-10T11:58:00.000Z',
    });
  });

  it('re-reads the lookback before the watermark on later runs', () => {
    expect(nextWindow({ watermark: '2026-03-10T06:00:00.000Z', startDate: '2020-01-01', now, rules: { lookbackMs: 48 * HOUR_MS } })).toEqual({
      from: '2026-03-08T06:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
    });
  });

  it('splits a long range into consecutive windows of at most maxSpan, the last one ending at now', () => {
    const windows = planWindows({ watermark: null, startDate: '2026-01-01', now, rules: { lookbackMs: 0, maxSpanMs: 30 * DAY_MS } });
    expect(windows.map((w) => [w.from.slice(0, 10), w.to.slice(0, 16)])).toEqual([
      ['2026-01-01', '2026-01-31T00:00'],
      ['2026-01-31', '2026-03-02T00:00'],
      ['2026-03-02', '2026-03-10T12:00'],
    ]);
  });

  it('clamps the start to what the channel still serves and records what was skipped', () => {
    const window = nextWindow({ watermark: null, startDate: '2025-01-01', now, rules: { lookbackMs: 0, maxAgeMs: 90 * DAY_MS } });
    expect(window).toEqual({ from: '2025-12-10T12:00:00.000Z', to: '2026-03-10T12:00:00.000Z', clampedFrom: '2025-01-01T00:00:00.000Z' });
  });

  it('has nothing to do when the watermark is already at the end', () => {
    expect(nextWindow({ watermark: '2026-03-10T11:59:30.000Z', startDate: '2020-01-01', now, rules: { lookbackMs: 0, endLagMs: 60_000 } })).toBeNull();
  });

  it('never moves a watermark backwards', () => {
    expect(laterInstant('2026-03-10T00:00:00.000Z', '2026-03-09T00:00:00.000Z')).toBe('2026-03-10T00:00:00.000Z');
    expect(laterInstant(null, '2026-03-09T00:00:00.000Z')).toBe('2026-03-09T00:00:00.000Z');
  });
});
