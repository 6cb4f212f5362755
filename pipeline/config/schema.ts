// The shape of crossdock.config.json (documented in docs/config.md). Validation only: defaults
// that depend on other keys (a stream's schedule falling back to its channel's) are resolved in
// resolve.ts. Secrets never appear here: a channel names the environment variables that hold them.
import { Cron } from 'croner';
import { z } from 'zod';
import { warehouseConfig } from '../warehouse/bigquery/config';

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The name of an environment variable that holds a secret (never the secret itself). */
export const envName = z
  .string()
  .regex(ENV_NAME, 'must be the NAME of an environment variable (A-Z, 0-9, _), not a secret value');

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isCronExpression(expr: string): boolean {
  try {
    new Cron(expr, { paused: true });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z.string().refine(isTimeZone, { message: 'unknown IANA time zone (e.g. "Europe/Berlin")' });

export const schedule = z.strictObject({
  /** Five or six fields (seconds optional), evaluated in `timezone`. */
  cron: z.string().refine(isCronExpression, { message: 'invalid cron expression' }),
  timezone: timeZone.optional(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'must be YYYY-MM-DD or an ISO-8601 UTC instant');

export const streamSettings = z.strictObject({
  enabled: z.boolean().default(true),
  schedule: schedule.optional(),
  /** Re-read this many hours before the watermark on every run (late updates, refunds). */
  lookbackHours: z.number().min(0).max(24 * 90).optional(),
  /** Where the first run starts when there is no watermark yet. */
  startDate: isoDate.optional(),
});

const url = z.url({ protocol: /^https?$/ });

const channelBase = {
  /** Your own short name for this seller account, unique per channel (e.g. "us-main"). */
  account: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-" only'),
  enabled: z.boolean().default(true),
  /** Default schedule of this account's streams (each stream may override it). */
  schedule: schedule.optional(),
  streams: z.record(z.string(), streamSettings).default({}),
  /** Per-request timeout. */
  timeoutSeconds: z.number().positive().max(600).default(60),
};

export const shopifyChannel = z.strictObject({
  channel: z.literal('shopify'),
  ...channelBase,
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

export const ebayChannel = z.strictObject({
  channel: z.literal('ebay'),
  ...channelBase,
  baseUrl: url.default('https://api.ebay.com'),
  /** eBay marketplace ids this account sells on, e.g. ["EBAY_US", "EBAY_DE"]. */
  marketplaces: z.array(z.string().regex(/^EBAY_[A-Z_]+$/, 'an eBay marketplace id such as "EBAY_US"')).min(1),
  /** OAuth user access token (sell.fulfillment scope). */
  tokenEnv: envName,
});

export const amazonChannel = z.strictObject({
  channel: z.literal('amazon'),
  ...channelBase,
  baseUrl: url.default('https://sellingpartnerapi-na.amazon.com'),
  /** Login with Amazon token endpoint (refresh token → access token). */
  lwaUrl: url.default('https://api.amazon.com/auth/o2/token'),
  marketplaces: z
    .array(z.strictObject({ id: z.string().regex(/^[A-Z0-9]{10,14}$/, 'an SP-API marketplace id such as "ATVPDKIKX0DER"'), code: z.string().regex(/^[A-Z]{2}$/) }))
    .min(1),
  clientIdEnv: envName,
  clientSecretEnv: envName,
  refreshTokenEnv: envName,
  /** Your merchant token (Seller Central → Account info); stock write-back addresses listings with it. */
  sellerId: z.string().regex(/^[A-Z0-9]{8,20}$/, 'the merchant token, e.g. "A2EXAMPLE1234"').optional(),
  /** First wait between getReport polls; it doubles up to 5 minutes (polling fast causes FATAL). */
  reportPollSeconds: z.number().min(0).max(300).default(30),
  /** Give up on a report still queued after this long (the run fails; the watermark stays). */
  reportTimeoutMinutes: z.number().positive().max(24 * 60).default(120),
});

export const aliexpressChannel = z.strictObject({
  channel: z.literal('aliexpress'),
  ...channelBase,
  baseUrl: url.default('https://api-sg.aliexpress.com'),
  appKeyEnv: envName,
  appSecretEnv: envName,
  /** The seller's access token (the `session` system parameter). */
  sessionEnv: envName,
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  marketplace: z.string().min(1).default('global'),
});

export const channelConfig = z.discriminatedUnion('channel', [shopifyChannel, ebayChannel, amazonChannel, aliexpressChannel]);

export const locationConfig = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['fba', '3pl', 'own']),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO country code such as "US"'),
  /** Locations sharing a pool share stock; defaults to the location id. */
  pool: z.string().min(1).optional(),
});

/** "This location's stock feeds these listings." The most specific matching rule wins. */
export const feedConfig = z.strictObject({
  location: z.string().min(1),
  channel: z.enum(['amazon', 'ebay', 'shopify', 'aliexpress']),
  account: z.string().optional(),
  marketplace: z.string().optional(),
  fulfilment: z.enum(['fba', 'merchant']).optional(),
  sku: z.string().optional(),
});

export const crossdockConfig = z.strictObject({
  $schema: z.string().optional(),
  baseCurrency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO currency code').default('USD'),
  /** The seller's time zone: the default for every schedule. */
  timezone: timeZone.default('UTC'),
  /** The DuckDB file (the --db option and CROSSDOCK_DB override it). */
  database: z.string().min(1).optional(),
  /** Default schedule of every stream that names none. */
  schedule: schedule.default({ cron: '*/30 * * * *' }),
  locations: z.array(locationConfig).default([]),
  feeds: z.array(feedConfig).default([]),
  channels: z.array(channelConfig).default([]),
  inbox: z
    .strictObject({
      /** Drop report files here; `crossdock run`/`serve` ingest them and move them to processed/ or failed/. */
      dir: z.string().min(1),
      schedule: schedule.optional(),
      /** A file is picked up once it has not changed for this long (still being copied otherwise). */
      settleSeconds: z.number().min(0).max(3600).default(2),
    })
    .optional(),
  /** Which engine serves analytics: duckdb (default) or bigquery (docs/bigquery.md). */
  warehouse: warehouseConfig.default({ engine: 'duckdb' }),
  /** Retries of a failed stream inside `crossdock serve` (transient errors only). */
  retries: z.strictObject({ attempts: z.number().int().min(0).max(10).default(3), baseSeconds: z.number().min(0).default(30) }).default({ attempts: 3, baseSeconds: 30 }),
});

export type CrossdockConfigInput = z.input<typeof crossdockConfig>;
export type CrossdockConfig = z.output<typeof crossdockConfig>;
export type ChannelConfig = z.output<typeof channelConfig>;
export type ShopifyConfig = z.output<typeof shopifyChannel>;
export type EbayConfig = z.output<typeof ebayChannel>;
export type AmazonConfig = z.output<typeof amazonChannel>;
export type AliexpressConfig = z.output<typeof aliexpressChannel>;
export type ScheduleConfig = z.output<typeof schedule>;
export type StreamSettings = z.output<typeof streamSettings>;
export type ChannelId = ChannelConfig['channel'];
