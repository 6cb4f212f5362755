// The channel writers the server pushes through, built from server-side configuration only
// (crossdock.config.json and the environment; credentials never leave this process and are
// never logged). A channel without a
// base URL has no writer, and plan/apply refuse its rows as CHANNEL_NOT_CONFIGURED. Pointing a
// channel at the real API instead of a sandbox is a change of URL and credentials, nothing else.
//
//   CROSSDOCK_SHOPIFY_URL    https://<shop>.myshopify.com   CROSSDOCK_SHOPIFY_TOKEN   (Admin API access token)
//   CROSSDOCK_SHOPIFY_API_VERSION (default 2026-01)
//   CROSSDOCK_EBAY_URL       https://api.ebay.com           CROSSDOCK_EBAY_TOKEN      (user access token)
//   CROSSDOCK_AMAZON_URL     https://sellingpartnerapi-na.amazon.com   CROSSDOCK_AMAZON_SELLER_ID
//                            Login with Amazon (kept fresh): CROSSDOCK_AMAZON_CLIENT_ID, CROSSDOCK_AMAZON_CLIENT_SECRET,
//                            CROSSDOCK_AMAZON_REFRESH_TOKEN, CROSSDOCK_AMAZON_LWA_URL (default https://api.amazon.com/auth/o2/token);
//                            or CROSSDOCK_AMAZON_TOKEN, a fixed access token (expires within the hour: tests only)
//   CROSSDOCK_AMAZON_FEED_THRESHOLD  rows of one marketplace from which a JSON_LISTINGS_FEED is used (default 300)
//   CROSSDOCK_AMAZON_FEED_POLL_S     seconds between getFeed polls (default 30)
//   CROSSDOCK_ALIEXPRESS_URL https://api-sg.aliexpress.com
//                            CROSSDOCK_ALIEXPRESS_APP_KEY, CROSSDOCK_ALIEXPRESS_APP_SECRET, CROSSDOCK_ALIEXPRESS_SESSION
import { AliExpressWriter } from '../channels/aliexpress/writer';
import type { SpApiCredentials } from '../channels/amazon/client';
import { AmazonWriter } from '../channels/amazon/writer';
import { EbayWriter } from '../channels/ebay/writer';
import { SANDBOX_CREDENTIALS } from '../channels/sandbox/start';
import { ShopifyWriter } from '../channels/shopify/writer';
import type { CrossdockConfig } from '../config/schema';
import { readSecrets } from '../config/resolve';
import { ConfigError } from '../errors';
import { log } from '../log';
import type { Channel, ChannelWriter } from './types';

type Env = Record<string, string | undefined>;

function required(env: Env, name: string, channel: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${channel} is configured (its URL is set) but ${name} is missing`, 'CD_CHANNEL_CONFIG');
  return value;
}

export function writersFromEnv(env: Env = process.env): Partial<Record<Channel, ChannelWriter>> {
  const writers: Partial<Record<Channel, ChannelWriter>> = {};
  if (env.CROSSDOCK_SHOPIFY_URL) {
    writers.shopify = new ShopifyWriter({
      baseUrl: env.CROSSDOCK_SHOPIFY_URL,
      credentials: { accessToken: required(env, 'CROSSDOCK_SHOPIFY_TOKEN', 'shopify') },
      apiVersion: env.CROSSDOCK_SHOPIFY_API_VERSION || undefined,
    });
  }
  if (env.CROSSDOCK_EBAY_URL) {
    writers.ebay = new EbayWriter({
      baseUrl: env.CROSSDOCK_EBAY_URL,
      credentials: { accessToken: required(env, 'CROSSDOCK_EBAY_TOKEN', 'ebay') },
    });
  }
  if (env.CROSSDOCK_AMAZON_URL) {
    writers.amazon = new AmazonWriter({
      baseUrl: env.CROSSDOCK_AMAZON_URL,
      credentials: amazonCredentials(env),
      sellerId: required(env, 'CROSSDOCK_AMAZON_SELLER_ID', 'amazon'),
      limits: {
        feedThreshold: positive(env, 'CROSSDOCK_AMAZON_FEED_THRESHOLD'),
        feedPollIntervalMs: seconds(env, 'CROSSDOCK_AMAZON_FEED_POLL_S'),
      },
    });
  }
  if (env.CROSSDOCK_ALIEXPRESS_URL) {
    writers.aliexpress = new AliExpressWriter({
      baseUrl: env.CROSSDOCK_ALIEXPRESS_URL,
      credentials: {
        appKey: required(env, 'CROSSDOCK_ALIEXPRESS_APP_KEY', 'aliexpress'),
        appSecret: required(env, 'CROSSDOCK_ALIEXPRESS_APP_SECRET', 'aliexpress'),
        session: required(env, 'CROSSDOCK_ALIEXPRESS_SESSION', 'aliexpress'),
      },
    });
  }
  return writers;
}

function amazonCredentials(env: Env): SpApiCredentials {
  if (env.CROSSDOCK_AMAZON_REFRESH_TOKEN || !env.CROSSDOCK_AMAZON_TOKEN) {
    return {
      lwa: {
        clientId: required(env, 'CROSSDOCK_AMAZON_CLIENT_ID', 'amazon'),
        clientSecret: required(env, 'CROSSDOCK_AMAZON_CLIENT_SECRET', 'amazon'),
        refreshToken: required(env, 'CROSSDOCK_AMAZON_REFRESH_TOKEN', 'amazon'),
        lwaUrl: env.CROSSDOCK_AMAZON_LWA_URL || undefined,
      },
    };
  }
  return { accessToken: env.CROSSDOCK_AMAZON_TOKEN };
}

/**
 * The writer variables that crossdock.config.json implies, so one file configures the channels
 * for ingestion and write-back alike: each channel's first account, its base URL, and its secrets
 * read from the variables the config names. Variables set explicitly win (`writersFor`). A channel
 * whose secrets are missing gets no writer (its rows are refused CHANNEL_NOT_CONFIGURED) and a
 * warning names the variables, instead of keeping the whole server down.
 */
export function writerEnvFromConfig(config: Pick<CrossdockConfig, 'channels'>, env: Env = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const account of config.channels) {
    if (seen.has(account.channel)) continue;
    seen.add(account.channel);
    let secrets: Record<string, string>;
    try {
      secrets = readSecrets(account, env as NodeJS.ProcessEnv);
    } catch (err) {
      log.warn({ channel: account.channel, account: account.account, err: (err as Error).message }, 'stock write-back: no writer for this channel');
      continue;
    }
    switch (account.channel) {
      case 'shopify':
        Object.assign(out, { CROSSDOCK_SHOPIFY_URL: account.baseUrl ?? `https://${account.shop}.myshopify.com`, CROSSDOCK_SHOPIFY_TOKEN: secrets.token, CROSSDOCK_SHOPIFY_API_VERSION: account.apiVersion });
        break;
      case 'ebay':
        Object.assign(out, { CROSSDOCK_EBAY_URL: account.baseUrl, CROSSDOCK_EBAY_TOKEN: secrets.token });
        break;
      case 'amazon':
        if (!account.sellerId) {
          log.warn({ account: account.account }, 'stock write-back: amazon has no sellerId in the config, so no writer');
          break;
        }
        Object.assign(out, {
          CROSSDOCK_AMAZON_URL: account.baseUrl,
          CROSSDOCK_AMAZON_SELLER_ID: account.sellerId,
          CROSSDOCK_AMAZON_CLIENT_ID: secrets.clientId,
          CROSSDOCK_AMAZON_CLIENT_SECRET: secrets.clientSecret,
          CROSSDOCK_AMAZON_REFRESH_TOKEN: secrets.refreshToken,
          CROSSDOCK_AMAZON_LWA_URL: account.lwaUrl,
        });
        break;
      case 'aliexpress':
        Object.assign(out, { CROSSDOCK_ALIEXPRESS_URL: account.baseUrl, CROSSDOCK_ALIEXPRESS_APP_KEY: secrets.appKey, CROSSDOCK_ALIEXPRESS_APP_SECRET: secrets.appSecret, CROSSDOCK_ALIEXPRESS_SESSION: secrets.session });
        break;
    }
  }
  return out;
}

/** The server's writers: from the config file when there is one, overridden by CROSSDOCK_* variables. */
export function writersFor(config: Pick<CrossdockConfig, 'channels'> | null, env: Env = process.env): Partial<Record<Channel, ChannelWriter>> {
  const fromConfig = config ? writerEnvFromConfig(config, env) : {};
  const explicit = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('CROSSDOCK_') && value));
  return writersFromEnv({ ...fromConfig, ...explicit });
}

/**
 * The environment that points every writer at started sandboxes, with the sandboxes' fixed
 * (non-secret) credentials. The sandbox processes feeds in seconds, so Amazon polls every second.
 */
export function sandboxWriterEnv(urls: Partial<Record<Channel, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  if (urls.shopify) Object.assign(env, { CROSSDOCK_SHOPIFY_URL: urls.shopify, CROSSDOCK_SHOPIFY_TOKEN: SANDBOX_CREDENTIALS.shopify.accessToken });
  if (urls.ebay) Object.assign(env, { CROSSDOCK_EBAY_URL: urls.ebay, CROSSDOCK_EBAY_TOKEN: SANDBOX_CREDENTIALS.ebay.accessToken });
  if (urls.amazon) {
    Object.assign(env, {
      CROSSDOCK_AMAZON_URL: urls.amazon,
      CROSSDOCK_AMAZON_CLIENT_ID: SANDBOX_CREDENTIALS.amazon.clientId,
      CROSSDOCK_AMAZON_CLIENT_SECRET: SANDBOX_CREDENTIALS.amazon.clientSecret,
      CROSSDOCK_AMAZON_REFRESH_TOKEN: SANDBOX_CREDENTIALS.amazon.refreshToken,
      CROSSDOCK_AMAZON_LWA_URL: `${urls.amazon}/_lwa/o2/token`,
      CROSSDOCK_AMAZON_SELLER_ID: SANDBOX_CREDENTIALS.amazon.sellerId,
      CROSSDOCK_AMAZON_FEED_POLL_S: '1',
    });
  }
  if (urls.aliexpress) {
    Object.assign(env, {
      CROSSDOCK_ALIEXPRESS_URL: urls.aliexpress,
      CROSSDOCK_ALIEXPRESS_APP_KEY: SANDBOX_CREDENTIALS.aliexpress.appKey,
      CROSSDOCK_ALIEXPRESS_APP_SECRET: SANDBOX_CREDENTIALS.aliexpress.appSecret,
      CROSSDOCK_ALIEXPRESS_SESSION: SANDBOX_CREDENTIALS.aliexpress.session,
    });
  }
  return env;
}

function positive(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name}=${raw} must be a number above 0`, 'CD_CHANNEL_CONFIG');
  return value;
}

function seconds(env: Env, name: string): number | undefined {
  const value = positive(env, name);
  return value === undefined ? undefined : value * 1000;
}
