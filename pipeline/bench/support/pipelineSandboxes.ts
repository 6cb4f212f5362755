// The channel side of `npm run bench -- pipeline`: the four sandboxes seeded with a deterministic
// order history, in their own process (forked by pipeline/bench/pipeline.ts) so that the channel's
// work and heap do not count as pipeline cost, as with a real remote channel.
// Messages: parent → { total, rateLimits, nowMs, historyDays }; child → { urls, lines };
// parent → 'counts' → child → { counts }; parent → 'stop'.
import { createAliExpressSandbox } from '../../channels/aliexpress/sandbox';
import { aliexpressOrderBook } from '../../channels/aliexpress/sandbox/routes/orders';
import { utcToPacific } from '../../channels/aliexpress/streams/pacificTime';
import type { AliexpressOrder } from '../../channels/aliexpress/streams/orders';
import { createAmazonSandbox } from '../../channels/amazon/sandbox';
import { ALL_ORDERS_HEADER, allOrdersLine, amazonReports } from '../../channels/amazon/sandbox/routes/reports';
import { createEbaySandbox } from '../../channels/ebay/sandbox';
import { ebayOrderBook } from '../../channels/ebay/sandbox/routes/orders';
import type { EbayOrder } from '../../channels/ebay/streams/orders';
import { seededRandom } from '../../channels/sandbox/rng';
import { createShopifySandbox } from '../../channels/shopify/sandbox';
import { shopifyOrderBook } from '../../channels/shopify/sandbox/routes/orders';
import type { ShopifyOrder } from '../../channels/shopify/streams/orders';

const DAY = 86_400_000;
// Share of orders per channel (Amazon is most sellers' biggest; Shopify the most expensive to pull).
export const SHARE = { amazon: 0.4, ebay: 0.3, aliexpress: 0.2, shopify: 0.1 };

export interface Mix {
  amazon: number;
  ebay: number;
  aliexpress: number;
  shopify: number;
}

export function mixOf(total: number): Mix {
  const amazon = Math.round(total * SHARE.amazon);
  const ebay = Math.round(total * SHARE.ebay);
  const aliexpress = Math.round(total * SHARE.aliexpress);
  return { amazon, ebay, aliexpress, shopify: total - amazon - ebay - aliexpress };
}

export interface SeedRequest {
  total: number;
  rateLimits: boolean;
  nowMs: number;
  historyDays: number;
}

const linesOf = (i: number) => (i % 3 === 0 ? 2 : 1);
const iso = (ms: number) => new Date(ms).toISOString();
const sku = (i: number, k: number) => `SKU-${String((i * 7 + k * 13) % 300).padStart(3, '0')}`;

async function host(request: SeedRequest): Promise<void> {
  const { total, rateLimits, nowMs, historyDays } = request;
  const startMs = nowMs - historyDays * DAY;
  const spanMs = historyDays * DAY - 10 * 60_000;
  const mix = mixOf(total);
  const random = seededRandom(42);
  // Order i of n, modified at a time spread over the history.
  const at = (i: number, n: number) => Math.floor(startMs + ((i + random()) / n) * spanMs);
  let lines = 0;

  const shopify = createShopifySandbox([], { rateLimits });
  const shopifyOrders: ShopifyOrder[] = [];
  for (let i = 0; i < mix.shopify; i++) {
    const t = at(i, mix.shopify);
    const n = linesOf(i);
    lines += n;
    shopifyOrders.push({
      id: `gid://shopify/Order/${100000 + i}`, name: `#${100000 + i}`, createdAt: iso(t - 3_600_000), updatedAt: iso(t), cancelledAt: null,
      displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'FULFILLED', currencyCode: 'USD', shippingAddress: { countryCodeV2: 'US' },
      lineItems: { pageInfo: { hasNextPage: false }, nodes: Array.from({ length: n }, (_, k) => ({ id: `gid://shopify/LineItem/${i}${k}`, sku: sku(i, k), title: sku(i, k), quantity: 1 + k, unfulfilledQuantity: 0, discountedTotalSet: { shopMoney: { amount: '19.90', currencyCode: 'USD' } } })) },
      fulfillments: [{ createdAt: iso(t), status: 'SUCCESS' }], refunds: [], returns: { nodes: [] },
    });
  }
  shopifyOrderBook(shopify.store).load(shopifyOrders);

  const ebay = createEbaySandbox([], { rateLimits });
  const ebayOrders: EbayOrder[] = [];
  for (let i = 0; i < mix.ebay; i++) {
    const t = at(i, mix.ebay);
    const n = linesOf(i);
    lines += n;
    ebayOrders.push({
      orderId: `12-${String(i).padStart(5, '0')}-${String(i * 7).padStart(5, '0')}`, creationDate: iso(t - 3_600_000), lastModifiedDate: iso(t),
      orderFulfillmentStatus: 'FULFILLED', orderPaymentStatus: 'PAID',
      lineItems: Array.from({ length: n }, (_, k) => ({ lineItemId: `${i}${k}`, sku: sku(i, k), quantity: 1, lineItemCost: { value: '14.50', currency: 'GBP' }, lineItemFulfillmentStatus: 'FULFILLED', listingMarketplaceId: 'EBAY_GB' })),
    });
  }
  ebayOrderBook(ebay.store).load(ebayOrders);

  const aliexpress = createAliExpressSandbox([], { rateLimits });
  const aeOrders: AliexpressOrder[] = [];
  for (let i = 0; i < mix.aliexpress; i++) {
    const t = at(i, mix.aliexpress);
    const n = linesOf(i);
    lines += n;
    aeOrders.push({
      order_id: 8_000_000_000 + i, gmt_create: utcToPacific(iso(t - 3_600_000)), gmt_update: utcToPacific(iso(t)), order_status: i % 5 === 0 ? 'FINISH' : 'WAIT_BUYER_ACCEPT_GOODS',
      product_list: { order_product_dto: Array.from({ length: n }, (_, k) => ({ child_id: i * 10 + k, product_id: 1005000 + (i % 300), sku_code: sku(i, k), product_name: sku(i, k), product_count: 1, total_product_amount: { amount: '6.80', currency_code: 'USD' } })) },
    });
  }
  aliexpressOrderBook(aliexpress.store).load(aeOrders);

  // Amazon: compact times, turned into report TSV per requested range.
  const amazon = createAmazonSandbox([], { rateLimits });
  const amazonTimes = new Float64Array(mix.amazon);
  for (let i = 0; i < mix.amazon; i++) {
    amazonTimes[i] = at(i, mix.amazon);
    lines += linesOf(i);
  }
  amazonReports(amazon.store).source('GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', (report) => {
    const from = Date.parse(report.dataStartTime!);
    const to = Date.parse(report.dataEndTime!);
    const out: string[] = [ALL_ORDERS_HEADER.join('\t')];
    for (let i = 0; i < mix.amazon; i++) {
      const t = amazonTimes[i];
      if (t < from || t >= to) continue;
      for (let k = 0; k < linesOf(i); k++) {
        out.push(allOrdersLine({ orderId: `113-${String(i).padStart(7, '0')}-${String(i % 9999999).padStart(7, '0')}`, purchaseDate: iso(t - 3_600_000), lastUpdated: iso(t), status: 'Shipped', fba: i % 2 === 0, salesChannel: 'Amazon.com', sku: sku(i, k), quantity: 1, currency: 'USD', itemPrice: '24.99' }));
      }
    }
    return out.join('\n') + '\n';
  });

  const sandboxes = { shopify, ebay, amazon, aliexpress };
  await Promise.all(Object.values(sandboxes).map((s) => s.start()));
  process.on('message', (message) => {
    if (message === 'counts') {
      process.send!({ counts: { shopifyOrderPages: shopify.callCount('graphql:orders'), amazonReports: amazon.callCount('createReport') } });
    } else if (message === 'stop') {
      void Promise.all(Object.values(sandboxes).map((s) => s.stop())).then(() => process.exit(0));
    }
  });
  process.send!({ urls: { shopify: shopify.url, ebay: ebay.url, amazon: amazon.url, aliexpress: aliexpress.url }, lines });
}

if (require.main === module) {
  process.once('message', (request) => {
    host(request as SeedRequest).catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
  });
}
