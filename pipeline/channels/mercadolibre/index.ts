// Mercado Libre: the orders API (orders/search by last update), stock write-back to items,
// variations and user products (x-version compare-and-set), OAuth with rotating refresh tokens,
// and its sandbox. docs/channels/mercadolibre.md.
import { defineChannel } from '../contract/channel';
import { requiredVariable } from '../contract/env';
import { tokenStateDir } from '../http/refreshTokenFile';
import { mercadolibreChannel, type MercadoLibreConfig } from './config';
import { createMercadoLibreSandbox, seedOrders, type MercadoLibreSandboxOptions } from './sandbox';
import { connector } from './streams';
import { createMercadoLibreWriter, type MercadoLibreWriterOptions } from './writer';

const SANDBOX = { clientId: 'crossdock-sandbox-client', clientSecret: 'crossdock-sandbox-secret', refreshToken: 'TG-crossdock-sandbox-refresh' };

export const mercadolibre = defineChannel<MercadoLibreConfig>({
  id: 'mercadolibre',
  label: 'Mercado Libre',
  accounts: {
    schema: mercadolibreChannel,
    secretNames: (account) => ({ clientId: account.clientIdEnv, clientSecret: account.clientSecretEnv, refreshToken: account.refreshTokenEnv }),
    connector,
  },
  writer: {
    variables: {
      CROSSDOCK_MERCADOLIBRE_URL: 'https://api.mercadolibre.com',
      CROSSDOCK_MERCADOLIBRE_AUTH_URL: 'token endpoint (default <URL>/oauth/token)',
      CROSSDOCK_MERCADOLIBRE_CLIENT_ID: 'app client id',
      CROSSDOCK_MERCADOLIBRE_CLIENT_SECRET: 'app client secret',
      CROSSDOCK_MERCADOLIBRE_REFRESH_TOKEN: 'seller refresh token (rotated copies are kept under CROSSDOCK_STATE_DIR)',
      CROSSDOCK_MERCADOLIBRE_TOKEN_STORE: '"memory" keeps rotated refresh tokens in memory only (sandboxes); default: a 0600 file under CROSSDOCK_STATE_DIR',
    },
    fromEnv: (env) =>
      env.CROSSDOCK_MERCADOLIBRE_URL
        ? createMercadoLibreWriter({
            baseUrl: env.CROSSDOCK_MERCADOLIBRE_URL,
            authUrl: env.CROSSDOCK_MERCADOLIBRE_AUTH_URL || undefined,
            credentials: {
              clientId: requiredVariable(env, 'CROSSDOCK_MERCADOLIBRE_CLIENT_ID', 'mercadolibre'),
              clientSecret: requiredVariable(env, 'CROSSDOCK_MERCADOLIBRE_CLIENT_SECRET', 'mercadolibre'),
              refreshToken: requiredVariable(env, 'CROSSDOCK_MERCADOLIBRE_REFRESH_TOKEN', 'mercadolibre'),
            },
            stateDir: tokenStateDir('mercadolibre', env),
          })
        : null,
    envFromAccount: (account, secrets) => ({
      CROSSDOCK_MERCADOLIBRE_URL: account.baseUrl,
      CROSSDOCK_MERCADOLIBRE_AUTH_URL: account.authUrl,
      CROSSDOCK_MERCADOLIBRE_CLIENT_ID: secrets.clientId,
      CROSSDOCK_MERCADOLIBRE_CLIENT_SECRET: secrets.clientSecret,
      CROSSDOCK_MERCADOLIBRE_REFRESH_TOKEN: secrets.refreshToken,
    }),
  },
  sandbox: {
    secrets: SANDBOX,
    create: (listings, options) => createMercadoLibreSandbox(listings, { ...SANDBOX, ...(options as MercadoLibreSandboxOptions) }),
    writerEnv: (url) => ({
      CROSSDOCK_MERCADOLIBRE_URL: url,
      CROSSDOCK_MERCADOLIBRE_CLIENT_ID: SANDBOX.clientId,
      CROSSDOCK_MERCADOLIBRE_CLIENT_SECRET: SANDBOX.clientSecret,
      CROSSDOCK_MERCADOLIBRE_REFRESH_TOKEN: SANDBOX.refreshToken,
      CROSSDOCK_MERCADOLIBRE_TOKEN_STORE: 'memory',
    }),
    writer: (url, { http, own }) => {
      const mine = own as Partial<MercadoLibreWriterOptions> | undefined;
      return createMercadoLibreWriter({ baseUrl: url, credentials: SANDBOX, stateDir: null, ...mine, http: { ...http, ...mine?.http } });
    },
    syntheticIds: (i) => ({ marketplace: 'MX', channel_listing_id: `MLM${900000000 + i}`, channel_offer_id: null, channel_inventory_item_id: null, channel_location_id: null }),
    // The bench's synthetic listings are plain items: one multiget read per 20 and one PUT /items/{id}
    // per item. Mercado Libre documents no per-second rate for items (429 local_rate_limited is
    // retried); the user-products stock path (GET + PUT at 100/minute) is described in the docs page.
    seedOrders,
    throughput: [{ name: 'PUT /items', operation: 'updateItem', minCalls: (rows) => rows, floorSeconds: () => 0 }],
  },
});
