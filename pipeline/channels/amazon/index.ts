// Amazon (SP-API): the All Orders, FBA inventory, customer returns and All Listings reports, the
// same reports through the Reports API, stock write-back through the Listings Items API (patches,
// or a JSON_LISTINGS_FEED for large pushes) and its sandbox.
import { defineChannel } from '../contract/channel';
import { positiveVariable, requiredVariable, secondsVariable, type Env } from '../contract/env';
import type { SpApiCredentials } from './client';
import { amazonChannel, type AmazonConfig } from './config';
import { allListings } from './files/allListings';
import { allOrders } from './files/allOrders';
import { customerReturns } from './files/customerReturns';
import { fbaInventory } from './files/fbaInventory';
import { inventoryLedger, inventoryLedgerCsv } from './files/inventoryLedger';
import { merchantOrders, unshippedOrders } from './files/merchantOrders';
import { settlement } from './files/settlement';
import { createAmazonSandbox, SANDBOX_SELLER_ID, type AmazonSandboxOptions } from './sandbox';
import { connector } from './streams';
import { AMAZON_MAX_FEED_MESSAGES, createAmazonWriter, type AmazonWriterOptions } from './writer';

/** Fixed, non-secret credentials the sandbox accepts (never valid on Amazon). */
const SANDBOX = {
  accessToken: 'Atza|crossdock-sandbox',
  clientId: 'amzn1.application-oa2-client.crossdock-sandbox',
  clientSecret: 'crossdock-sandbox-secret',
  refreshToken: 'Atzr|crossdock-sandbox',
} as const;

function credentials(env: Env): SpApiCredentials {
  if (env.CROSSDOCK_AMAZON_REFRESH_TOKEN || !env.CROSSDOCK_AMAZON_TOKEN) {
    return {
      lwa: {
        clientId: requiredVariable(env, 'CROSSDOCK_AMAZON_CLIENT_ID', 'amazon'),
        clientSecret: requiredVariable(env, 'CROSSDOCK_AMAZON_CLIENT_SECRET', 'amazon'),
        refreshToken: requiredVariable(env, 'CROSSDOCK_AMAZON_REFRESH_TOKEN', 'amazon'),
        lwaUrl: env.CROSSDOCK_AMAZON_LWA_URL || undefined,
      },
    };
  }
  return { accessToken: env.CROSSDOCK_AMAZON_TOKEN };
}

export const amazon = defineChannel<AmazonConfig>({
  id: 'amazon',
  label: 'Amazon',
  reports: [allOrders, merchantOrders, unshippedOrders, fbaInventory, customerReturns, allListings, inventoryLedger, inventoryLedgerCsv, settlement],
  accounts: {
    schema: amazonChannel,
    secretNames: (account) => ({ clientId: account.clientIdEnv, clientSecret: account.clientSecretEnv, refreshToken: account.refreshTokenEnv }),
    connector,
  },
  writer: {
    variables: {
      CROSSDOCK_AMAZON_URL: 'https://sellingpartnerapi-na.amazon.com',
      CROSSDOCK_AMAZON_SELLER_ID: 'merchant token (Seller Central → Account info)',
      CROSSDOCK_AMAZON_CLIENT_ID: 'Login with Amazon client id (the access token is kept fresh from the refresh token)',
      CROSSDOCK_AMAZON_CLIENT_SECRET: 'Login with Amazon client secret',
      CROSSDOCK_AMAZON_REFRESH_TOKEN: 'Login with Amazon refresh token',
      CROSSDOCK_AMAZON_LWA_URL: 'token endpoint (default https://api.amazon.com/auth/o2/token)',
      CROSSDOCK_AMAZON_TOKEN: 'a fixed access token instead of LWA (expires within the hour: tests only)',
      CROSSDOCK_AMAZON_FEED_THRESHOLD: 'rows of one marketplace from which a JSON_LISTINGS_FEED is used (default 300)',
      CROSSDOCK_AMAZON_FEED_POLL_S: 'seconds between getFeed polls (default 30)',
    },
    fromEnv: (env) =>
      env.CROSSDOCK_AMAZON_URL
        ? createAmazonWriter({
            baseUrl: env.CROSSDOCK_AMAZON_URL,
            credentials: credentials(env),
            sellerId: requiredVariable(env, 'CROSSDOCK_AMAZON_SELLER_ID', 'amazon'),
            limits: {
              feedThreshold: positiveVariable(env, 'CROSSDOCK_AMAZON_FEED_THRESHOLD'),
              feedPollIntervalMs: secondsVariable(env, 'CROSSDOCK_AMAZON_FEED_POLL_S'),
            },
          })
        : null,
    envFromAccount: (account, secrets) =>
      account.sellerId
        ? {
            CROSSDOCK_AMAZON_URL: account.baseUrl,
            CROSSDOCK_AMAZON_SELLER_ID: account.sellerId,
            CROSSDOCK_AMAZON_CLIENT_ID: secrets.clientId,
            CROSSDOCK_AMAZON_CLIENT_SECRET: secrets.clientSecret,
            CROSSDOCK_AMAZON_REFRESH_TOKEN: secrets.refreshToken,
            CROSSDOCK_AMAZON_LWA_URL: account.lwaUrl,
          }
        : { unavailable: 'amazon has no sellerId in the config, so no writer' },
  },
  sandbox: {
    secrets: { clientId: SANDBOX.clientId, clientSecret: SANDBOX.clientSecret, refreshToken: SANDBOX.refreshToken },
    create: (listings, options) => createAmazonSandbox(listings, { accessToken: SANDBOX.accessToken, sellerId: SANDBOX_SELLER_ID, ...(options as AmazonSandboxOptions) }),
    // The sandbox processes feeds in seconds, so Amazon polls every second rather than every 30 s.
    writerEnv: (url) => ({
      CROSSDOCK_AMAZON_URL: url,
      CROSSDOCK_AMAZON_CLIENT_ID: SANDBOX.clientId,
      CROSSDOCK_AMAZON_CLIENT_SECRET: SANDBOX.clientSecret,
      CROSSDOCK_AMAZON_REFRESH_TOKEN: SANDBOX.refreshToken,
      CROSSDOCK_AMAZON_LWA_URL: `${url}/_lwa/o2/token`,
      CROSSDOCK_AMAZON_SELLER_ID: SANDBOX_SELLER_ID,
      CROSSDOCK_AMAZON_FEED_POLL_S: '1',
    }),
    writer: (url, { http, own }) => {
      const mine = own as Partial<AmazonWriterOptions> | undefined;
      return createAmazonWriter({
        baseUrl: url,
        credentials: { accessToken: SANDBOX.accessToken },
        sellerId: SANDBOX_SELLER_ID,
        ...mine,
        limits: { feedPollIntervalMs: 1000, ...mine?.limits },
        http: { ...http, ...mine?.http },
      });
    },
    syntheticIds: (i) => ({ marketplace: 'US', channel_listing_id: `B0BENCH${i}`, channel_offer_id: null, channel_inventory_item_id: null, channel_location_id: null }),
    throughput: [
      // A feed's time is Amazon's processing, not a rate limit.
      {
        name: 'JSON_LISTINGS_FEED',
        operation: 'createFeed',
        minCalls: (rows) => Math.ceil(rows / AMAZON_MAX_FEED_MESSAGES),
        floorSeconds: () => 0,
        // createFeedDocument, upload, createFeed, getFeed, getFeedDocument, report download.
        callsPerCarryingCall: 6,
        flowOperations: ['createFeedDocument', 'uploadFeedDocument', 'createFeed', 'getFeed', 'getFeedDocument', 'downloadFeedDocument'],
        waitsForProcessing: true,
        writerOptions: () => ({ limits: { feedThreshold: 300 } }),
        sandboxOptions: { applyDelayMs: 1000 },
      },
      // patchListingsItem: 5/s after a burst of 5.
      {
        name: 'patchListingsItem',
        operation: 'patchListingsItem',
        minCalls: (rows) => rows,
        floorSeconds: (rows) => Math.max(0, (rows - 5) / 5),
        writerOptions: (rows) => ({ limits: { feedThreshold: rows + 1 } }),
        sandboxOptions: { applyDelayMs: 1000 },
      },
    ],
  },
});
