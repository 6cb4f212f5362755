// Schedule evaluation: when a stream runs next and whether it is due. Pure (the clock comes in);
// croner does the cron + time-zone arithmetic (DST follows Vixie cron: a 02:30 job runs once on the
// fall-back day and right after the gap on the spring-forward day).
import { Cron } from 'croner';
import type { ResolvedSchedule } from '../config/resolve';

function cronOf(schedule: ResolvedSchedule): Cron {
  return new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
}

/** The first scheduled instant strictly after `after`, or null if the expression never fires again. */
export function nextRunAt(schedule: ResolvedSchedule, after: Date): Date | null {
  return cronOf(schedule).nextRun(after);
}

/** The next `count` scheduled instants after `after` (for `crossdock run --plan` and the API). */
export function upcomingRuns(schedule: ResolvedSchedule, after: Date, count: number): Date[] {
  return cronOf(schedule).nextRuns(count, after);
}

/**
 * A stream is due when it never ran, or when a scheduled instant has passed since its last run
 * started: `crossdock run` from system cron every few minutes then honours each stream's own
 * schedule, and a run missed while the machine was off happens at the next pass (once).
 */
export function isDue(schedule: ResolvedSchedule, lastStartedAt: string | null, now: Date): boolean {
  if (lastStartedAt === null) return true;
  const next = nextRunAt(schedule, new Date(lastStartedAt));
  return next !== null && next.getTime() <= now.getTime();
}
