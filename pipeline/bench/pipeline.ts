// `npm run bench -- pipeline [--orders N] [--on-orders N]`: a full incremental run (first load
// through the window/watermark machinery) of the four channel sandboxes holding N orders (default
// 1,000,000) spread over 60 days, into a fresh DuckDB file.
//
// limits=off: sandboxes and client without rate limits — the pipeline's own cost (HTTP + JSON +
//   mapping + NDJSON staging + DuckDB upserts, and the Amazon report download + file ingest).
// limits=on: the documented limits switched on (Shopify cost bucket 1000 points restoring
//   100/s, Standard plan; Amazon Reports createReport 1/min burst 15, getReportDocument 1/min
//   burst 15). They make a full-size run take days (Shopify: ~919 points per 7 orders), so the
//   on-run is scaled down to --on-orders (default 3,000) and its rate-limit floor is computed
//   analytically: floor = max over accounts running in parallel of the time their buckets need
//   (Shopify: (Σ requested cost − initial bucket) / restore rate; Amazon: reports beyond the burst
//   × 60 s). time_ratio = wall / floor. The floor of the full N is printed too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAliExpressSandbox } from '../channels/aliexpress/sandbox';
import { aliexpressOrderBook } from '../channels/aliexpress/sandbox/routes/orders';
import type { AliexpressOrder } from '../channels/aliexpress/streams/orders';
import { createAmazonSandbox } from '../channels/amazon/sandbox';
import { ALL_ORDERS_HEADER, allOrdersLine, amazonReports } from '../channels/amazon/sandbox/routes/reports';
import { createEbaySandbox } from '../channels/ebay/sandbox';
import { ebayOrderBook } from '../channels/ebay/sandbox/routes/orders';
import type { EbayOrder } from '../channels/ebay/streams/orders';
import { systemClock } from '../channels/http';
import { seededRandom } from '../channels/sandbox/rng';
import { createShopifySandbox } from '../channels/shopify/sandbox';
import { DEFAULT_SHOPIFY_COST } from '../channels/shopify/sandbox/endpoint';
import { shopifyOrderBook } from '../channels/shopify/sandbox/routes/orders';
import { LINE_ITEMS_PAGE, ORDERS_PAGE, ordersQueryCost, type ShopifyOrder } from '../channels/shopify/streams/orders';
import { utcToPacific } from '../channels/aliexpress/streams/pacificTime';
import { parseConfig } from '../config/load';
import { UsageError } from '../errors';
import { ingestPaths } from '../ingest';
import { say } from '../log';
import { runPass } from '../scheduler/runner';
import { DuckWarehouse } from '../warehouse/duckdb';

const DAY = 86_400_000;
const HISTORY_DAYS = 60;
// Share of orders per channel (Amazon is most sellers' biggest; Shopify the most expensive to pull).
const SHARE = { amazon: 0.4, ebay: 0.3, aliexpress: 0.2, shopify: 0.1 };
const AMAZON_REPORT_BURST = 15;
const AMAZON_REPORT_INTERVAL_S = 1 / 0.0167;

interface Mix {
  amazon: number;
  ebay: number;
  aliexpress: number;
  shopify: number;
}

function mixOf(total: number): Mix {
  return {
    amazon: Math.round(total * SHARE.amazon),
    ebay: Math.round(total * SHARE.ebay),
    aliexpress: Math.round(total * SHARE.aliexpress),
    shopify: total - Math.round(total * SHARE.amazon) - Math.round(total * SHARE.ebay) - Math.round(total * SHARE.aliexpress),
  };
}

const linesOf = (i: number) => (i % 3 === 0 ? 2 : 1);
const iso = (ms: number) => new Date(ms).toISOString();

/** Order i of n, modified at a time spread over the history (deterministic). */
function modifiedAt(i: number, n: number, startMs: number, spanMs: number, random: () => number): number {
  return Math.floor(startMs + ((i + random()) / n) * spanMs);
}

interface Seeded {
  lines: number;
}

function argNumber(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 100) throw new UsageError(`${name} must be a whole number ≥ 100`);
  return n;
}

async function runOnce(total: number, rateLimits: boolean): Promise<{ seconds: number; lines: number; loaded: number; floor: number; statuses: string[] }> {
  const nowMs = Date.now();
  const startMs = nowMs - HISTORY_DAYS * DAY;
  const spanMs = HISTORY_DAYS * DAY - 10 * 60_000;
  const mix = mixOf(total);
  const random = seededRandom(42);
  const sandboxes = {
    shopify: createShopifySandbox([], { rateLimits }),
    ebay: createEbaySandbox([], { rateLimits }),
    amazon: createAmazonSandbox([], { rateLimits }),
    aliexpress: createAliExpressSandbox([], { rateLimits }),
  };
  await Promise.all(Object.values(sandboxes).map((s) => s.start()));
  const seeded: Seeded = { lines: 0 };
  const sku = (i: number, k: number) => `SKU-${String((i * 7 + k * 13) % 300).padStart(3, '0')}`;

  const shopifyOrders: ShopifyOrder[] = [];
  for (let i = 0; i < mix.shopify; i++) {
    const t = modifiedAt(i, mix.shopify, startMs, spanMs, random);
    const n = linesOf(i);
    seeded.lines += n;
    shopifyOrders.push({
      id: `gid://shopify/Order/${100000 + i}`, name: `#${100000 + i}`, createdAt: iso(t - 3_600_000), updatedAt: iso(t), cancelledAt: null,
      displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'FULFILLED', currencyCode: 'USD', shippingAddress: { countryCodeV2: 'US' },
      lineItems: { pageInfo: { hasNextPage: false }, nodes: Array.from({ length: n }, (_, k) => ({ id: `gid://shopify/LineItem/${i}${k}`, sku: sku(i, k), title: sku(i, k), quantity: 1 + k, unfulfilledQuantity: 0, discountedTotalSet: { shopMoney: { amount: '19.90', currencyCode: 'USD' } } })) },
      fulfillments: [{ createdAt: iso(t), status: 'SUCCESS' }], refunds: [], returns: { nodes: [] },
    });
  }
  shopifyOrderBook(sandboxes.shopify.store).load(shopifyOrders);
  shopifyOrders.length = 0;

  const ebayOrders: EbayOrder[] = [];
  for (let i = 0; i < mix.ebay; i++) {
    const t = modifiedAt(i, mix.ebay, startMs, spanMs, random);
    const n = linesOf(i);
    seeded.lines += n;
    ebayOrders.push({
      orderId: `12-${String(i).padStart(5, '0')}-${String(i * 7).padStart(5, '0')}`, creationDate: iso(t - 3_600_000), lastModifiedDate: iso(t),
      orderFulfillmentStatus: 'FULFILLED', orderPaymentStatus: 'PAID',
      lineItems: Array.from({ length: n }, (_, k) => ({ lineItemId: `${i}${k}`, sku: sku(i, k), quantity: 1, lineItemCost: { value: '14.50', currency: 'GBP' }, lineItemFulfillmentStatus: 'FULFILLED', listingMarketplaceId: 'EBAY_GB' })),
    });
  }
  ebayOrderBook(sandboxes.ebay.store).load(ebayOrders);
  ebayOrders.length = 0;

  const aeOrders: AliexpressOrder[] = [];
  for (let i = 0; i < mix.aliexpress; i++) {
    const t = modifiedAt(i, mix.aliexpress, startMs, spanMs, random);
    const n = linesOf(i);
    seeded.lines += n;
    aeOrders.push({
      order_id: 8_000_000_000 + i, gmt_create: utcToPacific(iso(t - 3_600_000)), gmt_update: utcToPacific(iso(t)), order_status: i % 5 === 0 ? 'FINISH' : 'WAIT_BUYER_ACCEPT_GOODS',
      product_list: { order_product_dto: Array.from({ length: n }, (_, k) => ({ child_id: i * 10 + k, product_id: 1005000 + (i % 300), sku_code: sku(i, k), product_name: sku(i, k), product_count: 1, total_product_amount: { amount: '6.80', currency_code: 'USD' } })) },
    });
  }
  aliexpressOrderBook(sandboxes.aliexpress.store).load(aeOrders);
  aeOrders.length = 0;

  // Amazon: report lines kept compact and turned into TSV per requested range.
  const amazonTimes = new Float64Array(mix.amazon);
  for (let i = 0; i < mix.amazon; i++) amazonTimes[i] = modifiedAt(i, mix.amazon, startMs, spanMs, random);
  for (let i = 0; i < mix.amazon; i++) seeded.lines += linesOf(i);
  amazonReports(sandboxes.amazon.store).source('GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', (request) => {
    const from = Date.parse(request.dataStartTime!);
    const to = Date.parse(request.dataEndTime!);
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

  const env = {
    B_SHOPIFY: 'shpat_bench', B_EBAY: 'v^1.1#bench', B_AMZ_ID: 'amzn1.application-oa2-client.bench', B_AMZ_SECRET: 'bench-secret', B_AMZ_REFRESH: 'Atzr|bench',
    B_AE_KEY: '500001', B_AE_SECRET: 'bench-ae-secret', B_AE_SESSION: 'bench-session',
  };
  const startDate = iso(startMs).slice(0, 10);
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-bench-pipeline-'));
  const config = parseConfig({
    channels: [
      { channel: 'shopify', account: 'bench', shop: 'bench', baseUrl: sandboxes.shopify.url, apiVersion: '2026-01', tokenEnv: 'B_SHOPIFY', streams: { orders: { startDate }, inventory: { enabled: false } } },
      { channel: 'ebay', account: 'bench', baseUrl: sandboxes.ebay.url, marketplaces: ['EBAY_GB'], tokenEnv: 'B_EBAY', streams: { orders: { startDate } } },
      {
        channel: 'amazon', account: 'bench', baseUrl: sandboxes.amazon.url, lwaUrl: `${sandboxes.amazon.url}/_lwa/o2/token`, marketplaces: [{ id: 'ATVPDKIKX0DER', code: 'US' }],
        clientIdEnv: 'B_AMZ_ID', clientSecretEnv: 'B_AMZ_SECRET', refreshTokenEnv: 'B_AMZ_REFRESH', reportPollSeconds: 0.05,
        streams: { orders: { startDate }, returns: { enabled: false }, inventory: { enabled: false }, listings: { enabled: false } },
      },
      { channel: 'aliexpress', account: 'bench', baseUrl: sandboxes.aliexpress.url, appKeyEnv: 'B_AE_KEY', appSecretEnv: 'B_AE_SECRET', sessionEnv: 'B_AE_SESSION', streams: { orders: { startDate } } },
    ],
  });
  const warehouse = await DuckWarehouse.open(join(dir, 'bench.duckdb'));
  try {
    const t0 = performance.now();
    const result = await runPass(
      { warehouse, loaded: { config, path: join(dir, 'c.json'), dir }, clock: systemClock, now: () => new Date(nowMs), env, rateLimits, workDir: dir, ingest: ingestPaths },
      { trigger: 'cli', force: true, skipInbox: true },
    );
    const seconds = (performance.now() - t0) / 1000;
    const loaded = result.streams.reduce((sum, s) => sum + s.rowsLoaded, 0);
    // The floor from the calls this run actually needed (pages per window, reports per window).
    const shopifyCost = sandboxes.shopify.callCount('graphql:orders') * ordersQueryCost(ORDERS_PAGE, LINE_ITEMS_PAGE);
    const shopifyFloor = Math.max(0, shopifyCost - DEFAULT_SHOPIFY_COST.maximumAvailable) / DEFAULT_SHOPIFY_COST.restoreRate;
    const amazonFloor = Math.max(0, sandboxes.amazon.callCount('createReport') - AMAZON_REPORT_BURST) * AMAZON_REPORT_INTERVAL_S;
    return { seconds, lines: seeded.lines, loaded, floor: Math.max(shopifyFloor, amazonFloor), statuses: result.streams.map((s) => `${s.key}=${s.status}/${(s.seconds ?? 0).toFixed(1)}s${s.error ? `(${s.error.slice(0, 160)})` : ''}`) };
  } finally {
    warehouse.close();
    await Promise.all(Object.values(sandboxes).map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rate-limit floor of a full-size run, from the same formulas (for the record). */
function fullFloorSeconds(total: number): number {
  const mix = mixOf(total);
  const pages = Math.ceil(mix.shopify / ORDERS_PAGE) + Math.ceil(HISTORY_DAYS / 7);
  return Math.max(0, pages * ordersQueryCost(ORDERS_PAGE, LINE_ITEMS_PAGE) - DEFAULT_SHOPIFY_COST.maximumAvailable) / DEFAULT_SHOPIFY_COST.restoreRate;
}

export async function run(args: string[]): Promise<void> {
  const orders = argNumber(args, '--orders', 1_000_000);
  const onOrders = argNumber(args, '--on-orders', 3_000);
  say(`pipeline bench: ${orders.toLocaleString('en-US')} orders (${JSON.stringify(mixOf(orders))}) over ${HISTORY_DAYS} days, limits off …`);
  const off = await runOnce(orders, false);
  say(`  ${off.loaded.toLocaleString('en-US')} of ${off.lines.toLocaleString('en-US')} order lines loaded in ${off.seconds.toFixed(1)} s; ${off.statuses.join(' ')}`);
  say(`limits on (documented rates), scaled down to ${onOrders.toLocaleString('en-US')} orders …`);
  const on = await runOnce(onOrders, true);
  say(`  ${on.loaded.toLocaleString('en-US')} of ${on.lines.toLocaleString('en-US')} order lines in ${on.seconds.toFixed(1)} s; rate-limit floor ${on.floor.toFixed(1)} s; ${on.statuses.join(' ')}`);
  const fullFloor = fullFloorSeconds(orders);
  say(`  floor of a ${orders.toLocaleString('en-US')}-order first load with limits on: ${(fullFloor / 3600).toFixed(1)} h (Shopify cost bucket; use Bulk Operations or a longer first load)`);
  say(
    `BENCH pipeline limits=off orders=${orders} rows=${off.loaded} wall_s=${off.seconds.toFixed(2)} rows_per_s=${Math.round(off.loaded / off.seconds)}`,
  );
  say(
    `BENCH pipeline limits=on orders=${onOrders} rows=${on.loaded} wall_s=${on.seconds.toFixed(2)} floor_s=${on.floor.toFixed(2)} rows_per_s=${Math.round(on.loaded / on.seconds)} time_ratio=${on.floor > 0 ? (on.seconds / on.floor).toFixed(3) : 'n/a'} full_floor_h=${(fullFloor / 3600).toFixed(1)}`,
  );
}
