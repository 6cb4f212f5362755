// Client-side request limiter: a token bucket with `ratePerSecond` refill and `burst` capacity.
// `take()` waits (on the injected clock) until a token is free, so callers never exceed the
// channel's documented rate; `tryTake()` is the non-blocking form the sandboxes use to answer 429.
import type { Clock } from './clock';
import { TurnQueue } from './waitTurn';

export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly turns: TurnQueue;

  constructor(
    readonly options: TokenBucketOptions,
    private readonly clock: Clock,
  ) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError(`token bucket needs ratePerSecond > 0 and burst >= 1, got ${JSON.stringify(options)}`);
    }
    this.tokens = options.burst;
    this.updatedAt = clock.now();
    this.turns = new TurnQueue(clock);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsed * this.options.ratePerSecond);
    this.updatedAt = now;
  }

  /** Milliseconds until `cost` tokens are available (0 when they are now). */
  waitMs(cost = 1): number {
    this.refill();
    const missing = cost - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.options.ratePerSecond) * 1000);
  }

  /** Takes `cost` tokens now if they are there; false otherwise (nothing taken). */
  tryTake(cost = 1): boolean {
    this.refill();
    if (this.tokens + 1e-9 < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Waits until `cost` tokens are free, then takes them. Resolves with the time waited (ms). */
  take(cost = 1): Promise<number> {
    return this.turns.run(
      () => this.waitMs(cost),
      () => (this.tokens -= cost),
    );
  }

  /** Tokens available now (fractional). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Empties the bucket, e.g. after the server said 429 although we thought we had tokens. */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }
}
