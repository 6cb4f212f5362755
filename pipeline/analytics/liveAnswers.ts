// Answers computed live because their dataset's mart is being rebuilt (run.ts), and the rebuild's
// loop over the marts (models.ts), which lets them finish before it builds its next mart: the
// analyst waiting for an answer gets both cores instead of sharing them with background work.
// After a pull at 10M order lines, turnover's live answer took ~215 ms alone and 400–700 ms beside
// a mart build. Bounded twice: a mart waits at most `maxWaitMs`, however many answers keep coming,
// and an answer running for over a minute (or never closed by its reader) holds nothing back.
// In memory, per warehouse object; no I/O.
import { performance } from 'node:perf_hooks';

/** An answer older than this no longer holds a rebuild back. */
export const LIVE_ANSWER_HOLDS_MS = 60_000;

interface Tracker {
  /** When each running answer started (performance.now()), by id. */
  running: Map<number, number>;
  /** Called whenever an answer ends. */
  onEnd: Set<() => void>;
}

const trackers = new WeakMap<object, Tracker>();
let nextId = 0;

function trackerOf(warehouse: object): Tracker {
  let tracker = trackers.get(warehouse);
  if (!tracker) {
    tracker = { running: new Map(), onEnd: new Set() };
    trackers.set(warehouse, tracker);
  }
  return tracker;
}

/**
 * Marks a live answer as started on `warehouse` (`startedAt`: now, unless a test says otherwise);
 * call the returned function when it ends (again: ignored).
 */
export function beginLiveAnswer(warehouse: object, startedAt = performance.now()): () => void {
  const tracker = trackerOf(warehouse);
  const id = nextId++;
  tracker.running.set(id, startedAt);
  return () => {
    if (!tracker.running.delete(id)) return;
    for (const notify of [...tracker.onEnd]) notify();
  };
}

/** How many live answers on `warehouse` hold a rebuild back now. */
export function liveAnswerCount(warehouse: object): number {
  const tracker = trackers.get(warehouse);
  if (!tracker) return 0;
  const since = performance.now() - LIVE_ANSWER_HOLDS_MS;
  let count = 0;
  for (const startedAt of tracker.running.values()) if (startedAt >= since) count += 1;
  return count;
}

/** Settles when no live answer holds `warehouse`'s rebuild back, or after `maxWaitMs` at the latest. */
export async function liveAnswersSettled(warehouse: object, maxWaitMs: number): Promise<void> {
  const tracker = trackers.get(warehouse);
  if (!tracker) return;
  const until = performance.now() + maxWaitMs;
  while (liveAnswerCount(warehouse) > 0) {
    const left = until - performance.now();
    if (left <= 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        tracker.onEnd.delete(done);
        resolve();
      };
      const timer = setTimeout(done, left);
      tracker.onEnd.add(done);
    });
  }
}
