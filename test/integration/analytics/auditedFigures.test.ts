// The figures an independent audit found wrong (issue 10), each against numbers worked out by
// hand from docs/analytics.md. Every case here failed before its fix.
import { addDays, dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';
import { runDataset } from '../../../pipeline/analytics';

const locations = [
  { location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN' },
  { location_id: '3PL1', location_name: 'US 3PL', location_kind: '3pl', pool_id: '3PL' },
  { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', is_settable: false },
];

const flat = (units: number, days: number) => Array.from({ length: days }, () => units);

describe('returns without a location', () => {
  it('restock the pool their shipment drew on: COGS (9 − 1) × 12 = 96, no UNASSIGNED pool', async () => {
    // 9 units shipped from WH1 on eBay (3 lines of 3); one comes back sellable through the
    // Crossdock returns template, which has no location column.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', unit_cost_amount: 12, category: 'Kitchen' }],
      snapshots: dailySnapshots('A', 'WH1', '2025-01-01', flat(50, 30)),
      orders: [1, 2, 3].map((i) => shippedLine('A', 'WH1', `2025-01-1${i}`, 3, { channel: 'ebay', order_id: `E${i}` })),
      returns: [{ channel: 'ebay', return_line_id: 'R1', order_id: 'E2', sku: 'A', quantity_units: 1, returned_at: '2025-01-20 09:00:00' }],
    });
    const pools = await rowsOf(wh, 'turnover', { as_of: '2025-01-30', window_days: '20', group_by: 'sku_pool' });
    expect(pools.map((r) => r.pool_id)).toEqual(['OWN']);
    expect(pools[0]).toMatchObject({ units_shipped: 9, reason_code: null });
    expect(pools[0].cogs_base).toBeCloseTo(96, 6);
    for (const dataset of ['replenishment', 'slow_movers', 'aged_inventory']) {
      const rows = await rowsOf(wh, dataset, { as_of: '2025-01-30' });
      expect({ dataset, pools: rows.map((r) => r.pool_id) }).toEqual({ dataset, pools: ['OWN'] });
    }
    const [quality] = [await rowsOf(wh, 'data_quality', { check: 'RETURN_UNPLACED' })];
    expect(quality).toEqual([]);
    wh.close();
  });

  it('that cannot be placed restock nothing and are listed by data_quality', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', unit_cost_amount: 12 }],
      snapshots: dailySnapshots('A', 'WH1', '2025-01-01', flat(50, 30)),
      orders: [shippedLine('A', 'WH1', '2025-01-10', 4, { channel: 'ebay', order_id: 'E1' })],
      returns: [{ channel: 'ebay', return_line_id: 'R9', order_id: 'OLD-1', sku: 'A', quantity_units: 2, returned_at: '2025-01-20 09:00:00' }],
    });
    const pools = await rowsOf(wh, 'turnover', { as_of: '2025-01-30', window_days: '30', group_by: 'sku_pool' });
    expect(pools.map((r) => [r.pool_id, r.cogs_base])).toEqual([['OWN', 48]]); // 4 × 12, the return is nowhere
    expect(await rowsOf(wh, 'data_quality', { check: 'RETURN_UNPLACED' })).toEqual([
      expect.objectContaining({ source_id: 'ebay', sku: 'A', record_id: 'R9', units: 2, first_date: '2025-01-20' }),
    ]);
    wh.close();
  });
});

describe('sellable on hand', () => {
  it('averages on_hand − unfulfillable: 220 on hand with 3 unfulfillable is 217', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'B', unit_cost_amount: 10 }],
      snapshots: dailySnapshots('B', 'WH1', '2025-03-01', flat(220, 10), () => ({ unfulfillable_units: 3, available_units: 217 })),
      orders: [shippedLine('B', 'WH1', '2025-03-05', 7)],
    });
    const [row] = await rowsOf(wh, 'turnover', { as_of: '2025-03-10', window_days: '10' });
    expect(row.avg_inventory_units).toBeCloseTo(217, 6);
    expect(row.avg_inventory_cost_base).toBeCloseTo(2170, 6);
    expect(row.unit_turnover).toBeCloseTo(7 / 217, 9);
    wh.close();
  });

  it('ages only sellable units: 185 on hand with 3 unfulfillable puts 182 in the 181–270 bucket', async () => {
    // One opening balance of 185 on 2024-09-01 (3 of them unfulfillable), nothing moves until
    // 2025-03-10: 190 days later, all 182 sellable units are 181–270 days old.
    const start = '2024-09-01';
    const days = 191;
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'C', unit_cost_amount: 5 }],
      snapshots: dailySnapshots('C', 'WH1', start, flat(185, days), () => ({ unfulfillable_units: 3, available_units: 182 })),
      orders: [shippedLine('C', 'WH1', '2024-09-02', 0)],
    });
    const asOf = addDays(start, days - 1);
    const [row] = await rowsOf(wh, 'aged_inventory', { as_of: asOf });
    expect(row).toMatchObject({ on_hand_units: 185, sellable_units: 182, units_age_181_270: 182, units_age_0_90: 0, oldest_age_days: 190 });
    expect(row.value_age_181_270_base).toBeCloseTo(910, 6);
    expect(row.value_total_base).toBeCloseTo(910, 6);
    wh.close();
  });
});

describe('turnover rollups', () => {
  it('keeps stock of a pool without sales in its own non-negative row, and returns on their own channel', async () => {
    // OWN ships 10 on shopify; 3PL ships nothing but receives an eBay return of an order that
    // shipped from it before the window. A: cost 10.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', unit_cost_amount: 10 }],
      snapshots: [...dailySnapshots('A', 'WH1', '2025-01-01', flat(40, 60)), ...dailySnapshots('A', '3PL1', '2025-01-01', flat(20, 60))],
      orders: [
        shippedLine('A', 'WH1', '2025-02-10', 10, { channel: 'shopify' }),
        shippedLine('A', '3PL1', '2025-01-05', 1, { channel: 'ebay', order_id: 'EB-OLD' }),
      ],
      returns: [{ channel: 'ebay', return_line_id: 'R1', order_id: 'EB-OLD', sku: 'A', quantity_units: 1, returned_at: '2025-02-15 09:00:00' }],
    });
    const rows = await rowsOf(wh, 'turnover', { as_of: '2025-03-01', window_days: '30', group_by: 'channel' });
    const byChannel = Object.fromEntries(rows.map((r) => [r.channel, r]));
    expect(Object.keys(byChannel).sort()).toEqual(['(no sales)', 'ebay', 'shopify']);
    // the 3PL's 20 units sold nowhere in the window: their own row, COGS 0
    expect(byChannel['(no sales)']).toMatchObject({ units_shipped: 0, cogs_base: 0, avg_inventory_units: 20, reason_code: 'NO_DEMAND' });
    // shopify: all of OWN's stock (it is the only channel OWN shipped to), COGS 10 × 10
    expect(byChannel.shopify).toMatchObject({ units_shipped: 10, cogs_base: 100, avg_inventory_units: 40 });
    // eBay: the return reverses COGS on eBay, holding no stock
    expect(byChannel.ebay).toMatchObject({ units_shipped: 0, cogs_base: -10, avg_inventory_units: 0 });
    wh.close();
  });

  it('calls a rollup NEW_SKU only when all its members are new', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'OLD', category: 'Toys' }, { sku: 'NEW', category: 'Toys' }],
      snapshots: [...dailySnapshots('OLD', 'WH1', '2025-01-01', flat(30, 60)), ...dailySnapshots('NEW', 'WH1', '2025-02-20', flat(30, 10))],
      orders: [shippedLine('OLD', 'WH1', '2025-02-25', 2), shippedLine('NEW', 'WH1', '2025-02-25', 2)],
    });
    const params = { as_of: '2025-03-01', window_days: '30' };
    const [category] = await rowsOf(wh, 'turnover', { ...params, group_by: 'category' });
    expect(category).toMatchObject({ category: 'Toys', count_skus: 2, reason_code: null });
    const bySku = Object.fromEntries((await rowsOf(wh, 'turnover', params)).map((r) => [r.sku, r.reason_code]));
    expect(bySku).toEqual({ OLD: null, NEW: 'NEW_SKU' });
    wh.close();
  });
});

describe('the default as_of', () => {
  it('is the last day orders and every reporting location are complete for, echoed with a warning', async () => {
    // Orders and WH1 stock end 2025-01-30; one FBA file is dated 2025-02-04.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A' }],
      snapshots: [...dailySnapshots('A', 'WH1', '2025-01-01', flat(50, 30)), ...dailySnapshots('A', 'FBA1', '2025-02-04', [10])],
      orders: [shippedLine('A', 'WH1', '2025-01-29', 2), shippedLine('A', 'WH1', '2025-01-30', 1)],
    });
    const result = await runDataset(wh, 'inventory', {});
    expect(result.params.as_of).toBe('2025-01-30');
    expect(result.warnings.join(' ')).toMatch(/defaults to 2025-01-30.*stock at FBA1 ends 2025-02-04/);
    const explicit = await runDataset(wh, 'inventory', { as_of: '2025-02-04' });
    expect(explicit.warnings.join(' ')).toMatch(/before as_of 2025-02-04: all channels orders end 2025-01-30, stock at WH1 ends 2025-01-30/);
    expect(await rowsOf(wh, 'data_quality', { check: 'SOURCE_AHEAD' })).toEqual([
      expect.objectContaining({ source_id: 'FBA1', record_id: 'inventory', last_date: '2025-02-04' }),
    ]);
    wh.close();
  });

  it('ignores a location whose snapshots stopped 30 or more days before the newest one', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A' }],
      snapshots: [...dailySnapshots('A', 'WH1', '2025-01-01', flat(50, 60)), ...dailySnapshots('A', '3PL1', '2025-01-01', flat(5, 10))],
      orders: [shippedLine('A', 'WH1', '2025-03-01', 2)],
    });
    const result = await runDataset(wh, 'turnover', {});
    expect(result.params.as_of).toBe('2025-03-01');
    expect(await rowsOf(wh, 'data_quality', { check: 'SOURCE_ENDS_EARLY' })).toEqual([
      expect.objectContaining({ source_id: '3PL1', last_date: '2025-01-10' }),
    ]);
    wh.close();
  });
});
