// SP-API usage plans (requests per second, burst) of the operations Crossdock calls, as Amazon
// documents them (channels.md §3): the sandbox enforces them, the client stays under them.
import type { TokenBucketOptions } from '../http/tokenBucket';

export const AMAZON_RATES: Record<string, TokenBucketOptions> = {
  patchListingsItem: { ratePerSecond: 5, burst: 5 },
  getListingsItem: { ratePerSecond: 5, burst: 10 },
  createFeedDocument: { ratePerSecond: 0.5, burst: 15 },
  createFeed: { ratePerSecond: 0.0083, burst: 15 },
  getFeed: { ratePerSecond: 2, burst: 15 },
  getFeedDocument: { ratePerSecond: 0.0222, burst: 10 },
};
