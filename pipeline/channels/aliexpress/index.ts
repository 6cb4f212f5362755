// AliExpress (Open Platform, solution API): orders through the order query, stock write-back
// through the batch product inventory update (read right before each batch) and its sandbox.
import { MAX_PRODUCTS_PER_CALL } from './api/inventory';
import { defineChannel } from '../contract/channel';
import { requiredVariable } from '../contract/env';
import { aliexpressChannel, type AliexpressConfig } from './config';
import { createAliExpressSandbox, type AliExpressSandboxOptions } from './sandbox';
import { connector } from './streams';
import { createAliExpressWriter, type AliExpressWriterOptions } from './writer';

const SANDBOX = { appKey: '500000', appSecret: 'crossdock-sandbox-secret', session: 'crossdock-sandbox-session' } as const;

export const aliexpress = defineChannel<AliexpressConfig>({
  id: 'aliexpress',
  label: 'AliExpress',
  accounts: {
    schema: aliexpressChannel,
    secretNames: (account) => ({ appKey: account.appKeyEnv, appSecret: account.appSecretEnv, session: account.sessionEnv }),
    connector,
  },
  writer: {
    variables: {
      CROSSDOCK_ALIEXPRESS_URL: 'https://api-sg.aliexpress.com',
      CROSSDOCK_ALIEXPRESS_APP_KEY: 'app key',
      CROSSDOCK_ALIEXPRESS_APP_SECRET: 'app secret (signs every call)',
      CROSSDOCK_ALIEXPRESS_SESSION: "the seller's access token",
    },
    fromEnv: (env) =>
      env.CROSSDOCK_ALIEXPRESS_URL
        ? createAliExpressWriter({
            baseUrl: env.CROSSDOCK_ALIEXPRESS_URL,
            credentials: {
              appKey: requiredVariable(env, 'CROSSDOCK_ALIEXPRESS_APP_KEY', 'aliexpress'),
              appSecret: requiredVariable(env, 'CROSSDOCK_ALIEXPRESS_APP_SECRET', 'aliexpress'),
              session: requiredVariable(env, 'CROSSDOCK_ALIEXPRESS_SESSION', 'aliexpress'),
            },
          })
        : null,
    envFromAccount: (account, secrets) => ({
      CROSSDOCK_ALIEXPRESS_URL: account.baseUrl,
      CROSSDOCK_ALIEXPRESS_APP_KEY: secrets.appKey,
      CROSSDOCK_ALIEXPRESS_APP_SECRET: secrets.appSecret,
      CROSSDOCK_ALIEXPRESS_SESSION: secrets.session,
    }),
  },
  sandbox: {
    secrets: SANDBOX,
    create: (listings, options) => createAliExpressSandbox(listings, { ...SANDBOX, ...(options as AliExpressSandboxOptions) }),
    writerEnv: (url) => ({
      CROSSDOCK_ALIEXPRESS_URL: url,
      CROSSDOCK_ALIEXPRESS_APP_KEY: SANDBOX.appKey,
      CROSSDOCK_ALIEXPRESS_APP_SECRET: SANDBOX.appSecret,
      CROSSDOCK_ALIEXPRESS_SESSION: SANDBOX.session,
    }),
    writer: (url, { http, own }) => {
      const mine = own as Partial<AliExpressWriterOptions> | undefined;
      return createAliExpressWriter({ baseUrl: url, credentials: SANDBOX, ...mine, http: { ...http, ...mine?.http } });
    },
    syntheticIds: (i) => ({ marketplace: 'main', channel_listing_id: String(1005000000000000 + i), channel_offer_id: null, channel_inventory_item_id: null, channel_location_id: null }),
    // One SKU a product is the worst packing: ⌈n/20⌉ calls; AliExpress documents no per-second rate.
    throughput: [
      {
        name: 'aliexpress.solution.batch.product.inventory.update',
        operation: 'aliexpress.solution.batch.product.inventory.update',
        minCalls: (rows) => Math.ceil(rows / MAX_PRODUCTS_PER_CALL),
        floorSeconds: () => 0,
      },
    ],
  },
});
