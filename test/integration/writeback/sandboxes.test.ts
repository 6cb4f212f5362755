// plan → apply → ledger against the real channel sandboxes (through the channel writers).
import { StockWriteback } from '../../../pipeline/writeback/service';
import { sandboxQuantities, startWorld, World } from './world';

const manager = { name: 'max', role: 'manager' };

async function editsFor(world: World, quantity: (i: number) => number, filter: (id: string) => boolean = () => true) {
  const rows = await world.wh.all<{ listing: string; version: string }>('select listing_id as listing, version from listing_version order by listing_id');
  return rows.filter((r) => filter(r.listing)).map((r, i) => ({ listing: r.listing, expected_version: r.version, new_quantity: quantity(i) }));
}

describe('write-back against the channel sandboxes', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('sets every channel to the asked quantities in the fewest calls and records each row', async () => {
    world = await startWorld({ shopify: 260, ebay: 30 });
    const service = new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } });
    const edits = await editsFor(world, (i) => 20 + (i % 7));
    const plan = await service.plan(edits);
    expect(plan.batches).toEqual([
      { channel: 'shopify', calls: 2, rows: 260 },
      { channel: 'ebay', calls: 2, rows: 30 },
    ]);
    const answer = await service.apply(edits, 'sandbox-1', manager);
    expect(answer.rows.filter((r) => r.status !== 'applied')).toEqual([]);
    expect(world.sandboxes.ebay!.callCount('bulkUpdatePriceQuantity')).toBe(2);
    const shown = sandboxQuantities(world);
    for (const edit of edits) expect([edit.listing, shown.get(edit.listing)]).toEqual([edit.listing, edit.new_quantity]);
    expect(world.sandboxes.shopify!.callCount()).toBe(2);
    const ledger = await world.wh.all<{ n: number }>("select count(*) as n from stock_change where change_status = 'applied' and verified_at is not null");
    expect(ledger).toEqual([{ n: 290 }]);
  });

  it('answers conflict for a row changed on the channel since the sheet, and applies the rest', async () => {
    world = await startWorld({ shopify: 3 });
    const service = new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } });
    const edits = await editsFor(world, () => 50);
    world.sandboxes.shopify!.setQuantity(edits[1].listing, 4); // a sale on Shopify
    const answer = await service.apply(edits, 'sandbox-2', manager);
    expect(answer.rows.map((r) => r.status)).toEqual(['applied', 'conflict', 'applied']);
    expect(answer.rows[1].channel_quantity).toBe(4);
    expect(world.sandboxes.shopify!.quantity(edits[1].listing)).toBe(4);
  });

  it.each([
    ['patches', 5, 'patchListingsItem', 5],
    ['one JSON_LISTINGS_FEED', 12, 'createFeed', 1],
  ])('answers Amazon rows pending_verification (%s) and verifies them once Amazon shows them', async (_path, count, operation, calls) => {
    world = await startWorld({ amazon: count }, { env: { CROSSDOCK_AMAZON_FEED_THRESHOLD: '10' } });
    const service = new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } });
    const edits = await editsFor(world, (i) => 30 + (i % 5));
    const answer = await service.apply(edits, 'sandbox-amazon', manager);
    expect(new Set(answer.rows.map((r) => r.status))).toEqual(new Set(['pending_verification']));
    expect(world.sandboxes.amazon!.callCount(operation)).toBe(calls);
    const open = async () => (await world.wh.all<{ n: number }>("select count(*)::integer as n from stock_change where change_status = 'pending_verification'"))[0].n;
    for (let i = 0; i < 50 && (await open()) > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await service.verifyOnce();
    }
    const verified = await service.apply(edits, 'sandbox-amazon', manager);
    expect(new Set(verified.rows.map((r) => r.status))).toEqual(new Set(['applied']));
    const shown = sandboxQuantities(world);
    for (const edit of edits) expect(shown.get(edit.listing)).toBe(edit.new_quantity);
    expect(await world.wh.all("select count(*)::integer as n from stock_change where verified_at is null")).toEqual([{ n: 0 }]);
  });

  it('never sends an FBA listing: it is rejected before any call', async () => {
    world = await startWorld({ amazon: 1 });
    await world.wh.run(`insert into listing (listing_id, channel, marketplace, sku, fulfilment, location_id, channel_quantity_units, channel_quantity_seen_at)
                        values ('amazon:US:SKU-0:fba', 'amazon', 'US', 'SKU-0', 'fba', 'WH-1', 40, timestamp '2026-11-26 08:00:00')`);
    const service = new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } });
    const [version] = await world.wh.all<{ version: string }>("select version from listing_version where listing_id = 'amazon:US:SKU-0:fba'");
    const answer = await service.apply([{ listing: 'amazon:US:SKU-0:fba', expected_version: version.version, new_quantity: 5 }], 'fba', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'rejected', reason_code: 'FBA_NOT_SETTABLE' });
    expect(world.sandboxes.amazon!.callCount()).toBe(0);
  });
});
