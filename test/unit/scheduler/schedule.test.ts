import { isDue, nextRunAt, upcomingRuns } from '../../../pipeline/scheduler/schedule';

describe('schedule evaluation with time zones', () => {
  it('fires a daily 06:00 Berlin job at 05:00 UTC in winter and 04:00 UTC in summer', () => {
    const schedule = { cron: '0 6 * * *', timezone: 'Europe/Berlin' };
    expect(nextRunAt(schedule, new Date('2026-01-15T12:00:00Z'))?.toISOString()).toBe('2026-01-16T05:00:00.000Z');
    expect(nextRunAt(schedule, new Date('2026-07-15T12:00:00Z'))?.toISOString()).toBe('2026-07-16T04:00:00.000Z');
  });

  it('runs a 02:30 Los Angeles job once on the fall-back day and right after the gap on spring-forward day', () => {
    const schedule = { cron: '30 2 * * *', timezone: 'America/Los_Angeles' };
    // 2026-03-08: 02:00 PST jumps to 03:00 PDT, so 02:30 does not exist; it runs at 03:30 PDT = 10:30Z.
    expect(nextRunAt(schedule, new Date('2026-03-08T08:00:00Z'))?.toISOString()).toBe('2026-03-08T10:30:00.000Z');
    // 2026-11-01: 02:30 happens once (after the 01:00–02:00 repeat), at 10:30Z (PST).
    const runs = upcomingRuns(schedule, new Date('2026-11-01T07:00:00Z'), 2).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-11-01T10:30:00.000Z', '2026-11-02T10:30:00.000Z']);
  });

  it('is due when it never ran, or when a scheduled instant passed since the last run started', () => {
    const every15 = { cron: '*/15 * * * *', timezone: 'UTC' };
    expect(isDue(every15, null, new Date('2026-03-10T12:01:00Z'))).toBe(true);
    expect(isDue(every15, '2026-03-10T12:00:10.000Z', new Date('2026-03-10T12:14:59Z'))).toBe(false);
    expect(isDue(every15, '2026-03-10T12:00:10.000Z', new Date('2026-03-10T12:15:00Z'))).toBe(true);
  });

  it('evaluates "due" in the schedule time zone, not the server one', () => {
    // 09:00 in Tokyo is 00:00 UTC; a run that started at 23:00 UTC the day before is due at 00:00 UTC.
    const tokyo = { cron: '0 9 * * *', timezone: 'Asia/Tokyo' };
    expect(isDue(tokyo, '2026-03-09T23:00:00.000Z', new Date('2026-03-09T23:59:00Z'))).toBe(false);
    expect(isDue(tokyo, '2026-03-09T23:00:00.000Z', new Date('2026-03-10T00:00:00Z'))).toBe(true);
  });
});
