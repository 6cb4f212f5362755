// Per-operation token buckets at the rates the SP-API models document (rate per second, burst),
// answering 429 QuotaExceeded with x-amzn-RateLimit-Limit when empty.
import type { FastifyReply } from 'fastify';
import type { Clock } from '../../http/clock';
import { TokenBucket, type TokenBucketOptions } from '../../http/tokenBucket';
import { AMAZON_RATES } from '../rates';
import { QUOTA_EXCEEDED } from './errors';

export { AMAZON_RATES };

export class OperationLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    private readonly clock: Clock,
    private readonly rates: Record<string, TokenBucketOptions> = AMAZON_RATES,
  ) {}

  /** Registers the rate of an operation added by a route module (reports, orders…). */
  define(operation: string, rate: TokenBucketOptions): void {
    this.rates[operation] = rate;
    this.buckets.delete(operation);
  }

  /** Takes a token for `operation`; when empty answers 429 and returns false. */
  allow(operation: string, reply: FastifyReply, enabled: boolean): boolean {
    const rate = this.rates[operation];
    if (!enabled || !rate) return true;
    let bucket = this.buckets.get(operation);
    if (!bucket) this.buckets.set(operation, (bucket = new TokenBucket(rate, this.clock)));
    reply.header('x-amzn-ratelimit-limit', String(rate.ratePerSecond));
    if (bucket.tryTake()) return true;
    reply.code(429).send(QUOTA_EXCEEDED());
    return false;
  }
}
