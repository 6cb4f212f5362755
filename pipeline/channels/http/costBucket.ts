// Shopify's GraphQL limit is a leaky bucket of query-cost points, not requests. Every response
// reports `extensions.cost.throttleStatus` {maximumAvailable, currentlyAvailable, restoreRate};
// this bucket mirrors it, restores at restoreRate between calls, and makes a caller wait until
// the points a query is expected to cost are available.
import type { Clock } from './clock';
import { TurnQueue } from './waitTurn';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private status: ThrottleStatus;
  private syncedAt: number;
  private readonly turns: TurnQueue;

  constructor(
    initial: ThrottleStatus,
    private readonly clock: Clock,
  ) {
    this.status = { ...initial };
    this.syncedAt = clock.now();
    this.turns = new TurnQueue(clock);
  }

  /** Points available now, by the last status the server sent plus what restored since. */
  available(): number {
    const elapsed = Math.max(0, this.clock.now() - this.syncedAt) / 1000;
    return Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + elapsed * this.status.restoreRate);
  }

  get maximumAvailable(): number {
    return this.status.maximumAvailable;
  }

  /** Milliseconds until `cost` points are available. A cost above the bucket size waits for a full bucket. */
  waitMs(cost: number): number {
    const needed = Math.min(cost, this.status.maximumAvailable) - this.available();
    return needed <= 0 ? 0 : Math.ceil((needed / this.status.restoreRate) * 1000);
  }

  /** Waits until `cost` points are free and reserves them until the server's answer syncs us. */
  reserve(cost: number): Promise<number> {
    return this.turns.run(
      () => this.waitMs(cost),
      () => {
        this.status = { ...this.status, currentlyAvailable: this.available() - cost };
        this.syncedAt = this.clock.now();
      },
    );
  }

  /** Adopts the server's view (sent with every answer, throttled or not). */
  sync(status: ThrottleStatus): void {
    this.status = { ...status };
    this.syncedAt = this.clock.now();
  }
}
