// SP-API usage plans (requests per second, burst) of the operations Crossdock calls, as Amazon
// documents them (channels.md §0, §3): the one table the sandbox enforces and both clients (the
// stock writer's and the pulls') stay under. Limits are per operation, so the writer's Listings
// and Feeds operations and the pulls' Reports operations never draw from each other's bucket.
import type { TokenBucketOptions } from '../http/tokenBucket';

export const AMAZON_RATES: Record<string, TokenBucketOptions> = {
  patchListingsItem: { ratePerSecond: 5, burst: 5 },
  getListingsItem: { ratePerSecond: 5, burst: 10 },
  createFeedDocument: { ratePerSecond: 0.5, burst: 15 },
  createFeed: { ratePerSecond: 0.0083, burst: 15 },
  getFeed: { ratePerSecond: 2, burst: 15 },
  getFeedDocument: { ratePerSecond: 0.0222, burst: 10 },
  // Reports API 2021-06-30 (the pull streams).
  createReport: { ratePerSecond: 0.0167, burst: 15 },
  getReport: { ratePerSecond: 2, burst: 15 },
  getReports: { ratePerSecond: 0.0222, burst: 10 },
  getReportDocument: { ratePerSecond: 0.0167, burst: 15 },
};

export const REPORT_OPERATIONS = ['createReport', 'getReport', 'getReports', 'getReportDocument'] as const;
export type ReportOperation = (typeof REPORT_OPERATIONS)[number];
