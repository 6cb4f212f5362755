// Rows a writer cannot address on its channel (no item id, an id of the wrong shape, an FBA row)
// are answered failed, not retryable, without any call; the rest go on to be sent. One rule for
// every writer, each with its own idea of what a row needs.
import type { PushOutcome, StockPush } from './writer';

export interface Addressed {
  sendable: StockPush[];
  /** Outcomes of the rows refused, by change id (the writer adds the sent rows' outcomes). */
  outcomes: Map<string, PushOutcome>;
}

/** `problemOf` says why a row cannot be sent (null: it can), seeing the rows already accepted. */
export function refuseUnaddressable(rows: readonly StockPush[], problemOf: (row: StockPush, sendable: readonly StockPush[]) => string | null): Addressed {
  const outcomes = new Map<string, PushOutcome>();
  const sendable: StockPush[] = [];
  for (const row of rows) {
    const problem = problemOf(row, sendable);
    if (problem) outcomes.set(row.change_id, { change_id: row.change_id, status: 'failed', message: problem, retryable: false });
    else sendable.push(row);
  }
  return { sendable, outcomes };
}
