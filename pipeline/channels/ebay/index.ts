// eBay: the Seller Hub orders report, the Fulfillment API (orders), stock write-back through
// the Inventory API (bulkUpdatePriceQuantity, read right before each batch) and its sandbox.
import { defineChannel } from '../contract/channel';
import { requiredVariable } from '../contract/env';
import { ebayChannel, type EbayConfig } from './config';
import { ordersReport } from './files/ordersReport';
import { transactionReport } from './files/transactionReport';
import { createEbaySandbox, type EbaySandboxOptions } from './sandbox';
import { connector } from './streams';
import { createEbayWriter, EBAY_MAX_ROWS, type EbayWriterOptions } from './writer';

const SANDBOX_TOKEN = 'v^1.1#crossdock-sandbox-user-token';

export const ebay = defineChannel<EbayConfig>({
  id: 'ebay',
  label: 'eBay',
  reports: [ordersReport, transactionReport],
  accounts: {
    schema: ebayChannel,
    secretNames: (account) => ({ token: account.tokenEnv }),
    connector,
  },
  writer: {
    variables: { CROSSDOCK_EBAY_URL: 'https://api.ebay.com', CROSSDOCK_EBAY_TOKEN: 'user access token (sell.inventory scope)' },
    fromEnv: (env) =>
      env.CROSSDOCK_EBAY_URL
        ? createEbayWriter({ baseUrl: env.CROSSDOCK_EBAY_URL, credentials: { accessToken: requiredVariable(env, 'CROSSDOCK_EBAY_TOKEN', 'ebay') } })
        : null,
    envFromAccount: (account, secrets) => ({ CROSSDOCK_EBAY_URL: account.baseUrl, CROSSDOCK_EBAY_TOKEN: secrets.token }),
  },
  sandbox: {
    secrets: { token: SANDBOX_TOKEN },
    create: (listings, options) => createEbaySandbox(listings, { accessToken: SANDBOX_TOKEN, ...(options as EbaySandboxOptions) }),
    writerEnv: (url) => ({ CROSSDOCK_EBAY_URL: url, CROSSDOCK_EBAY_TOKEN: SANDBOX_TOKEN }),
    writer: (url, { http, own }) => {
      const mine = own as Partial<EbayWriterOptions> | undefined;
      return createEbayWriter({ baseUrl: url, credentials: { accessToken: SANDBOX_TOKEN }, ...mine, http: { ...http, ...mine?.http } });
    },
    syntheticIds: (i) => ({ marketplace: 'EBAY_US', channel_listing_id: null, channel_offer_id: String(700000000 + i), channel_inventory_item_id: null, channel_location_id: null }),
    // eBay documents no per-second rate for bulkUpdatePriceQuantity (a daily call limit only).
    throughput: [{ name: 'bulkUpdatePriceQuantity', operation: 'bulkUpdatePriceQuantity', minCalls: (rows) => Math.ceil(rows / EBAY_MAX_ROWS), floorSeconds: () => 0 }],
  },
});
