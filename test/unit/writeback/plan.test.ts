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
