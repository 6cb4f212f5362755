import { dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';

const locations = [
  { location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN' },
  { location_id: '3PL1', location_name: '3PL Germany', location_kind: '3pl', pool_id: '3PL-DE' },
];

describe('inventory dataset', () => {
  it('values stock at the SKU cost converted at the as_of FX rate (multi-currency)', async () => {
    // 10 units at 10 EUR; EUR→USD 1.10 until 2025-01-07, 1.20 from 2025-01-08 → 12 USD a unit, 120 in total
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'EU-1', unit_cost_amount: 10, cost_currency_code: 'EUR' }],
      fx: [
        { rate_date: '2025-01-01', currency_code: 'EUR', rate_to_base: 1.1 },
        { rate_date: '2025-01-08', currency_code: 'EUR', rate_to_base: 1.2 },
      ],
      snapshots: dailySnapshots('EU-1', 'WH1', '2025-01-01', [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
    });
    const [row] = await rowsOf(wh, 'inventory', { as_of: '2025-01-10', window_days: '10' });
    expect(row.unit_cost_base).toBeCloseTo(12, 6);
    expect(row.value_at_cost_base).toBeCloseTo(120, 6);
    const [earlier] = await rowsOf(wh, 'inventory', { as_of: '2025-01-05', window_days: '5' });
    expect(earlier.value_at_cost_base).toBeCloseTo(110, 6);
    wh.close();
  });

  it('computes days of supply over in-stock days only: 10 units in 10 days, 2 out of stock → 1.25 a day', async () => {
    const available = [5, 5, 5, 0, 0, 5, 5, 5, 5, 20];
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A' }],
      // a day before the window so the SKU is not new
      snapshots: [
        ...dailySnapshots('A', 'WH1', '2024-12-31', [5]),
        ...dailySnapshots('A', 'WH1', '2025-01-01', available, (i) => ({ inbound_units: i === 9 ? 5 : 0 })),
      ],
      orders: [
        ...['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-06', '2025-01-07', '2025-01-08', '2025-01-09'].map((d) =>
          shippedLine('A', 'WH1', d, 1),
        ),
        shippedLine('A', 'WH1', '2025-01-10', 3),
      ],
    });
    const [row] = await rowsOf(wh, 'inventory', { as_of: '2025-01-10', window_days: '10' });
    expect(row).toMatchObject({ sku: 'A', location_id: 'WH1', pool_id: 'OWN', in_stock_days: 8, units_shipped_window: 10, reason_code: null });
    expect(row.avg_daily_units).toBeCloseTo(1.25, 6);
    expect(row.days_of_supply).toBeCloseTo(16, 6); // 20 / 1.25
    expect(row.days_of_supply_total).toBeCloseTo(20, 6); // (20 + 5) / 1.25
    wh.close();
  });

  it('counts Amazon lines reported shipped without a ship date (All Orders report) as shipped on the order date', async () => {
    // 4 days in stock, 8 units: 6 with a ship time, 2 from the All Orders report (status shipped, no
    // ship date); a cancelled and a pending line without ship date do not count → 2 units a day.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'FBA-1' }],
      snapshots: dailySnapshots('FBA-1', 'WH1', '2024-12-31', [20, 20, 20, 20, 20]),
      orders: [
        shippedLine('FBA-1', 'WH1', '2025-01-01', 3),
        shippedLine('FBA-1', 'WH1', '2025-01-02', 3),
        shippedLine('FBA-1', 'WH1', '2025-01-03', 2, { shipped_at: null, order_status: 'shipped' }),
        shippedLine('FBA-1', 'WH1', '2025-01-04', 5, { shipped_at: null, order_status: 'cancelled' }),
        shippedLine('FBA-1', 'WH1', '2025-01-04', 7, { shipped_at: null, order_status: 'pending' }),
      ],
    });
    const [row] = await rowsOf(wh, 'inventory', { as_of: '2025-01-04', window_days: '4' });
    expect(row).toMatchObject({ sku: 'FBA-1', units_shipped_window: 8, in_stock_days: 4 });
    expect(row.avg_daily_units).toBeCloseTo(2, 6);
    expect(row.days_of_supply).toBeCloseTo(10, 6); // 20 / 2
    const ops = await rowsOf(wh, 'order_ops', { as_of: '2025-01-04', window_days: '4' });
    // ship times exist only where the channel gave one: the median of 4 h, 4 h (never an invented 0 h)
    expect(ops[0].processing_hours_median).toBeCloseTo(4, 6);
    wh.close();
  });

  it('returns null days of supply with NO_DEMAND and the 9999 sort sentinel when nothing sold', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'IDLE' }],
      snapshots: dailySnapshots('IDLE', 'WH1', '2025-01-01', [7, 7, 7, 7]),
    });
    const [row] = await rowsOf(wh, 'inventory', { as_of: '2025-01-04', window_days: '3' });
    expect(row).toMatchObject({ days_of_supply: null, days_of_supply_sort: 9999, reason_code: 'NO_DEMAND', on_hand_units: 7 });
    wh.close();
  });

  it('shows the last known snapshot flagged stale with DATA_GAP when the as_of day is missing', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A' }, { sku: 'B' }],
      snapshots: [
        ...dailySnapshots('A', 'WH1', '2025-01-01', [4, 4, 4, 4, null]),
        ...dailySnapshots('B', 'WH1', '2025-01-01', [1, 1, 1, 1, 1]),
      ],
      orders: [shippedLine('A', 'WH1', '2025-01-02', 1)],
    });
    const rows = await rowsOf(wh, 'inventory', { as_of: '2025-01-05', window_days: '4', sku_prefix: 'A' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ snapshot_date: '2025-01-04', is_stale: true, reason_code: 'DATA_GAP', on_hand_units: 4 });
    wh.close();
  });

  it('sets days of supply to 0 with NEGATIVE_STOCK when available is negative (oversold)', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'NEG' }],
      snapshots: dailySnapshots('NEG', 'WH1', '2025-01-01', [2, 2, 2], (i) => (i === 2 ? { available_units: -1, on_hand_units: 0 } : {})),
      orders: [shippedLine('NEG', 'WH1', '2025-01-02', 2)],
    });
    const [row] = await rowsOf(wh, 'inventory', { as_of: '2025-01-03', window_days: '2' });
    expect(row).toMatchObject({ available_units: -1, days_of_supply: 0, reason_code: 'NEGATIVE_STOCK' });
    wh.close();
  });

  it('filters by location, pool and category, and treats a sku_prefix with % or quotes literally', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A-1', category: 'toys' }, { sku: 'A%2', category: 'garden' }, { sku: 'B-1', category: 'toys' }],
      snapshots: [
        ...dailySnapshots('A-1', 'WH1', '2025-01-01', [1, 1]),
        ...dailySnapshots('A%2', '3PL1', '2025-01-01', [1, 1]),
        ...dailySnapshots('B-1', '3PL1', '2025-01-01', [1, 1]),
      ],
    });
    const skus = async (raw: Record<string, string>) =>
      (await rowsOf(wh, 'inventory', { as_of: '2025-01-02', ...raw })).map((r) => r.sku).sort();
    expect(await skus({ location: '3PL1' })).toEqual(['A%2', 'B-1']);
    expect(await skus({ pool: 'OWN' })).toEqual(['A-1']);
    expect(await skus({ category: 'toys' })).toEqual(['A-1', 'B-1']);
    expect(await skus({ sku_prefix: 'A%' })).toEqual(['A%2']);
    expect(await skus({ category: "toys' or '1'='1" })).toEqual([]);
    expect(await skus({ sku_prefix: "'; drop table sku; --" })).toEqual([]);
    expect(await skus({})).toEqual(['A%2', 'A-1', 'B-1']);
    wh.close();
  });
});
