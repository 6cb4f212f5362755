// A push changes the listings it names and no other, or, where the channel keeps one quantity for
// several listings, the plan names every listing it changes, contradictory edits are refused
// before anything is sent, and the ledger and the listing table record every listing that moved.
import type { SandboxListing } from '../../../pipeline/channels/sandbox/listings';
import type { EbayStore } from '../../../pipeline/channels/ebay/sandbox/store';
import { StockWriteback } from '../../../pipeline/writeback/service';
import { startWorldWith, World } from './world';

const manager = { name: 'max', role: 'manager' };

const ebay = (marketplace: string, offerId: string, quantity: number): SandboxListing => ({
  listing_id: `ebay:${marketplace}:SKU-81:merchant`,
  channel: 'ebay',
  marketplace,
  sku: 'SKU-81',
  fulfilment: 'merchant',
  channel_listing_id: `2${offerId}`,
  channel_offer_id: offerId,
  channel_inventory_item_id: null,
  channel_location_id: 'WH-1',
  channel_quantity_units: quantity,
});

const amazon = (marketplace: string, quantity: number, fulfilment: 'merchant' | 'fba' = 'merchant'): SandboxListing => ({
  listing_id: `amazon:${marketplace}:MUG-1:${fulfilment}`,
  channel: 'amazon',
  marketplace,
  sku: 'MUG-1',
  fulfilment,
  channel_listing_id: 'B0MUG00001',
  channel_offer_id: null,
  channel_inventory_item_id: null,
  channel_location_id: null,
  channel_quantity_units: fulfilment === 'fba' ? null : quantity,
});

const shopify = (marketplace: string, quantity: number): SandboxListing => ({
  listing_id: `shopify:${marketplace}:TEE-1:merchant`,
  channel: 'shopify',
  marketplace,
  sku: 'TEE-1',
  fulfilment: 'merchant',
  channel_listing_id: 'gid://shopify/ProductVariant/42',
  channel_offer_id: null,
  channel_inventory_item_id: 'gid://shopify/InventoryItem/4200',
  channel_location_id: 'gid://shopify/Location/77',
  channel_quantity_units: quantity,
});

async function versionOf(world: World, listing: string): Promise<string> {
  const [row] = await world.wh.all<{ version: string }>('select version from listing_version where listing_id = $1', [listing]);
  return row.version;
}

async function editsOf(world: World, quantities: [string, number][]) {
  return Promise.all(quantities.map(async ([listing, new_quantity]) => ({ listing, expected_version: await versionOf(world, listing), new_quantity })));
}

async function held(world: World, listing: string): Promise<number | null> {
  const [row] = await world.wh.all<{ q: number | null }>('select channel_quantity_units as q from listing where listing_id = $1', [listing]);
  return row.q;
}

const ledgerOf = (world: World) =>
  world.wh.all<{ listing_id: string; change_status: string; is_side_effect: boolean; follows_change_id: string | null; change_id: string; sent_quantity_units: number | null }>(
    'select listing_id, change_status, is_side_effect, follows_change_id, change_id, sent_quantity_units from stock_change order by row_index',
  );

describe('side effects of a push on listings it does not name', () => {
  let world: World;
  afterEach(async () => world?.close());
  const service = () => new StockWriteback({ warehouse: world.wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } });

  it('pushing the eBay DE listing of a SKU 81 → 78 leaves its US listing at 167, and the ledger and the sheet agree', async () => {
    const [us, de] = [ebay('US', '9000000001', 167), ebay('DE', '9000000002', 81)];
    world = await startWorldWith([us, de]);
    const answer = await service().apply([{ listing: de.listing_id, expected_version: await versionOf(world, de.listing_id), new_quantity: 78 }], 'ebay-de', manager);
    expect(answer.rows.map((r) => [r.listing, r.status, r.channel_quantity])).toEqual([[de.listing_id, 'applied', 78]]);
    expect(world.sandboxes.ebay!.quantity(de.listing_id)).toBe(78);
    expect(world.sandboxes.ebay!.quantity(us.listing_id)).toBe(167);
    expect((await ledgerOf(world)).map((r) => r.listing_id)).toEqual([de.listing_id]);
    expect(await held(world, us.listing_id)).toBe(167);
  });

  it('raising the eBay DE listing above the quantity its SKU shares holds the US listing where it was', async () => {
    const [us, de] = [ebay('US', '9000000001', 100), ebay('DE', '9000000002', 81)];
    world = await startWorldWith([us, de]);
    // US offers more than the SKU's ship-to-home quantity: buyers see the smaller, 100.
    (world.started.sandboxes.ebay!.store as EbayStore).offers.get(us.channel_offer_id!)!.availableQuantity = 150;
    expect(world.sandboxes.ebay!.quantity(us.listing_id)).toBe(100);
    const answer = await service().apply([{ listing: de.listing_id, expected_version: await versionOf(world, de.listing_id), new_quantity: 120 }], 'ebay-de-up', manager);
    expect(answer.rows.map((r) => [r.status, r.channel_quantity])).toEqual([['applied', 120]]);
    expect(world.sandboxes.ebay!.quantity(de.listing_id)).toBe(120);
    expect(world.sandboxes.ebay!.quantity(us.listing_id)).toBe(100);
    expect((await ledgerOf(world)).map((r) => r.listing_id)).toEqual([de.listing_id]);
  });

  it('an Amazon merchant SKU on DE and FR keeps one quantity: the plan names FR, the push moves it, the ledger and the sheet record it', async () => {
    const [de, fr, us] = [amazon('DE', 12), amazon('FR', 12), amazon('US', 30)];
    world = await startWorldWith([de, fr, us], { amazon: { applyDelayMs: 0 } });
    const edits = await editsOf(world, [[de.listing_id, 5]]);
    const stock = service();
    const plan = await stock.plan(edits);
    expect(plan.rows[0]).toMatchObject({ status: 'ok', also_changes: [{ listing: fr.listing_id, current_quantity: 12, new_quantity: 5 }] });

    const answer = await stock.apply(edits, 'amazon-de', manager);
    expect(answer.rows.map((r) => [r.listing, r.status])).toEqual([[de.listing_id, 'pending_verification']]);
    expect(answer.side_effects?.map((r) => [r.listing, r.follows, r.status])).toEqual([[fr.listing_id, de.listing_id, 'pending_verification']]);
    expect(world.sandboxes.amazon!.callCount('patchListingsItem')).toBe(1);
    await stock.verifyOnce();

    expect(world.sandboxes.amazon!.quantity(fr.listing_id)).toBe(5);
    expect(world.sandboxes.amazon!.quantity(us.listing_id)).toBe(30); // another region: its own quantity
    const ledger = await ledgerOf(world);
    expect(ledger.map((r) => [r.listing_id, r.change_status, r.is_side_effect, r.sent_quantity_units])).toEqual([
      [de.listing_id, 'applied', false, 5],
      [fr.listing_id, 'applied', true, 5],
    ]);
    expect(ledger[1].follows_change_id).toBe(ledger[0].change_id);
    expect(await held(world, fr.listing_id)).toBe(5);
    const replay = await stock.apply(edits, 'amazon-de', manager);
    expect(replay.side_effects?.map((r) => [r.listing, r.status, r.channel_quantity, r.version])).toEqual([[fr.listing_id, 'applied', 5, await versionOf(world, fr.listing_id)]]);
  });

  it('refuses DE = 5 and FR = 7 of one shared Amazon quantity before anything is sent', async () => {
    const [de, fr] = [amazon('DE', 12), amazon('FR', 12)];
    world = await startWorldWith([de, fr], { amazon: { applyDelayMs: 0 } });
    const edits = await editsOf(world, [[de.listing_id, 5], [fr.listing_id, 7]]);
    const answer = await service().apply(edits, 'amazon-contradiction', manager);
    expect(answer.rows.map((r) => [r.status, r.reason_code])).toEqual([
      ['rejected', 'SHARED_QUANTITY_CONFLICT'],
      ['rejected', 'SHARED_QUANTITY_CONFLICT'],
    ]);
    expect(answer.rows[0].message).toContain(fr.listing_id);
    expect(world.sandboxes.amazon!.callCount('patchListingsItem')).toBe(0);
    expect([world.sandboxes.amazon!.quantity(de.listing_id), world.sandboxes.amazon!.quantity(fr.listing_id)]).toEqual([12, 12]);
  });

  it('sends one push for two agreeing edits of one shared quantity and records both rows', async () => {
    const [de, fr] = [amazon('DE', 12), amazon('FR', 12)];
    world = await startWorldWith([de, fr], { amazon: { applyDelayMs: 0 } });
    const edits = await editsOf(world, [[de.listing_id, 9], [fr.listing_id, 9]]);
    const stock = service();
    const plan = await stock.plan(edits);
    expect(plan.rows.map((r) => [r.status, r.follows])).toEqual([['ok', undefined], ['ok', de.listing_id]]);
    expect(plan.batches).toEqual([{ channel: 'amazon', calls: 1, rows: 1 }]);
    await stock.apply(edits, 'amazon-agree', manager);
    await stock.verifyOnce();
    expect(world.sandboxes.amazon!.callCount('patchListingsItem')).toBe(1);
    const ledger = await ledgerOf(world);
    expect(ledger.map((r) => [r.listing_id, r.change_status, r.is_side_effect])).toEqual([
      [de.listing_id, 'applied', false],
      [fr.listing_id, 'applied', false],
    ]);
    expect(ledger[1].follows_change_id).toBe(ledger[0].change_id);
  });

  it('two Shopify listings on one inventory item × location move together, and both are recorded', async () => {
    const [main, wholesale] = [shopify('US', 10), shopify('CA', 10)];
    world = await startWorldWith([main, wholesale]);
    const answer = await service().apply([{ listing: main.listing_id, expected_version: await versionOf(world, main.listing_id), new_quantity: 4 }], 'shopify-shared', manager);
    expect(answer.rows.map((r) => r.status)).toEqual(['applied']);
    expect(answer.side_effects?.map((r) => [r.listing, r.status, r.channel_quantity])).toEqual([[wholesale.listing_id, 'applied', 4]]);
    expect(world.sandboxes.shopify!.quantity(wholesale.listing_id)).toBe(4);
    expect(await held(world, wholesale.listing_id)).toBe(4);
  });
});
