import { addDays, dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';

const locations = [
  { location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN' },
  { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', is_settable: false },
];
const AS_OF = '2025-04-06'; // a Sunday: the 28-day window is 4 whole ISO weeks from Monday 03-10
const flat = (sku: string, loc: string, start: string, units: number) =>
  dailySnapshots(sku, loc, start, Array.from({ length: 1 + Math.round((Date.parse(AS_OF) - Date.parse(start)) / 86400000) }, () => units));
const daily = (sku: string, loc: string, from: string, days: number, units: number, price = 10) =>
  Array.from({ length: days }, (_, i) => shippedLine(sku, loc, addDays(from, i), units, { item_price_amount: units * price, marketplace: 'US' }));

describe('slow_movers dataset', () => {
  it('marks stock that never sold in dead_days as dead with a clearance action, and a SKU that sells elsewhere as move_stock', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'DEAD' }, { sku: 'M' }, { sku: 'NEW' }, { sku: 'GAP' }],
      snapshots: [
        ...flat('DEAD', 'WH1', '2024-12-01', 10),
        ...flat('M', 'WH1', '2024-12-01', 10),
        ...flat('M', 'FBA1', '2024-12-01', 20),
        ...flat('NEW', 'WH1', '2025-03-20', 4),
        // stocked out for two days inside the dead window: "no sales" may be the stock-out's fault
        ...dailySnapshots('GAP', 'WH1', '2024-12-01', Array.from({ length: 127 }, (_, i) => (i === 100 || i === 101 ? 0 : 6))),
      ],
      orders: daily('M', 'FBA1', '2025-03-10', 28, 1),
    });
    const rows = await rowsOf(wh, 'slow_movers', { as_of: AS_OF, window_days: '28', show: 'all' });
    const at = (sku: string, pool: string) => rows.find((r) => r.sku === sku && r.pool_id === pool)!;
    expect(at('DEAD', 'OWN')).toMatchObject({
      status: 'dead',
      rule_id: 'DEAD_NO_SALES_N',
      suggested_action: 'clearance_discount',
      value_base: 100,
      days_since_last_sale: null,
      reason_code: 'NO_DEMAND',
    });
    // FBA: 20 on hand at 1 a day = 20 days of supply, below target 45 → needs 45 − 20 = 25; OWN's
    // 10 dead units are all excess (no demand there) → the transfer plan moves all 10
    expect(at('M', 'OWN')).toMatchObject({
      status: 'dead',
      suggested_action: 'move_stock',
      move_units: 10,
      move_to_pool_ids: 'FBA-NA',
      excess_units: 10,
      best_pool_id: 'FBA-NA',
      best_channel: 'amazon',
      best_marketplace: 'US',
    });
    expect(at('M', 'OWN').action_reason).toBe('move 10 units to FBA-NA, which is short (see transfers); stop reordering here');
    // 20 / 7 = 2.9 weeks of cover → healthy
    expect(at('M', 'FBA-NA')).toMatchObject({ status: 'healthy', suggested_action: 'none', days_since_last_sale: 0, units_shipped_window: 28, excess_units: 0 });
    expect(at('M', 'FBA-NA').days_of_supply_total).toBeCloseTo(20, 6);
    expect(at('NEW', 'OWN')).toMatchObject({ status: 'new', rule_id: null, suggested_action: 'none', reason_code: 'NEW_SKU' });
    expect(at('GAP', 'OWN').status).not.toBe('dead');
    const moves = await rowsOf(wh, 'transfers', { as_of: AS_OF, window_days: '28' });
    expect(moves.map((m) => [m.sku, m.from_pool_id, m.to_pool_id, m.transfer_units])).toEqual([['M', 'OWN', 'FBA-NA', 10]]);
    // by default only the problems, largest value first: the healthy and the new rows are left out
    const problems = await rowsOf(wh, 'slow_movers', { as_of: AS_OF, window_days: '28' });
    expect(problems.map((r) => [r.sku, r.pool_id, r.status])).toEqual(
      rows.filter((r) => ['dead', 'excess', 'slow'].includes(String(r.status))).map((r) => [r.sku, r.pool_id, r.status]),
    );
    expect(problems.map((r) => r.status)).not.toContain('healthy');
    wh.close();
  });

  it('flags excess above excess_days of supply and suggests to stop reordering', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'X' }],
      snapshots: flat('X', 'WH1', '2024-12-01', 300),
      orders: daily('X', 'WH1', '2025-03-10', 28, 2),
    });
    const [row] = await rowsOf(wh, 'slow_movers', { as_of: AS_OF, window_days: '28' });
    // 300 / 2 = 150 days of supply > 90; weeks of cover 300 / 14 = 21.4
    expect(row).toMatchObject({ status: 'excess', rule_id: 'EXCESS_DOS', suggested_action: 'stop_reordering' });
    expect(row.days_of_supply_total).toBeCloseTo(150, 6);
    expect(row.weeks_of_cover).toBeCloseTo(300 / 14, 6);
    wh.close();
  });

  it('classes SKUs A/B/C by cumulative revenue share 80/15/5 and X by a steady weekly demand', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'TOP' }, { sku: 'MIDDLE' }, { sku: 'TAIL' }, { sku: 'LUMPY' }],
      snapshots: [
        ...flat('TOP', 'WH1', '2024-12-01', 500),
        ...flat('MIDDLE', 'WH1', '2024-12-01', 500),
        ...flat('TAIL', 'WH1', '2024-12-01', 500),
        ...flat('LUMPY', 'WH1', '2024-12-01', 500),
      ],
      orders: [
        ...daily('TOP', 'WH1', '2025-03-10', 28, 1, 28.5), // 798
        ...daily('MIDDLE', 'WH1', '2025-03-10', 28, 1, 5), // 140
        ...daily('TAIL', 'WH1', '2025-03-10', 28, 1, 2), // 56
        shippedLine('LUMPY', 'WH1', '2025-03-10', 1, { item_price_amount: 6 }), // 6 of 1000, all in week 1
      ],
    });
    const rows = await rowsOf(wh, 'slow_movers', { as_of: AS_OF, window_days: '28' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    // shares before each: TOP 0 → A; MIDDLE 79.8 % → A; TAIL 93.8 % → B; LUMPY 99.4 % → C
    expect([bySku.TOP.abc_class, bySku.MIDDLE.abc_class, bySku.TAIL.abc_class, bySku.LUMPY.abc_class]).toEqual(['A', 'A', 'B', 'C']);
    expect(bySku.TOP).toMatchObject({ xyz_class: 'X', demand_cv_weekly: 0 });
    // weeks 1, 0, 0, 0: mean 0.25, sample σ 0.5 → CV 2 → Z
    expect(bySku.LUMPY.demand_cv_weekly).toBeCloseTo(2, 6);
    expect(bySku.LUMPY.xyz_class).toBe('Z');
    wh.close();
  });

  it('classes a weekly CV of exactly 0.5 as Y and of exactly 1 as Z, whatever the last bit of the float', async () => {
    // one line a week in the 4 ISO weeks from Monday 03-10. ONE: 23, 23, 23, 115 → mean 46,
    // Σ(w − m)² = 3·23² + 69² = 6348, sample σ² = 2116 = 46² → CV 1. HALF: 125, 125, 125, 25 →
    // mean 100, Σ(w − m)² = 3·25² + 75² = 7500, σ² = 2500 = 50² → CV 0.5. The bounds are inclusive
    // (X < 0.5 ≤ Y < 1 ≤ Z); the float may land 1 ulp either side (DuckDB gives 0.9999999999999999
    // for these weeks in some row orders, and parallel sums at 10M lines did so run to run).
    const weekly = (sku: string, units: number[]) =>
      units.map((u, i) => shippedLine(sku, 'WH1', addDays('2025-03-10', 7 * i + 2), u, { item_price_amount: u, marketplace: 'US' }));
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'ONE' }, { sku: 'HALF' }],
      snapshots: [...flat('ONE', 'WH1', '2024-12-01', 1000), ...flat('HALF', 'WH1', '2024-12-01', 1000)],
      orders: [...weekly('ONE', [23, 23, 23, 115]), ...weekly('HALF', [125, 125, 125, 25])],
    });
    const rows = await rowsOf(wh, 'slow_movers', { as_of: AS_OF, window_days: '28', show: 'all' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    expect(bySku.ONE.demand_cv_weekly).toBeCloseTo(1, 12);
    expect(bySku.ONE.xyz_class).toBe('Z');
    expect(bySku.HALF.demand_cv_weekly).toBeCloseTo(0.5, 12);
    expect(bySku.HALF.xyz_class).toBe('Y');
    wh.close();
  });
});
