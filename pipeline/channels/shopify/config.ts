// A Shopify account in crossdock.config.json (documented in docs/config.md).
import { z } from 'zod';
import { accountBase, envName, url } from '../contract/config';

export const shopifyChannel = z.strictObject({
  channel: z.literal('shopify'),
  ...accountBase,
  /** The shop's myshopify subdomain ("acme" for acme.myshopify.com). */
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'the myshopify subdomain, e.g. "acme"'),
  /** Defaults to https://<shop>.myshopify.com. Point it at the sandbox in tests and demos. */
  baseUrl: url.optional(),
  apiVersion: z.string().regex(/^\d{4}-(01|04|07|10)$/, 'a quarterly version such as "2026-01"'),
  /** The marketplace code order lines get (your store's main market, e.g. "US"). */
  marketplace: z.string().min(1).default('online-store'),
  tokenEnv: envName,
  /** Shopify location id (numeric or gid) → Crossdock location id. */
  locations: z.record(z.string(), z.string()).default({}),
});

export type ShopifyConfig = z.output<typeof shopifyChannel>;
