import { ListingState, planStockChanges, PlanOptions, StockEdit } from '../../../pipeline/writeback/plan';

const listing = (id: string, fields: Partial<ListingState> = {}): ListingState => {
  const [channel, marketplace, sku, fulfilment] = id.split(':');
  return {
    listing_id: id,
    channel,
    marketplace,
    sku,
    fulfilment: fulfilment as 'fba' | 'merchant',
    is_settable: fulfilment !== 'fba',
    channel_listing_id: null,
    channel_offer_id: null,
    channel_inventory_item_id: null,
    channel_location_id: null,
    channel_quantity_units: 10,
    listing_status: null,
    pool_id: 'WH-1',
    available_units: 50,
    version: `v-${id}`,
    ...fields,
  };
};

const SHOP = 'shopify:main:MUG-RED:merchant';
const EBAY = 'ebay:US:MUG-RED:merchant';
const FBA = 'amazon:US:MUG-RED:fba';
const MFN = 'amazon:US:MUG-BLU:merchant';
const ALI = 'aliexpress:global:MUG-RED:merchant';
const listings = new Map([SHOP, EBAY, FBA, MFN, ALI].map((id) => [id, listing(id)]));
const options: PlanOptions = {
  sanityCapUnits: 5000,
  channels: { shopify: { maxRowsPerCall: 250 }, ebay: { maxRowsPerCall: 25 }, amazon: { maxRowsPerCall: 1 } },
};

const edit = (id: string, new_quantity: unknown, expected_version: unknown = `v-${id}`): StockEdit => ({ listing: id, new_quantity, expected_version });
const planOne = (e: StockEdit) => planStockChanges({ edits: [e], listings, options }).rows[0];

describe('planStockChanges', () => {
  it('accepts a whole, non-negative quantity on the current version and shows the current quantity', () => {
    expect(planOne(edit(SHOP, 12))).toMatchObject({ listing: SHOP, status: 'ok', current_quantity: 10, new_quantity: 12 });
  });

  it.each([
    ['UNKNOWN_LISTING', 'the listing does not exist', edit('shopify:main:NOPE:merchant', 3)],
    ['UNKNOWN_LISTING', 'the listing key is missing', { new_quantity: 3, expected_version: 'x' }],
    ['FBA_NOT_SETTABLE', 'the listing is fulfilled by Amazon', edit(FBA, 3)],
    ['CHANNEL_NOT_CONFIGURED', 'no writer is configured for the channel', edit(ALI, 3)],
    ['NOT_INTEGER', 'the quantity has decimals', edit(SHOP, 2.5)],
    ['NOT_INTEGER', 'the quantity is text', edit(SHOP, '12')],
    ['NOT_INTEGER', 'the quantity is null', edit(SHOP, null)],
    ['NEGATIVE', 'the quantity is below 0', edit(SHOP, -1)],
    ['ABOVE_SANITY_CAP', 'the quantity is above the cap', edit(SHOP, 5001)],
    ['VERSION_REQUIRED', 'expected_version is empty', edit(SHOP, 12, '')],
    ['STALE_VERSION', 'the channel quantity changed since the sheet was refreshed', edit(SHOP, 12, 'v-older')],
    ['NO_CHANGE', 'the channel already shows the quantity', edit(SHOP, 10)],
  ])('rejects with %s when %s', (code, _when, e) => {
    const row = planOne(e as StockEdit);
    expect(row.status).toBe('rejected');
    expect(row.reason_code).toBe(code);
    expect(row.message).toEqual(expect.any(String));
  });

  it('accepts exactly the sanity cap and 0', () => {
    expect(planOne(edit(SHOP, 5000)).status).toBe('ok');
    expect(planOne(edit(SHOP, 0)).status).toBe('ok');
  });

  it('rejects an FBA listing even when its version and quantity are valid, naming Amazon as the owner', () => {
    expect(planOne(edit(FBA, 3)).message).toMatch(/Amazon/);
  });

  it('rejects every row of a listing that appears twice, and plans the other rows', () => {
    const plan = planStockChanges({ edits: [edit(SHOP, 1), edit(EBAY, 2), edit(SHOP, 3)], listings, options });
    expect(plan.rows.map((r) => [r.status, r.reason_code])).toEqual([
      ['rejected', 'DUPLICATE_ROW'],
      ['ok', undefined],
      ['rejected', 'DUPLICATE_ROW'],
    ]);
  });

  it('counts the calls per channel from each writer batch size: 30 eBay rows are 2 calls of ≤ 25, 3 Amazon rows 3 calls', () => {
    const many = new Map<string, ListingState>();
    const edits: StockEdit[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `ebay:US:SKU-${i}:merchant`;
      many.set(id, listing(id));
      edits.push(edit(id, 20));
    }
    for (let i = 0; i < 3; i++) {
      const id = `amazon:US:SKU-${i}:merchant`;
      many.set(id, listing(id));
      edits.push(edit(id, 20));
    }
    edits.push(edit('ebay:US:GONE:merchant', 4)); // rejected rows are not sent
    const plan = planStockChanges({ edits, listings: many, options });
    expect(plan.batches).toEqual([
      { channel: 'ebay', calls: 2, rows: 30 },
      { channel: 'amazon', calls: 3, rows: 3 },
    ]);
  });

  it('shows the suggested quantity from the allocation rules when rules are given', () => {
    const withRules = { ...options, rules: [{ rule_id: 'all', rule_scope: 'all' as const, channel: null, listing_id: null, reserve_units: 10, available_pct: 50, max_units: null, floor_units: null }] };
    const [row] = planStockChanges({ edits: [edit(SHOP, 12)], listings, options: withRules }).rows;
    expect(row.suggested_quantity).toBe(20); // (50 − 10) × 50%
  });
});

describe('planStockChanges: quantities above the stock that feeds the listing', () => {
  const pool = (available: number | null, fields: Partial<ListingState> = {}) =>
    new Map([SHOP, EBAY].map((id) => [id, listing(id, { available_units: available, pool_id: 'WH-1', ...fields })]));
  const warningOf = (row: ReturnType<typeof planOne>) => row.warning && { code: row.warning.code, available_units: row.warning.available_units, quantity: row.warning.quantity };

  it('warns ABOVE_AVAILABLE with the pool\'s units and the number when the new quantity exceeds them, and still plans the row', () => {
    const [row] = planStockChanges({ edits: [edit(SHOP, 51)], listings: pool(50), options }).rows;
    expect(row.status).toBe('ok');
    expect(warningOf(row)).toEqual({ code: 'ABOVE_AVAILABLE', available_units: 50, quantity: 51 });
    expect(row.warning?.message).toMatch(/51 is above the 50 units available in pool WH-1/);
  });

  it('does not warn at exactly the pool\'s available units', () => {
    expect(planStockChanges({ edits: [edit(SHOP, 50)], listings: pool(50), options }).rows[0].warning).toBeNull();
  });

  it('compares each listing with the whole pool: an eBay and a Shopify push on one pool are not added up', () => {
    const rows = planStockChanges({ edits: [edit(SHOP, 40), edit(EBAY, 40)], listings: pool(50), options }).rows;
    expect(rows.map((r) => [r.status, r.warning])).toEqual([['ok', null], ['ok', null]]);
  });

  it('counts a negative pool as 0, as the oversell view does', () => {
    expect(warningOf(planStockChanges({ edits: [edit(SHOP, 1)], listings: pool(-4), options }).rows[0])).toEqual({ code: 'ABOVE_AVAILABLE', available_units: -4, quantity: 1 });
    expect(planStockChanges({ edits: [edit(SHOP, 0)], listings: pool(-4), options }).rows[0].warning).toBeNull();
  });

  it('does not warn when the pool\'s stock is unknown, or the listing is inactive (the oversell view skips both)', () => {
    expect(planStockChanges({ edits: [edit(SHOP, 99)], listings: pool(null), options }).rows[0].warning).toBeNull();
    expect(planStockChanges({ edits: [edit(SHOP, 99)], listings: pool(50, { listing_status: 'Inactive' }), options }).rows[0].warning).toBeNull();
  });

  it('warns on a listing a push moves as a side effect when its own pool is short', () => {
    const shared: PlanOptions = { ...options, channels: { ...options.channels, amazon: { maxRowsPerCall: 1, sharedQuantityKey: (l) => (l.listing_id.endsWith(':merchant') ? l.sku : null) } } };
    const de = 'amazon:DE:MUG-1:merchant';
    const fr = 'amazon:FR:MUG-1:merchant';
    const both = new Map([[de, listing(de, { available_units: 80 })], [fr, listing(fr, { available_units: 10, pool_id: 'WH-FR' })]]);
    const [row] = planStockChanges({ edits: [edit(de, 30)], listings: both, options: shared }).rows;
    expect(row.warning).toBeNull();
    expect(row.side_effects.map((e) => [e.state.listing_id, e.new_quantity, e.warning?.code, e.warning?.available_units])).toEqual([[fr, 30, 'ABOVE_AVAILABLE', 10]]);
  });
});

describe('planStockChanges: listings the channel keeps as one quantity', () => {
  const key = (l: { listing_id: string; sku: string; marketplace: string }) => (l.listing_id.endsWith(':merchant') ? `EU|${l.sku}` : null);
  const shared: PlanOptions = { ...options, channels: { ...options.channels, amazon: { maxRowsPerCall: 10, sharedQuantityKey: key } } };
  const [DE, FR, IT] = ['DE', 'FR', 'IT'].map((m) => `amazon:${m}:MUG-1:merchant`);
  const three = new Map([DE, FR, IT].map((id) => [id, listing(id, { channel_quantity_units: 12 })]));

  it('names every other listing of the quantity as a side effect of the row that is sent', () => {
    const [row] = planStockChanges({ edits: [edit(DE, 5)], listings: three, options: shared }).rows;
    expect([row.status, row.side_effects.map((e) => [e.state.listing_id, e.new_quantity])]).toEqual(['ok', [[FR, 5], [IT, 5]]]);
  });

  it('refuses every edit of one shared quantity when they disagree, naming the listings', () => {
    const rows = planStockChanges({ edits: [edit(DE, 5), edit(FR, 7), edit(SHOP, 3)], listings: new Map([...three, [SHOP, listing(SHOP)]]), options: shared }).rows;
    expect(rows.map((r) => [r.status, r.reason_code])).toEqual([['rejected', 'SHARED_QUANTITY_CONFLICT'], ['rejected', 'SHARED_QUANTITY_CONFLICT'], ['ok', undefined]]);
    expect(rows[0].message).toMatch(/amazon:DE:MUG-1:merchant 5, amazon:FR:MUG-1:merchant 7/);
  });

  it('refuses an edit that contradicts another row asking to keep the quantity a listing already shows', () => {
    const rows = planStockChanges({ edits: [edit(DE, 5), edit(FR, 12)], listings: three, options: shared }).rows;
    expect(rows.map((r) => r.reason_code)).toEqual(['SHARED_QUANTITY_CONFLICT', 'SHARED_QUANTITY_CONFLICT']);
  });

  it('sends agreeing edits once: the first row carries the others, and the batch counts one row', () => {
    const plan = planStockChanges({ edits: [edit(DE, 5), edit(FR, 5)], listings: three, options: shared });
    expect(plan.rows.map((r) => [r.status, r.follows, r.side_effects.map((e) => e.state.listing_id)])).toEqual([['ok', null, [IT]], ['ok', 0, []]]);
    expect(plan.batches).toEqual([{ channel: 'amazon', calls: 1, rows: 1 }]);
  });

  it('leaves FBA listings and other SKUs out of a shared quantity', () => {
    const fba = 'amazon:FR:MUG-1:fba';
    const other = 'amazon:FR:MUG-2:merchant';
    const listings2 = new Map([[DE, listing(DE)], [fba, listing(fba)], [other, listing(other)]]);
    expect(planStockChanges({ edits: [edit(DE, 5)], listings: listings2, options: shared }).rows[0].side_effects).toEqual([]);
  });
});
