// Shopify: the orders and inventory exports, the Admin GraphQL API (orders, inventory levels),
// stock write-back with compare-and-set (inventorySetQuantities) and its sandbox.
import { defineChannel } from '../contract/channel';
import { requiredVariable } from '../contract/env';
import { shopifyChannel, type ShopifyConfig } from './config';
import { inventoryExport } from './files/inventoryExport';
import { inventoryExportByLocation } from './files/inventoryExportByLocation';
import { ordersExport } from './files/ordersExport';
import { paymentsTransactions } from './files/paymentsTransactions';
import { createShopifySandbox, type ShopifySandboxOptions } from './sandbox';
import { connector } from './streams';
import { createShopifyWriter, SHOPIFY_MAX_ROWS, type ShopifyWriterOptions } from './writer';

const SANDBOX_TOKEN = 'shpat_crossdock_sandbox';

export const shopify = defineChannel<ShopifyConfig>({
  id: 'shopify',
  label: 'Shopify',
  reports: [ordersExport, inventoryExport, inventoryExportByLocation, paymentsTransactions],
  accounts: {
    schema: shopifyChannel,
    secretNames: (account) => ({ token: account.tokenEnv }),
    crossCheck: (account, { locationIds }) =>
      Object.entries(account.locations)
        .filter(([, locationId]) => !locationIds.has(locationId))
        .map(([shopifyId, locationId]) => ({ key: `locations.${shopifyId}`, problem: `unknown location "${locationId}" (not in locations[])` })),
    connector,
  },
  writer: {
    variables: {
      CROSSDOCK_SHOPIFY_URL: 'https://<shop>.myshopify.com',
      CROSSDOCK_SHOPIFY_TOKEN: 'Admin API access token',
      CROSSDOCK_SHOPIFY_API_VERSION: 'Admin API version (default 2026-01)',
    },
    fromEnv: (env) =>
      env.CROSSDOCK_SHOPIFY_URL
        ? createShopifyWriter({
            baseUrl: env.CROSSDOCK_SHOPIFY_URL,
            credentials: { accessToken: requiredVariable(env, 'CROSSDOCK_SHOPIFY_TOKEN', 'shopify') },
            apiVersion: env.CROSSDOCK_SHOPIFY_API_VERSION || undefined,
          })
        : null,
    envFromAccount: (account, secrets) => ({
      CROSSDOCK_SHOPIFY_URL: account.baseUrl ?? `https://${account.shop}.myshopify.com`,
      CROSSDOCK_SHOPIFY_TOKEN: secrets.token,
      CROSSDOCK_SHOPIFY_API_VERSION: account.apiVersion,
    }),
  },
  sandbox: {
    secrets: { token: SANDBOX_TOKEN },
    create: (listings, options) => createShopifySandbox(listings, { accessToken: SANDBOX_TOKEN, ...(options as ShopifySandboxOptions) }),
    writerEnv: (url) => ({ CROSSDOCK_SHOPIFY_URL: url, CROSSDOCK_SHOPIFY_TOKEN: SANDBOX_TOKEN }),
    writer: (url, { http, own }) => {
      const mine = own as Partial<ShopifyWriterOptions> | undefined;
      return createShopifyWriter({ baseUrl: url, credentials: { accessToken: SANDBOX_TOKEN }, ...mine, http: { ...http, ...mine?.http } });
    },
    syntheticIds: (i) => ({
      marketplace: 'main',
      channel_listing_id: null,
      channel_offer_id: null,
      channel_inventory_item_id: `gid://shopify/InventoryItem/${900000 + i}`,
      channel_location_id: 'gid://shopify/Location/1',
    }),
    // 10 points per inventorySetQuantities against a 1,000-point bucket restoring 100/s.
    throughput: [
      {
        name: 'graphql',
        operation: 'graphql',
        minCalls: (rows) => Math.ceil(rows / SHOPIFY_MAX_ROWS),
        floorSeconds: (rows) => Math.max(0, (Math.ceil(rows / SHOPIFY_MAX_ROWS) * 10 - 1000) / 100),
      },
    ],
  },
});
