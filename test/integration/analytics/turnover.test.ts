import { dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';

const locations = [
  { location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN' },
  { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', is_settable: false },
];

describe('turnover dataset', () => {
  it('reproduces anchors B.1–B.3: average 7.2, turnover 1.3889, annualised 50.69, 7.2 days of inventory', async () => {
    // B.1 snapshots [10,10,8,8,6,6,0,0,12,12] (2025-03-01…10), opening 10 on 2025-02-28;
    // 10 units shipped (2 + 2 + 6), a receipt of 12 on 2025-03-09.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', unit_cost_amount: 10 }],
      snapshots: [
        ...dailySnapshots('A', 'WH1', '2025-02-28', [10]),
        ...dailySnapshots('A', 'WH1', '2025-03-01', [10, 10, 8, 8, 6, 6, 0, 0, 12, 12]),
      ],
      orders: [shippedLine('A', 'WH1', '2025-03-03', 2), shippedLine('A', 'WH1', '2025-03-05', 2), shippedLine('A', 'WH1', '2025-03-07', 6)],
    });
    const [row] = await rowsOf(wh, 'turnover', { as_of: '2025-03-10', window_days: '10' });
    expect(row).toMatchObject({ group_by: 'sku', sku: 'A', units_shipped: 10, period_days: 10, non_gap_days: 10, reason_code: null });
    expect(row.avg_inventory_units).toBeCloseTo(7.2, 6);
    expect(row.unit_turnover).toBeCloseTo(1.3889, 4);
    expect(row.unit_turnover_annualised).toBeCloseTo(50.69, 2);
    expect(row.days_of_inventory).toBeCloseTo(7.2, 6);
    // at a constant 10 USD cost: COGS 100, average inventory at cost 72
    expect(row.cogs_base).toBeCloseTo(100, 6);
    expect(row.avg_inventory_cost_base).toBeCloseTo(72, 6);
    expect(row.cogs_turnover).toBeCloseTo(1.3889, 4);
    // sell-through (available-based): 10 / (opening 10 + received 12)
    expect(row.sell_through_rate).toBeCloseTo(10 / 22, 6);
    wh.close();
  });

  it('gives COGS turnover 3.0 and GMROI 2.0 for revenue 100 000, COGS 60 000, average inventory 20 000 (B.2, B.13)', async () => {
    // 2 000 units on hand every day at 10 USD = 20 000; 6 000 units shipped = 60 000 COGS; revenue 100 000
    const days = Array.from({ length: 30 }, () => 2000);
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'G', unit_cost_amount: 10 }],
      snapshots: dailySnapshots('G', 'WH1', '2025-05-31', [2000, ...days]),
      orders: [
        shippedLine('G', 'WH1', '2025-06-10', 3000, { item_price_amount: 50000, item_price_base: 50000 }),
        shippedLine('G', 'WH1', '2025-06-20', 3000, { item_price_amount: 50000, item_price_base: 50000 }),
      ],
    });
    const [row] = await rowsOf(wh, 'turnover', { as_of: '2025-06-30', window_days: '30' });
    expect(row.cogs_base).toBeCloseTo(60000, 4);
    expect(row.avg_inventory_cost_base).toBeCloseTo(20000, 4);
    expect(row.cogs_turnover).toBeCloseTo(3.0, 6);
    expect(row.revenue_base).toBeCloseTo(100000, 4);
    expect(row.gmroi).toBeCloseTo(2.0, 6);
    expect(row.gmroi_annualised).toBeCloseTo((2.0 * 365) / 30, 6);
    wh.close();
  });

  it('excludes data-gap days from the average instead of counting them as zero', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A' }],
      snapshots: [...dailySnapshots('A', 'WH1', '2025-01-01', [10, 10, null, 20])],
      orders: [shippedLine('A', 'WH1', '2025-01-04', 1)],
    });
    const [row] = await rowsOf(wh, 'turnover', { as_of: '2025-01-04', window_days: '3' });
    expect(row.non_gap_days).toBe(2);
    expect(row.avg_inventory_units).toBeCloseTo(15, 6); // (10 + 20) / 2, not 30 / 3
    wh.close();
  });

  it('is null with NO_INVENTORY for drop-shipped sales and INACTIVE with neither stock nor sales', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'DROP' }, { sku: 'DEAD' }],
      snapshots: [...dailySnapshots('DROP', 'WH1', '2025-01-01', [0, 0, 0]), ...dailySnapshots('DEAD', 'WH1', '2025-01-01', [0, 0, 0])],
      orders: [shippedLine('DROP', 'WH1', '2025-01-03', 4)],
    });
    const rows = await rowsOf(wh, 'turnover', { as_of: '2025-01-03', window_days: '2' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    expect(bySku.DROP).toMatchObject({ unit_turnover: null, days_of_inventory: null, days_of_inventory_sort: 9999, reason_code: 'NO_INVENTORY' });
    expect(bySku.DEAD).toMatchObject({ unit_turnover: null, reason_code: 'INACTIVE' });
    wh.close();
  });

  it('flags a SKU that arrived during the window NEW_SKU and annualises over its active days', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'NEW' }],
      snapshots: dailySnapshots('NEW', 'WH1', '2025-01-09', [10, 10]),
      orders: [shippedLine('NEW', 'WH1', '2025-01-10', 2)],
    });
    const [row] = await rowsOf(wh, 'turnover', { as_of: '2025-01-10', window_days: '30' });
    expect(row).toMatchObject({ reason_code: 'NEW_SKU', period_days: 2 });
    expect(row.unit_turnover).toBeCloseTo(0.2, 6);
    expect(row.unit_turnover_annualised).toBeCloseTo((0.2 * 365) / 2, 6);
    wh.close();
  });

  it('rolls up by pool and splits a pool across channels by their share of shipped units', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', category: 'toys' }, { sku: 'B', category: 'toys' }],
      snapshots: [
        ...dailySnapshots('A', 'WH1', '2025-01-01', [8, 8, 8]),
        ...dailySnapshots('B', 'FBA1', '2025-01-01', [4, 4, 4]),
      ],
      orders: [
        shippedLine('A', 'WH1', '2025-01-02', 3, { channel: 'amazon' }),
        shippedLine('A', 'WH1', '2025-01-03', 1, { channel: 'ebay' }),
        shippedLine('B', 'FBA1', '2025-01-03', 2, { channel: 'amazon' }),
      ],
    });
    const byPool = await rowsOf(wh, 'turnover', { as_of: '2025-01-03', window_days: '2', group_by: 'pool' });
    expect(byPool.map((r) => [r.pool_id, r.units_shipped, r.avg_inventory_units]).sort()).toEqual([
      ['FBA-NA', 2, 4],
      ['OWN', 4, 8],
    ]);
    const byChannel = await rowsOf(wh, 'turnover', { as_of: '2025-01-03', window_days: '2', group_by: 'channel' });
    const channel = Object.fromEntries(byChannel.map((r) => [r.channel, r]));
    // amazon: 3/4 of A's 8 units + all of B's 4 = 10; ebay: 1/4 of 8 = 2
    expect(channel.amazon.avg_inventory_units).toBeCloseTo(10, 6);
    expect(channel.amazon.units_shipped).toBe(5);
    expect(channel.ebay.avg_inventory_units).toBeCloseTo(2, 6);
    const [all] = await rowsOf(wh, 'turnover', { as_of: '2025-01-03', window_days: '2', group_by: 'all' });
    expect(all).toMatchObject({ count_skus: 2, units_shipped: 6, avg_inventory_units: 12 });
    wh.close();
  });
});
