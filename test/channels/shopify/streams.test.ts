import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, systemClock } from '../../../pipeline/channels/http';
import { createShopifySandbox, type ShopifySandbox } from '../../../pipeline/channels/shopify/sandbox';
import { shopifyOrderBook } from '../../../pipeline/channels/shopify/sandbox/routes/orders';
import type { ShopifyOrder } from '../../../pipeline/channels/shopify/streams/orders';
import { parseConfig, type LoadedConfig } from '../../../pipeline/config/load';
import { ingestPaths } from '../../../pipeline/ingest';
import { runPass, type RunnerDeps } from '../../../pipeline/scheduler/runner';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { shopifyListings } from '../../integration/channels/listings';

const iso = (ms: number) => new Date(ms).toISOString();

function order(n: number, updatedMs: number): ShopifyOrder {
  return {
    id: `gid://shopify/Order/${n}`, name: `#${n}`, createdAt: iso(updatedMs - 60_000), updatedAt: iso(updatedMs), cancelledAt: null,
    displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'UNFULFILLED', currencyCode: 'USD', shippingAddress: null,
    lineItems: { pageInfo: { hasNextPage: false }, nodes: [{ id: `gid://shopify/LineItem/${n}`, sku: `SKU-${n % 5}`, title: null, quantity: 1, unfulfilledQuantity: 1, discountedTotalSet: null }] },
    fulfillments: [], refunds: [], returns: { nodes: [] },
  };
}

describe('Shopify pulls against the sandbox cost bucket', () => {
  let sandbox: ShopifySandbox;
  let warehouse: DuckWarehouse;
  let workDir: string;
  let loaded: LoadedConfig;
  const nowMs = Date.now();
  // The connector and the sandbox share one clock: the bucket restores while the connector waits
  // for it, and never behind its back (a busy machine cannot turn a paced pull into a fast one).
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(nowMs);
    // A small, fast-restoring bucket: 1000 points, 4000 points/s; a page of orders costs 919.
    sandbox = createShopifySandbox(shopifyListings(3, 12), { rateLimits: true, cost: { maximumAvailable: 1000, restoreRate: 4000 }, clock });
    await sandbox.start();
    workDir = mkdtempSync(join(tmpdir(), 'cd-shop-'));
    loaded = {
      path: join(workDir, 'c.json'),
      dir: workDir,
      config: parseConfig({
        timezone: 'America/New_York',
        locations: [{ id: 'US-3PL', name: 'US 3PL', kind: '3pl', country: 'US' }],
        channels: [{ channel: 'shopify', account: 'main', shop: 'main', baseUrl: sandbox.url, apiVersion: '2026-01', tokenEnv: 'T_SHOP', locations: { '77': 'US-3PL' }, streams: { orders: { startDate: iso(nowMs - 3 * 86_400_000).slice(0, 10) } } }],
      }),
    };
    warehouse = await DuckWarehouse.open(':memory:');
  });

  afterEach(async () => {
    warehouse.close();
    await sandbox.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const deps = (): RunnerDeps => ({ warehouse, loaded, clock, now: () => new Date(nowMs), env: { T_SHOP: 'shpat_test' }, rateLimits: true, workDir, ingest: ingestPaths });

  it('paces pages by the cost bucket so that 40 orders over 6 pages load without a THROTTLED answer', async () => {
    shopifyOrderBook(sandbox.store).load(Array.from({ length: 40 }, (_, i) => order(i + 1, nowMs - 86_400_000 + i * 60_000)));
    const result = await runPass(deps(), { trigger: 'cli', force: true, only: ['shopify/orders'] });
    expect(result.streams[0]).toMatchObject({ status: 'succeeded', rowsRead: 40, rowsLoaded: 40 });
    expect(sandbox.callCount('graphql:orders')).toBe(6); // ceil(40 / 7)
    expect(sandbox.callCount('graphql:throttled')).toBe(0);
    expect(clock.sleeps.filter((ms) => ms > 0).length).toBeGreaterThanOrEqual(5); // it waited before each later page
  });

  it('loads inventory levels of the mapped location as today\'s snapshot in the seller time zone', async () => {
    const result = await runPass(deps(), { trigger: 'cli', force: true, only: ['shopify/inventory'] });
    expect(result.streams[0]).toMatchObject({ status: 'succeeded', rowsLoaded: 3 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(nowMs));
    expect(await warehouse.all(`select snapshot_date, sku, location_id, on_hand_units, available_units from inventory_snapshot order by sku`)).toEqual([
      { snapshot_date: today, sku: 'SKU-0', location_id: 'US-3PL', on_hand_units: 12, available_units: 12 },
      { snapshot_date: today, sku: 'SKU-1', location_id: 'US-3PL', on_hand_units: 12, available_units: 12 },
      { snapshot_date: today, sku: 'SKU-2', location_id: 'US-3PL', on_hand_units: 12, available_units: 12 },
    ]);
  });
});

describe('Shopify orders with more line items than the first page holds', () => {
  it('fetches the remaining line items of a 23-line order and loads all 23 lines', async () => {
    const sandbox = createShopifySandbox([], { rateLimits: false });
    await sandbox.start();
    const workDir = mkdtempSync(join(tmpdir(), 'cd-shop-big-'));
    const warehouse = await DuckWarehouse.open(':memory:');
    try {
      const nowMs = Date.now();
      const big = order(1, nowMs - 3_600_000);
      big.lineItems.nodes = Array.from({ length: 23 }, (_, i) => ({ id: `gid://shopify/LineItem/9${i}`, sku: `SKU-${i}`, title: null, quantity: 1, unfulfilledQuantity: 1, discountedTotalSet: null }));
      shopifyOrderBook(sandbox.store).load([big]);
      const loaded: LoadedConfig = {
        path: join(workDir, 'c.json'),
        dir: workDir,
        config: parseConfig({ channels: [{ channel: 'shopify', account: 'main', shop: 'main', baseUrl: sandbox.url, apiVersion: '2026-01', tokenEnv: 'T_SHOP', streams: { orders: { startDate: iso(nowMs - 86_400_000).slice(0, 10) } } }] }),
      };
      const result = await runPass(
        { warehouse, loaded, clock: systemClock, now: () => new Date(nowMs), env: { T_SHOP: 'shpat_test' }, rateLimits: false, workDir, ingest: ingestPaths },
        { trigger: 'cli', force: true, only: ['shopify/orders'] },
      );
      expect(result.streams[0]).toMatchObject({ status: 'succeeded', rowsLoaded: 23 });
      // First page: 10 lines in the orders query; then 13 more in one order(id:) query.
      expect(sandbox.callCount('graphql')).toBe(2);
      expect(await warehouse.all(`select max(cast(line_id as integer)) as last_line from order_line`)).toEqual([{ last_line: 23 }]);
    } finally {
      warehouse.close();
      await sandbox.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
