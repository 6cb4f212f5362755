// The waiting half of both client-side limiters (TokenBucket, CostBucket): callers queue in
// order, so concurrent requests share the rate fairly instead of racing for the same points.
import type { Clock } from './clock';

export class TurnQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly clock: Clock) {}

  /**
   * In turn: sleeps on the clock until `waitMs()` says 0, then runs `take()` (which must spend
   * the points synchronously). Resolves with the time waited (ms).
   */
  run(waitMs: () => number, take: () => void): Promise<number> {
    const turn = this.tail.then(async () => {
      let waited = 0;
      for (let wait = waitMs(); wait > 0; wait = waitMs()) {
        await this.clock.sleep(wait);
        waited += wait;
      }
      take();
      return waited;
    });
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }
}
