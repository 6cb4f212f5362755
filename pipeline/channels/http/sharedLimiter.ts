// One rate budget per channel account, shared by every client of that account in the process.
// A scheduled pull (streams) and a stock push (writer) to the same account each build their own
// client, but the channel counts their calls against one limit: both ask this registry for the
// limiter of the account, and the first asker creates it. The key is built by `accountKey`
// (channel + base URL + a digest of the credential identity — never the secret in clear), plus a
// suffix naming what is limited ("graphql-cost", "op:getListingsItem@5/10"…).
//
// Limiters run on a Clock, so the registry keeps one map per clock: clients on different clocks
// (tests with their own ManualClock) never share; in production everything is on systemClock.
import { createHash } from 'node:crypto';
import type { Clock } from './clock';
import { TokenBucket, type TokenBucketOptions } from './tokenBucket';

const registries = new WeakMap<Clock, Map<string, unknown>>();

function registry(clock: Clock): Map<string, unknown> {
  let map = registries.get(clock);
  if (!map) registries.set(clock, (map = new Map()));
  return map;
}

/**
 * The key of one channel account: `channel|base URL|sha256(credential identity)[:16]`. The
 * identity is whatever the channel counts limits against (Shopify's access token, SP-API's
 * refresh token…); only its digest is kept.
 */
export function accountKey(channel: string, baseUrl: string, identity: string | readonly string[]): string {
  const parts = typeof identity === 'string' ? [identity] : identity;
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
  return `${channel}|${baseUrl.replace(/\/+$/, '').toLowerCase()}|${digest}`;
}

/** The limiter registered under `key` on `clock`, created by `create` when there is none yet. */
export function sharedLimiter<T>(key: string, clock: Clock, create: () => T): T {
  const map = registry(clock);
  if (!map.has(key)) map.set(key, create());
  return map.get(key) as T;
}

/** The limiter registered under `key` on `clock`, or null (for clients that set no rate themselves). */
export function findSharedLimiter<T>(key: string, clock: Clock): T | null {
  return (registries.get(clock)?.get(key) as T | undefined) ?? null;
}

/** Forgets every limiter of `clock` (tests that reuse a clock and want fresh budgets). */
export function resetSharedLimiters(clock: Clock): void {
  registries.get(clock)?.clear();
}

/**
 * The request limiter of an account for HttpClientOptions.limiter: registers a TokenBucket at
 * `rate` when the caller sets one (the first registration wins), and returns a lookup that finds
 * whatever is registered when a call is made — so a client with no rate of its own (a pull on a
 * channel that documents none) still shares the budget a writer of the same account configured.
 */
export function sharedRate(key: string, clock: Clock, rate: TokenBucketOptions | null | undefined): () => TokenBucket | null {
  if (rate) sharedLimiter(key, clock, () => new TokenBucket(rate, clock));
  return () => findSharedLimiter<TokenBucket>(key, clock);
}
