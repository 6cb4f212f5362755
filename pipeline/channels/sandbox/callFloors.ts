// What the channels' documented limits allow at best, for the throughput measures (the write-back
// benchmark and the per-channel throughput run): the fewest stock-carrying calls the batch limits
// allow, and the time the documented rate limits force on them.
import type { Channel } from '../../writeback/types';

/** One JSON_LISTINGS_FEED carries at most this many messages. */
export const AMAZON_FEED_MAX_MESSAGES = 25_000;
/** The calls of one feed: createFeedDocument, upload, createFeed, getFeed, getFeedDocument, report download. */
export const AMAZON_FEED_FLOW_CALLS = 6;

export type AmazonPath = 'patch' | 'feed';

/** Fewest calls that carry stock: Shopify ⌈n/250⌉, eBay ⌈n/25⌉, AliExpress ⌈n/20⌉ (one SKU a product, the worst packing), Amazon n patches or ⌈n/25,000⌉ feeds. */
export function minStockCalls(channel: Channel, rows: number, amazonPath: AmazonPath): number {
  switch (channel) {
    case 'shopify':
      return Math.ceil(rows / 250);
    case 'ebay':
      return Math.ceil(rows / 25);
    case 'aliexpress':
      return Math.ceil(rows / 20);
    case 'amazon':
      return amazonPath === 'patch' ? rows : Math.ceil(rows / AMAZON_FEED_MAX_MESSAGES);
  }
}

/**
 * Seconds the documented rate limits force on the minimum calls: Shopify 10 points per mutation
 * against a 1,000-point bucket restoring 100/s; Amazon patchListingsItem 5/s after a burst of 5
 * (a feed's time is Amazon's processing, not a rate limit); eBay and AliExpress document none.
 */
export function rateFloorSeconds(channel: Channel, rows: number, amazonPath: AmazonPath): number {
  switch (channel) {
    case 'shopify':
      return Math.max(0, (minStockCalls('shopify', rows, amazonPath) * 10 - 1000) / 100);
    case 'amazon':
      return amazonPath === 'patch' ? Math.max(0, (rows - 5) / 5) : 0;
    default:
      return 0;
  }
}
