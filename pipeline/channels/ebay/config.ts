// A eBay account in crossdock.config.json (documented in docs/config.md).
import { z } from 'zod';
import { accountBase, envName, url } from '../contract/config';

export const ebayChannel = z.strictObject({
  channel: z.literal('ebay'),
  ...accountBase,
  baseUrl: url.default('https://api.ebay.com'),
  /** eBay marketplace ids this account sells on, e.g. ["EBAY_US", "EBAY_DE"]. */
  marketplaces: z.array(z.string().regex(/^EBAY_[A-Z_]+$/, 'an eBay marketplace id such as "EBAY_US"')).min(1),
  /** OAuth user access token (sell.fulfillment scope). */
  tokenEnv: envName,
});

export type EbayConfig = z.output<typeof ebayChannel>;
