// Time as a dependency: writers, limiters and retries ask a Clock, so tests can run minutes of
// back-off and rate limiting in milliseconds with a ManualClock.

export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin). */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
  /** A signal that aborts with a TimeoutError after `ms` of this clock's time (absent: real time). */
  timeout?(ms: number): AbortSignal;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  timeout: (ms) => AbortSignal.timeout(Math.max(0, ms)),
};

/**
 * A clock that only moves when slept on: `sleep(ms)` advances time by `ms` at once and records it.
 * Good for unit tests of back-off and rate limits where the server answers instantly. Its
 * `timeout` signals abort once the clock has moved past them (a request timing out when the test
 * says so, not when a busy machine happens to be slow).
 */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  private readonly timeouts: { at: number; controller: AbortController }[] = [];
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    const wait = Math.max(0, ms);
    this.sleeps.push(wait);
    this.advance(wait);
  }
  advance(ms: number): void {
    this.time += ms;
    for (const due of this.timeouts.filter((t) => t.at <= this.time)) {
      this.timeouts.splice(this.timeouts.indexOf(due), 1);
      due.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }
  }
  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    this.timeouts.push({ at: this.time + Math.max(0, ms), controller });
    this.advance(0);
    return controller.signal;
  }
}
