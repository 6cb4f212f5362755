// Shopee (Open Platform v2): orders through get_order_list → get_order_detail, stock write-back
// through update_stock (one item per call, read right before each batch), and a local sandbox of
// those endpoints with Shopee's signing and token rotation. docs/channels/shopee.md.
import { ConfigError } from '../../errors';
import { defineChannel } from '../contract/channel';
import { positiveVariable, requiredVariable, type Env } from '../contract/env';
import { MAX_MODELS_PER_CALL } from './api/stock';
import { DEFAULT_RATE } from './client';
import { shopeeChannel, type ShopeeConfig } from './config';
import { createShopeeSandbox, seedOrders, type ShopeeSandboxOptions } from './sandbox';
import { connector } from './streams';
import { tokenStateDir } from '../http/refreshTokenFile';
import { createShopeeWriter, type ShopeeWriterOptions } from './writer';

/** Fixed sandbox credentials: never valid on Shopee. */
const SANDBOX = { partnerKey: 'crossdock-sandbox-partner-key', refreshToken: 'crossdock-sandbox-refresh-token' } as const;
const SANDBOX_IDS = { partnerId: 2000001, shopId: 100001 } as const;

function integerVariable(env: Env, name: string): number {
  requiredVariable(env, name, 'shopee');
  const value = positiveVariable(env, name)!;
  if (!Number.isSafeInteger(value)) throw new ConfigError(`${name}=${env[name]} must be a whole number`, 'CD_CHANNEL_CONFIG');
  return value;
}

export const shopee = defineChannel<ShopeeConfig>({
  id: 'shopee',
  label: 'Shopee',
  accounts: {
    schema: shopeeChannel,
    secretNames: (account) => ({ partnerKey: account.partnerKeyEnv, refreshToken: account.refreshTokenEnv }),
    connector,
  },
  writer: {
    variables: {
      CROSSDOCK_SHOPEE_URL: 'https://partner.shopeemobile.com',
      CROSSDOCK_SHOPEE_PARTNER_ID: 'partner id of the app (a number)',
      CROSSDOCK_SHOPEE_SHOP_ID: 'shop id (a number)',
      CROSSDOCK_SHOPEE_PARTNER_KEY: 'partner key (signs every call)',
      CROSSDOCK_SHOPEE_REFRESH_TOKEN: "the shop's refresh token as authorized (rotated copies are kept under CROSSDOCK_STATE_DIR)",
      CROSSDOCK_SHOPEE_TOKEN_STORE: '"memory" keeps rotated refresh tokens in memory only (sandboxes); default: a 0600 file under CROSSDOCK_STATE_DIR',
    },
    fromEnv: (env) =>
      env.CROSSDOCK_SHOPEE_URL
        ? createShopeeWriter({
            baseUrl: env.CROSSDOCK_SHOPEE_URL,
            credentials: {
              partnerId: integerVariable(env, 'CROSSDOCK_SHOPEE_PARTNER_ID'),
              shopId: integerVariable(env, 'CROSSDOCK_SHOPEE_SHOP_ID'),
              partnerKey: requiredVariable(env, 'CROSSDOCK_SHOPEE_PARTNER_KEY', 'shopee'),
              refreshToken: requiredVariable(env, 'CROSSDOCK_SHOPEE_REFRESH_TOKEN', 'shopee'),
            },
            stateDir: tokenStateDir('shopee', env),
          })
        : null,
    envFromAccount: (account, secrets) => ({
      CROSSDOCK_SHOPEE_URL: account.baseUrl,
      CROSSDOCK_SHOPEE_PARTNER_ID: String(account.partnerId),
      CROSSDOCK_SHOPEE_SHOP_ID: String(account.shopId),
      CROSSDOCK_SHOPEE_PARTNER_KEY: secrets.partnerKey,
      CROSSDOCK_SHOPEE_REFRESH_TOKEN: secrets.refreshToken,
    }),
  },
  sandbox: {
    secrets: SANDBOX,
    create: (listings, options) => createShopeeSandbox(listings, { ...SANDBOX_IDS, ...SANDBOX, ...(options as Partial<ShopeeSandboxOptions>) }),
    writerEnv: (url) => ({
      CROSSDOCK_SHOPEE_URL: url,
      CROSSDOCK_SHOPEE_PARTNER_ID: String(SANDBOX_IDS.partnerId),
      CROSSDOCK_SHOPEE_SHOP_ID: String(SANDBOX_IDS.shopId),
      CROSSDOCK_SHOPEE_PARTNER_KEY: SANDBOX.partnerKey,
      CROSSDOCK_SHOPEE_REFRESH_TOKEN: SANDBOX.refreshToken,
      // A sandbox starts its token chain afresh: a persisted rotation of another run would be refused.
      CROSSDOCK_SHOPEE_TOKEN_STORE: 'memory',
    }),
    writer: (url, { http, own }) => {
      const mine = own as Partial<ShopeeWriterOptions> | undefined;
      return createShopeeWriter({ baseUrl: url, credentials: { ...SANDBOX_IDS, ...SANDBOX }, stateDir: null, ...mine, http: { ...http, ...mine?.http } });
    },
    // 50 models per item: the densest packing update_stock allows (one item per call).
    syntheticIds: (i) => ({
      marketplace: 'SG',
      channel_listing_id: String(800_000_000 + Math.floor(i / MAX_MODELS_PER_CALL)),
      channel_offer_id: null,
      channel_inventory_item_id: String(9_000_000_000 + i),
      channel_location_id: null,
    }),
    // Shopee documents no per-second rate for update_stock: the floor is Crossdock's own default
    // pace (DEFAULT_RATE, client.ts) after its burst, over each call and the get_model_list read
    // that precedes it (read-before-write; both draw from the shop's one budget).
    seedOrders,
    throughput: [
      {
        name: 'v2.product.update_stock',
        operation: 'product.update_stock',
        minCalls: (rows) => Math.max(1, Math.ceil(rows / MAX_MODELS_PER_CALL)),
        floorSeconds: (rows) => Math.max(0, 2 * Math.ceil(rows / MAX_MODELS_PER_CALL) - DEFAULT_RATE.burst) / DEFAULT_RATE.ratePerSecond,
      },
    ],
  },
});
