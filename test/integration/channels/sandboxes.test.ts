import { SANDBOX_CHANNELS } from '../../../pipeline/channels';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEbaySandbox } from '../../../pipeline/channels/ebay/sandbox';
import { SandboxServer } from '../../../pipeline/channels/sandbox/server';
import { sandboxWriters, seedFromWarehouse, startSandboxes, type StartedSandboxes } from '../../../pipeline/channels/sandbox/start';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { aliexpressListings, amazonListings, ebayListings, pushesFor, shopifyListings } from './listings';

describe('channel sandboxes', () => {
  let started: StartedSandboxes | undefined;
  afterEach(async () => started?.stop());

  it('seeds all four sandboxes from the listing table, FBA listings without a settable quantity', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const rows = [...shopifyListings(2), ...ebayListings(2), ...amazonListings(2), ...amazonListings(1, 0, 'fba').map((l) => ({ ...l, sku: 'F-1', listing_id: 'amazon:US:F-1:fba' })), ...aliexpressListings(2)];
    for (const l of rows) {
      await wh.run(
        `insert into listing (listing_id, channel, marketplace, sku, fulfilment, channel_listing_id, channel_offer_id, channel_inventory_item_id, channel_location_id, channel_quantity_units)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [l.listing_id, l.channel, l.marketplace, l.sku, l.fulfilment, l.channel_listing_id, l.channel_offer_id, l.channel_inventory_item_id, l.channel_location_id, l.channel_quantity_units],
      );
    }
    started = await seedFromWarehouse(wh, { quiet: true });
    const { shopify, ebay, amazon, aliexpress } = started.sandboxes;
    expect(shopify!.quantities().map((q) => q.quantity)).toEqual([10, 10]);
    expect(ebay!.quantities().map((q) => q.quantity)).toEqual([10, 10]);
    expect(amazon!.quantities()).toEqual(expect.arrayContaining([{ listing_id: 'amazon:US:F-1:fba', sku: 'F-1', quantity: null }]));
    expect(aliexpress!.quantities().map((q) => q.quantity)).toEqual([10, 10]);
    expect(started.banner).toMatch(/^SANDBOX CHANNELS/);
    // A header line, then one line per sandbox started: every channel with a sandbox, seeded or not.
    expect(started.banner.split('\n')).toHaveLength(1 + SANDBOX_CHANNELS.length);
    expect(Object.keys(started.sandboxes).sort()).toEqual(SANDBOX_CHANNELS.map((c) => c.id).sort());
    expect(started.sandboxes.mercadolibre!.quantities()).toEqual([]);
  });

  it('gives writers wired to the sandboxes that push one row per channel', async () => {
    const listings = [...shopifyListings(1), ...ebayListings(1), ...amazonListings(1), ...aliexpressListings(1)];
    started = await startSandboxes(listings, { quiet: true, own: { amazon: { applyDelayMs: 0 } } });
    const writers = sandboxWriters(started);
    for (const listing of listings) {
      const [outcome] = await writers[listing.channel]!.push(pushesFor([listing], () => 3), { idempotencyKey: `k-${listing.channel}` });
      expect([listing.channel, outcome.status]).toEqual([listing.channel, listing.channel === 'amazon' ? 'pending_verification' : 'applied']);
      expect(await writers[listing.channel]!.read(pushesFor([listing], () => 3))).toEqual([{ listing_id: listing.listing_id, quantity: 3 }]);
    }
  });

  it('serves an inspection API: quantities, setting a quantity, changing faults, call counts', async () => {
    const listings = ebayListings(1);
    started = await startSandboxes(listings, { quiet: true, channels: ['ebay'] });
    const url = started.urls.ebay!;
    await fetch(`${url}/_sandbox/quantities/${encodeURIComponent(listings[0].listing_id)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity: 4 }) });
    expect(await (await fetch(`${url}/_sandbox/quantities`)).json()).toEqual({ channel: 'ebay', quantities: [{ listing_id: listings[0].listing_id, sku: 'SKU-0', quantity: 4 }] });
    const faults = await (await fetch(`${url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverErrorRate: 1 }) })).json();
    expect(faults.faults.serverErrorRate).toBe(1);
    const refused = await fetch(`${url}/sell/inventory/v1/offer/${listings[0].channel_offer_id}`, { headers: { authorization: 'Bearer x' } });
    expect(refused.status).toBe(500);
    expect(await (await fetch(`${url}/_sandbox/calls`)).json()).toEqual({ calls: {} }); // faulted before reaching the route
  });

  it('adds route modules given to a channel sandbox, sharing its seeded store', async () => {
    const sandbox = createEbaySandbox(ebayListings(3), {
      extraRoutes: [(app, ctx) => app.get('/extra/offer-count', async () => ({ total: ctx.store.offers.size }))],
    });
    await sandbox.start();
    try {
      expect(await (await fetch(`${sandbox.url}/extra/offer-count`)).json()).toEqual({ total: 3 });
    } finally {
      await sandbox.stop();
    }
  });

  it('loads every route module of a routes folder in name order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-routes-'));
    writeFileSync(join(dir, 'b.ts'), `export const routes = (app: any) => { app.get('/b', async () => ({ ok: 'b' })); };`);
    writeFileSync(join(dir, 'a.ts'), `export const routes = (app: any, ctx: any) => { app.get('/a', async () => ({ channel: ctx.channel, listings: ctx.store.quantities().length })); };`);
    const store = { quantities: () => [{ listing_id: 'x', sku: 'x', quantity: 1 }], setQuantity: () => undefined };
    const server = new SandboxServer({ channel: 'ebay', store, listings: [], routes: [], routesDir: dir, faultShape: { serverError: (r) => r.code(500).send(), throttled: (r) => r.code(429).send() } });
    await server.start();
    try {
      expect(await (await fetch(`${server.url}/a`)).json()).toEqual({ channel: 'ebay', listings: 1 });
      expect(await (await fetch(`${server.url}/b`)).json()).toEqual({ ok: 'b' });
    } finally {
      await server.stop();
    }
  });
});
