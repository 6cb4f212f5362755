import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManualClock } from '../../../pipeline/channels/http';
import { createEbaySandbox, type EbaySandbox } from '../../../pipeline/channels/ebay/sandbox';
import { ebayOrderBook } from '../../../pipeline/channels/ebay/sandbox/routes/orders';
import type { EbayOrder } from '../../../pipeline/channels/ebay/streams/orders';
import { createShopifySandbox, type ShopifySandbox } from '../../../pipeline/channels/shopify/sandbox';
import { shopifyOrderBook } from '../../../pipeline/channels/shopify/sandbox/routes/orders';
import type { ShopifyOrder } from '../../../pipeline/channels/shopify/streams/orders';
import { parseConfig, type LoadedConfig } from '../../../pipeline/config/load';
import { ingestPaths } from '../../../pipeline/ingest';
import { markInterruptedRuns, runPass, type RunnerDeps } from '../../../pipeline/scheduler/runner';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// The sandboxes and the runner share one controllable wall clock (eBay refuses future dates).
let nowMs = Date.parse('2026-03-10T12:00:00Z');
const wallClock = { now: () => nowMs, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
const iso = (ms: number) => new Date(ms).toISOString();

function shopifyOrder(n: number, updatedMs: number, lines: { sku: string | null; qty: number; total: string; unfulfilled?: number }[], extra: Partial<ShopifyOrder> = {}): ShopifyOrder {
  return {
    id: `gid://shopify/Order/${n}`,
    name: `#${1000 + n}`,
    createdAt: iso(updatedMs - DAY),
    updatedAt: iso(updatedMs),
    cancelledAt: null,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'FULFILLED',
    currencyCode: 'USD',
    shippingAddress: { countryCodeV2: 'US' },
    lineItems: {
      pageInfo: { hasNextPage: false },
      nodes: lines.map((l, i) => ({
        id: `gid://shopify/LineItem/${n}0${i}`,
        sku: l.sku,
        title: `Item ${l.sku}`,
        quantity: l.qty,
        unfulfilledQuantity: l.unfulfilled ?? 0,
        discountedTotalSet: { shopMoney: { amount: l.total, currencyCode: 'USD' } },
      })),
    },
    fulfillments: [{ createdAt: iso(updatedMs - 12 * HOUR), status: 'SUCCESS' }],
    refunds: [],
    returns: { nodes: [] },
    ...extra,
  };
}

function ebayOrder(id: string, modifiedMs: number, lines: { sku: string; qty: number; value: string }[], extra: Partial<EbayOrder> = {}): EbayOrder {
  return {
    orderId: id,
    creationDate: iso(modifiedMs - 2 * DAY),
    lastModifiedDate: iso(modifiedMs),
    orderFulfillmentStatus: 'FULFILLED',
    orderPaymentStatus: 'PAID',
    cancelStatus: { cancelState: 'NONE_REQUESTED' },
    fulfillmentStartInstructions: [{ shippingStep: { shipTo: { contactAddress: { countryCode: 'DE' } } } }],
    lineItems: lines.map((l, i) => ({
      lineItemId: `${id}-L${i}`,
      sku: l.sku,
      title: l.sku,
      quantity: l.qty,
      lineItemCost: { value: l.value, currency: 'EUR' },
      lineItemFulfillmentStatus: 'FULFILLED',
      listingMarketplaceId: 'EBAY_DE',
    })),
    ...extra,
  };
}

describe('scheduled pipeline against the channel sandboxes', () => {
  let shopify: ShopifySandbox;
  let ebay: EbaySandbox;
  let warehouse: DuckWarehouse;
  let loaded: LoadedConfig;
  let workDir: string;

  function deps(overrides: Partial<RunnerDeps> = {}): RunnerDeps {
    return {
      warehouse,
      loaded,
      clock: new ManualClock(nowMs), // retries and back-off take no real time
      now: () => new Date(nowMs),
      env: { TEST_SHOPIFY_TOKEN: 'shpat_sandbox_token', TEST_EBAY_TOKEN: 'v^1.1#sandbox' },
      rateLimits: false,
      workDir,
      ingest: ingestPaths,
      ...overrides,
    };
  }

  const count = async (sql: string) => Number((await warehouse.all<{ n: number }>(sql))[0].n);

  beforeEach(async () => {
    nowMs = Date.parse('2026-03-10T12:00:00Z');
    shopify = createShopifySandbox([], { clock: wallClock, rateLimits: false });
    ebay = createEbaySandbox([], { clock: wallClock });
    await Promise.all([shopify.start(), ebay.start()]);
    workDir = mkdtempSync(join(tmpdir(), 'cd-sched-'));
    loaded = {
      path: join(workDir, 'crossdock.config.json'),
      dir: workDir,
      config: parseConfig({
        baseCurrency: 'USD',
        channels: [
          {
            channel: 'shopify', account: 'acme', shop: 'acme', baseUrl: shopify.url, apiVersion: '2026-01', tokenEnv: 'TEST_SHOPIFY_TOKEN', marketplace: 'US',
            streams: { orders: { startDate: '2026-02-01' }, inventory: { enabled: false } },
          },
          { channel: 'ebay', account: 'de', baseUrl: ebay.url, marketplaces: ['EBAY_DE'], tokenEnv: 'TEST_EBAY_TOKEN', streams: { orders: { startDate: '2026-02-01' } } },
        ],
      }),
    };
    warehouse = await DuckWarehouse.open(':memory:');
    shopifyOrderBook(shopify.store).load([
      shopifyOrder(1, nowMs - 10 * DAY, [{ sku: 'MUG-RED', qty: 2, total: '24.00' }, { sku: 'MUG-BLUE', qty: 1, total: '12.00' }]),
      shopifyOrder(2, nowMs - 5 * DAY, [{ sku: 'TEE-M', qty: 1, total: '19.99', unfulfilled: 1 }], { displayFulfillmentStatus: 'UNFULFILLED' }),
      shopifyOrder(3, nowMs - 2 * DAY, [{ sku: null, qty: 1, total: '5.00' }, { sku: 'CAP', qty: 3, total: '30.00' }]),
    ]);
    ebayOrderBook(ebay.store).load([
      ebayOrder('11-0001-0001', nowMs - 20 * DAY, [{ sku: 'MUG-RED', qty: 1, value: '11.00' }]),
      ebayOrder('11-0002-0002', nowMs - 3 * DAY, [{ sku: 'CAP', qty: 2, value: '20.00' }, { sku: 'TEE-M', qty: 1, value: '17.00' }]),
    ]);
  });

  afterEach(async () => {
    warehouse.close();
    await Promise.all([shopify.stop(), ebay.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('loads every order line on the first run, rejects the line without a SKU and sets each watermark to the window end', async () => {
    const result = await runPass(deps(), { trigger: 'cli', force: true });
    expect(result.streams.map((s) => [s.key, s.status])).toEqual([
      ['ebay/de/orders', 'succeeded'],
      ['shopify/acme/orders', 'partial'], // one line refused: no SKU
    ]);
    // Shopify: order 1 has 2 lines, order 2 one, order 3 one good line of two → 4; eBay: 1 + 2 → 3.
    expect(await count(`select count(*) as n from order_line where channel = 'shopify'`)).toBe(4);
    expect(await count(`select count(*) as n from order_line where channel = 'ebay'`)).toBe(3);
    expect(await count(`select count(*) as n from rejected_row where field = 'sku'`)).toBe(1);
    // Keys as the orders export has them: the order name and the line's position in the order.
    const statuses = await warehouse.all(`select order_id, line_id, order_status, item_price_amount from order_line where channel = 'shopify' order by order_id, line_id`);
    expect(statuses).toEqual([
      { order_id: '#1001', line_id: '1', order_status: 'shipped', item_price_amount: 24 },
      { order_id: '#1001', line_id: '2', order_status: 'shipped', item_price_amount: 12 },
      { order_id: '#1002', line_id: '1', order_status: 'unshipped', item_price_amount: 19.99 },
      { order_id: '#1003', line_id: '2', order_status: 'shipped', item_price_amount: 30 },
    ]);
    const marks = await warehouse.all(`select channel, cursor_value from stream_watermark order by channel`);
    // Window ends lag now by one minute (the channels may not have settled the last seconds).
    expect(marks).toEqual([
      { channel: 'ebay', cursor_value: iso(nowMs - 60_000) },
      { channel: 'shopify', cursor_value: iso(nowMs - 60_000) },
    ]);
  });

  it('catches a refund made later and an update reported late inside the overlap, without duplicating anything', async () => {
    await runPass(deps(), { trigger: 'cli', force: true });
    const firstMark = Date.parse((await warehouse.all<{ cursor_value: string }>(`select cursor_value from stream_watermark where channel = 'shopify'`))[0].cursor_value);
    nowMs += 6 * HOUR;
    // A refund of order 1's blue mug: Shopify bumps updatedAt to now.
    const refunded = shopifyOrder(1, nowMs - HOUR, [{ sku: 'MUG-RED', qty: 2, total: '24.00' }, { sku: 'MUG-BLUE', qty: 1, total: '12.00' }], {
      refunds: [{ id: 'gid://shopify/Refund/9', createdAt: iso(nowMs - HOUR), refundLineItems: { nodes: [{ quantity: 1, restockType: 'RETURN', lineItem: { id: 'gid://shopify/LineItem/101' }, subtotalSet: { shopMoney: { amount: '12.00', currencyCode: 'USD' } } }] } }],
    });
    shopifyOrderBook(shopify.store).upsert(refunded);
    // An eBay change stamped 2 hours before the last watermark that only showed up now.
    ebayOrderBook(ebay.store).upsert(ebayOrder('11-0003-0003', firstMark - 2 * HOUR, [{ sku: 'MUG-BLUE', qty: 4, value: '40.00' }]));

    const second = await runPass(deps(), { trigger: 'cli', force: true });
    expect(second.streams.every((s) => s.status !== 'failed')).toBe(true);
    expect(await count(`select count(*) as n from order_line where channel = 'shopify'`)).toBe(4);
    expect(await count(`select count(*) as n from order_line where channel = 'ebay'`)).toBe(4);
    expect(await count(`select count(*) as n from (select channel, order_id, line_id from order_line group by all having count(*) > 1)`)).toBe(0);
    const blue = await warehouse.all(`select order_status from order_line where channel = 'shopify' and order_id = '#1001' and line_id = '2'`);
    expect(blue).toEqual([{ order_status: 'refunded' }]);
    const ebayRun = second.streams.find((s) => s.key === 'ebay/de/orders')!;
    expect(ebayRun.watermarkBefore).toBe(iso(firstMark));
    expect(ebayRun.watermarkAfter).toBe(iso(nowMs - 60_000));
  });

  it('rides out throttled and failing answers with retries and still loads everything', async () => {
    shopify.configureFaults({ throttleRate: 0.5, serverErrorRate: 0.2, retryAfterSeconds: 0, seed: 7 });
    ebay.configureFaults({ throttleRate: 0.5, retryAfterSeconds: 0, seed: 9 });
    const result = await runPass(deps(), { trigger: 'cli', force: true });
    expect(result.streams.map((s) => [s.status, s.error])).toEqual([['succeeded', undefined], ['partial', expect.stringContaining('1 record(s) rejected')]]);
    expect(await count(`select count(*) as n from order_line`)).toBe(7);
  });

  it('keeps the other streams going when one channel keeps failing, and leaves the failed watermark untouched', async () => {
    ebay.configureFaults({ serverErrorRate: 1 });
    const result = await runPass(deps(), { trigger: 'cli', force: true });
    const byKey = Object.fromEntries(result.streams.map((s) => [s.key, s]));
    expect(byKey['ebay/de/orders'].status).toBe('failed');
    expect(byKey['ebay/de/orders'].transient).toBe(true);
    expect(byKey['shopify/acme/orders'].status).toBe('partial');
    expect(await count(`select count(*) as n from order_line where channel = 'shopify'`)).toBe(4);
    expect(await count(`select count(*) as n from stream_watermark where channel = 'ebay'`)).toBe(0);
    const runs = await warehouse.all(`select stream, run_status, error_message is not null as has_error from pipeline_run where run_kind = 'api' order by stream`);
    expect(runs).toEqual([
      { stream: 'ebay/orders', run_status: 'failed', has_error: true },
      { stream: 'shopify/orders', run_status: 'partial', has_error: true }, // the rejected line is noted
    ]);
    // Next run, channel healthy again: resumes from the start (no good watermark yet) and loads all.
    ebay.configureFaults({ serverErrorRate: 0 });
    await runPass(deps(), { trigger: 'cli', force: true, only: ['ebay'] });
    expect(await count(`select count(*) as n from order_line where channel = 'ebay'`)).toBe(3);
  });

  it('resumes from the last committed window after a crash mid-run, with no loss and no duplicates', async () => {
    // 40 days of eBay history in 30-day windows: window 1 commits, then the channel dies.
    nowMs = Date.parse('2026-03-10T12:00:00Z');
    loaded.config.channels[1].streams.orders.startDate = iso(nowMs - 40 * DAY).slice(0, 10);
    ebayOrderBook(ebay.store).upsert(ebayOrder('11-0009-0009', nowMs - 35 * DAY, [{ sku: 'OLD', qty: 1, value: '5.00' }]));
    let calls = 0;
    const crashing = deps({
      ingest: ingestPaths,
      onEvent: (event) => {
        if (event.type === 'stream-start' && event.key === 'ebay/de/orders') calls = 0;
        if (event.type === 'stream-progress' && event.key === 'ebay/de/orders' && ++calls === 1) ebay.configureFaults({ serverErrorRate: 1 });
      },
    });
    const first = await runPass(crashing, { trigger: 'cli', force: true, only: ['ebay'] });
    expect(first.streams[0].status).toBe('failed');
    const mark = (await warehouse.all<{ cursor_value: string }>(`select cursor_value from stream_watermark where channel = 'ebay'`))[0].cursor_value;
    expect(mark).toBe('2026-02-28T00:00:00.000Z'); // start 2026-01-29 + 30 days
    expect(await count(`select count(*) as n from order_line where channel = 'ebay'`)).toBe(2); // 11-0009 (Feb 3), 11-0001 (Feb 18)

    ebay.configureFaults({ serverErrorRate: 0 });
    const again = await runPass(deps(), { trigger: 'cli', force: true, only: ['ebay'] });
    expect(again.streams[0].watermarkBefore).toBe(mark);
    expect(await count(`select count(*) as n from order_line where channel = 'ebay'`)).toBe(4);
  });

  it('marks a run left "running" by a killed process as failed on the next start', async () => {
    await warehouse.run(`insert into pipeline_run (run_id, run_kind, stream, started_at, run_status) values ('api-x', 'api', 'ebay/orders', now()::timestamp, 'running')`);
    expect(await markInterruptedRuns(warehouse)).toBe(1);
    expect(await warehouse.all(`select run_status from pipeline_run where run_id = 'api-x'`)).toEqual([{ run_status: 'failed' }]);
  });
});

describe('crossdock run while another process holds the database', () => {
  it('refuses at once with exit code 75 and says who holds the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-lock-'));
    const db = join(dir, 'wh.duckdb');
    const config = join(dir, 'crossdock.config.json');
    writeFileSync(config, JSON.stringify({ channels: [] }));
    const holder = await DuckWarehouse.open(db);
    try {
      const child = spawnSync(process.execPath, [resolve('bin/crossdock.js'), 'run', '--config', config, '--db', db], { encoding: 'utf8', env: { ...process.env, CROSSDOCK_LOG_LEVEL: 'silent' } });
      expect(child.status).toBe(75);
      expect(child.stderr).toMatch(/CD_DB_LOCKED: .*held by another Crossdock process \(PID \d+\)/);
    } finally {
      holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
