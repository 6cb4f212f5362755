// Starts the four channel sandboxes on 127.0.0.1 from listing rows (or a warehouse), and builds
// writers wired to them. Used by `npm start` (the demo loop runs offline against these) and by
// the write-back core's tests. Nothing here ever talks to a real channel.
import type { Channel, ChannelWriter } from '../../writeback/types';
import { log } from '../../log';
import { createAliExpressSandbox, type AliExpressSandbox, type AliExpressSandboxOptions } from '../aliexpress/sandbox';
import { createAliExpressWriter, type AliExpressWriterOptions } from '../aliexpress/writer';
import { createAmazonSandbox, SANDBOX_SELLER_ID, type AmazonSandbox, type AmazonSandboxOptions } from '../amazon/sandbox';
import { createAmazonWriter, type AmazonWriterOptions } from '../amazon/writer';
import { createEbaySandbox, type EbaySandbox, type EbaySandboxOptions } from '../ebay/sandbox';
import { createEbayWriter, type EbayWriterOptions } from '../ebay/writer';
import type { HttpClientOptions } from '../http/client';
import { createShopifySandbox, type ShopifySandbox, type ShopifySandboxOptions } from '../shopify/sandbox';
import { createShopifyWriter, type ShopifyWriterOptions } from '../shopify/writer';
import type { FaultOptions } from './faults';
import { listingsFromWarehouse, type ListingSource, type SandboxListing } from './listings';

/** Fixed, non-secret credentials the sandboxes accept (never valid on a real channel). */
export const SANDBOX_CREDENTIALS = {
  shopify: { accessToken: 'shpat_crossdock_sandbox' },
  ebay: { accessToken: 'v^1.1#crossdock-sandbox-user-token' },
  amazon: {
    accessToken: 'Atza|crossdock-sandbox',
    sellerId: SANDBOX_SELLER_ID,
    clientId: 'amzn1.application-oa2-client.crossdock-sandbox',
    clientSecret: 'crossdock-sandbox-secret',
    refreshToken: 'Atzr|crossdock-sandbox',
  },
  aliexpress: { appKey: '500000', appSecret: 'crossdock-sandbox-secret', session: 'crossdock-sandbox-session' },
} as const;

export interface StartSandboxesOptions {
  /** Faults for every sandbox (per-channel options override). */
  faults?: Partial<FaultOptions>;
  /** Enforce documented rate limits (default true). */
  rateLimits?: boolean;
  /** Channels to start (default all four). */
  channels?: Channel[];
  shopify?: ShopifySandboxOptions;
  ebay?: EbaySandboxOptions;
  amazon?: AmazonSandboxOptions;
  aliexpress?: AliExpressSandboxOptions;
  /** Do not log the "these are sandboxes" banner. */
  quiet?: boolean;
}

export interface SandboxSet {
  shopify?: ShopifySandbox;
  ebay?: EbaySandbox;
  amazon?: AmazonSandbox;
  aliexpress?: AliExpressSandbox;
}

export interface StartedSandboxes {
  urls: Partial<Record<Channel, string>>;
  sandboxes: SandboxSet;
  /** One line per channel saying it is a local sandbox, for `npm start` to print. */
  banner: string;
  stop(): Promise<void>;
}

export async function startSandboxes(listings: SandboxListing[], options: StartSandboxesOptions = {}): Promise<StartedSandboxes> {
  const wanted = new Set(options.channels ?? ['shopify', 'ebay', 'amazon', 'aliexpress']);
  const common = { rateLimits: options.rateLimits ?? true };
  const faults = (own?: Partial<FaultOptions>) => ({ ...options.faults, ...own });
  const sandboxes: SandboxSet = {};
  if (wanted.has('shopify')) sandboxes.shopify = createShopifySandbox(listings, { accessToken: SANDBOX_CREDENTIALS.shopify.accessToken, ...common, ...options.shopify, faults: faults(options.shopify?.faults) });
  if (wanted.has('ebay')) sandboxes.ebay = createEbaySandbox(listings, { accessToken: SANDBOX_CREDENTIALS.ebay.accessToken, ...common, ...options.ebay, faults: faults(options.ebay?.faults) });
  if (wanted.has('amazon')) sandboxes.amazon = createAmazonSandbox(listings, { accessToken: SANDBOX_CREDENTIALS.amazon.accessToken, sellerId: SANDBOX_CREDENTIALS.amazon.sellerId, ...common, ...options.amazon, faults: faults(options.amazon?.faults) });
  if (wanted.has('aliexpress')) sandboxes.aliexpress = createAliExpressSandbox(listings, { ...SANDBOX_CREDENTIALS.aliexpress, ...common, ...options.aliexpress, faults: faults(options.aliexpress?.faults) });

  const started = Object.values(sandboxes);
  try {
    await Promise.all(started.map((s) => s.start()));
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
  const urls: Partial<Record<Channel, string>> = Object.fromEntries(started.map((s) => [s.channel, s.url]));
  const banner = [
    'SANDBOX CHANNELS: stock write-back goes to local emulators, not to real Shopify/eBay/Amazon/AliExpress:',
    ...started.map((s) => `  ${s.channel.padEnd(10)} ${s.url}  (sandbox, ${s.quantities().length} listings)`),
  ].join('\n');
  if (!options.quiet) log.warn({ sandboxes: urls }, 'channel sandboxes started: nothing is sent to a real channel');
  return {
    urls,
    sandboxes,
    banner,
    stop: async () => {
      await Promise.allSettled(started.map((s) => s.stop()));
    },
  };
}

/** Reads the listing table and starts sandboxes seeded with it. */
export async function seedFromWarehouse(warehouse: ListingSource, options: StartSandboxesOptions = {}): Promise<StartedSandboxes> {
  return startSandboxes(await listingsFromWarehouse(warehouse), options);
}

export interface SandboxWriterOptions {
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
  shopify?: Partial<ShopifyWriterOptions>;
  ebay?: Partial<EbayWriterOptions>;
  amazon?: Partial<AmazonWriterOptions>;
  aliexpress?: Partial<AliExpressWriterOptions>;
}

/** Writers pointed at started sandboxes, with the sandbox credentials. */
export function sandboxWriters(started: StartedSandboxes, options: SandboxWriterOptions = {}): Partial<Record<Channel, ChannelWriter>> {
  const writers: Partial<Record<Channel, ChannelWriter>> = {};
  const { urls } = started;
  const http = (own?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>) => ({ ...options.http, ...own });
  if (urls.shopify) writers.shopify = createShopifyWriter({ baseUrl: urls.shopify, credentials: SANDBOX_CREDENTIALS.shopify, ...options.shopify, http: http(options.shopify?.http) });
  if (urls.ebay) writers.ebay = createEbayWriter({ baseUrl: urls.ebay, credentials: SANDBOX_CREDENTIALS.ebay, ...options.ebay, http: http(options.ebay?.http) });
  if (urls.amazon) {
    writers.amazon = createAmazonWriter({
      baseUrl: urls.amazon,
      credentials: { accessToken: SANDBOX_CREDENTIALS.amazon.accessToken },
      sellerId: SANDBOX_CREDENTIALS.amazon.sellerId,
      ...options.amazon,
      // The sandbox processes feeds in seconds, so poll it every second rather than every 30 s.
      limits: { feedPollIntervalMs: 1000, ...options.amazon?.limits },
      http: http(options.amazon?.http),
    });
  }
  if (urls.aliexpress) writers.aliexpress = createAliExpressWriter({ baseUrl: urls.aliexpress, credentials: SANDBOX_CREDENTIALS.aliexpress, ...options.aliexpress, http: http(options.aliexpress?.http) });
  return writers;
}
