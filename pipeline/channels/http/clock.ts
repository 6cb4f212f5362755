// Time as a dependency: writers, limiters and retries ask a Clock, so tests can run minutes of
// back-off and rate limiting in milliseconds with a ManualClock.

export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin). */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock that only moves when slept on: `sleep(ms)` advances time by `ms` at once and records it.
 * Good for unit tests of back-off and rate limits where the server answers instantly.
 */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    const wait = Math.max(0, ms);
    this.sleeps.push(wait);
    this.time += wait;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}
