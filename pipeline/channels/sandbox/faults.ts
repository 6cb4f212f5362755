// Injected faults, shared by every channel sandbox. Rates are probabilities per request (or per
// row for `errorRate`, which each channel turns into its own per-row error shape). Everything is
// drawn from one seeded generator, so a failing soak run can be replayed with the same seed.
import { seededRandom, type Random } from './rng';

export interface FaultOptions {
  /** Per row: the channel answers this row with its own error (eBay 25001 in a 207, AliExpress failed product…). */
  errorRate: number;
  /** Per request: HTTP 5xx in the channel's error shape, before anything is applied. */
  serverErrorRate: number;
  /** Per request: HTTP 429 (or the channel's throttle answer) with Retry-After, before anything is applied. */
  throttleRate: number;
  /** Seconds sent in Retry-After with injected throttles. */
  retryAfterSeconds: number;
  /** Added latency per request in ms: a fixed number or a [min, max] range. */
  latencyMs: number | [number, number];
  /** Per request: never answer. */
  hangRate: number;
  /** Hang before applying (nothing changes) or after applying (the write happened, the answer never comes). */
  hangPhase: 'before' | 'after';
  seed: number;
}

export const NO_FAULTS: FaultOptions = {
  errorRate: 0,
  serverErrorRate: 0,
  throttleRate: 0,
  retryAfterSeconds: 1,
  latencyMs: 0,
  hangRate: 0,
  hangPhase: 'after',
  seed: 1,
};

export type RequestFault = 'server_error' | 'throttle' | 'hang' | null;

export class FaultInjector {
  private random: Random;
  options: FaultOptions;

  constructor(options: Partial<FaultOptions> = {}) {
    this.options = { ...NO_FAULTS, ...options };
    this.random = seededRandom(this.options.seed);
  }

  /** Replaces the knobs at run time (and reseeds when a seed is given). */
  configure(options: Partial<FaultOptions>): void {
    this.options = { ...this.options, ...options };
    if (options.seed !== undefined) this.random = seededRandom(options.seed);
  }

  /** The fault for this request, if any. Drawn once per request in a fixed order. */
  requestFault(): RequestFault {
    const { hangRate, serverErrorRate, throttleRate } = this.options;
    const roll = this.random();
    if (roll < hangRate) return 'hang';
    if (roll < hangRate + serverErrorRate) return 'server_error';
    if (roll < hangRate + serverErrorRate + throttleRate) return 'throttle';
    return null;
  }

  /** True when this row should fail with the channel's per-row error. */
  rowError(): boolean {
    return this.options.errorRate > 0 && this.random() < this.options.errorRate;
  }

  latencyMs(): number {
    const latency = this.options.latencyMs;
    if (typeof latency === 'number') return latency;
    return latency[0] + Math.floor(this.random() * (latency[1] - latency[0] + 1));
  }

  /** The sandbox's random source, for ids and channel-side choices. */
  next(): number {
    return this.random();
  }
}
