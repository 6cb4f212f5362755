// What a writer answers for rows whose call was sent but whose answer was lost: `unknown`, with
// the reason. The core (push.ts) reads them back and decides from what the channel shows, the same
// way for every channel; a writer never resends them and never guesses.
import type { PushOutcome, StockPush } from './writer';

export function lostAnswers(rows: StockPush[], message: string): PushOutcome[] {
  return rows.map((row) => ({ change_id: row.change_id, status: 'unknown', message }));
}
