// Answers computed live because their dataset's mart is being rebuilt (run.ts), and the rebuild's
// loop over the marts (models.ts), which lets them finish before it builds its next mart: the
// analyst waiting for an answer gets both cores instead of sharing them with background work.
// After a pull at 10M order lines, turnover's live answer took ~215 ms alone and 400–700 ms beside
// a mart build. Bounded: however many such answers keep coming, a mart waits at most `maxWaitMs`.
// In memory, per warehouse object; no I/O.

interface LiveAnswers {
  count: number;
  /** Settles when count is back to 0. */
  settled: Promise<void>;
  settle: () => void;
}

const running = new WeakMap<object, LiveAnswers>();

/** Marks a live answer as started on `warehouse`; call the returned function once when it ends. */
export function beginLiveAnswer(warehouse: object): () => void {
  let answers = running.get(warehouse);
  if (!answers) {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    answers = { count: 0, settled, settle };
    running.set(warehouse, answers);
  }
  answers.count += 1;
  const mine = answers;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    mine.count -= 1;
    if (mine.count === 0) {
      if (running.get(warehouse) === mine) running.delete(warehouse);
      mine.settle();
    }
  };
}

/** How many live answers are running on `warehouse` (tests, logs). */
export function liveAnswerCount(warehouse: object): number {
  return running.get(warehouse)?.count ?? 0;
}

/** Settles when no live answer runs on `warehouse`, or after `maxWaitMs` at the latest. */
export async function liveAnswersSettled(warehouse: object, maxWaitMs: number): Promise<void> {
  const answers = running.get(warehouse);
  if (!answers) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([answers.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
  clearTimeout(timer);
}
