import { addDays, dailySnapshots, rowsOf, seedWarehouse, shippedLine, type Rows } from './seed';

const locations = [
  { location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN' },
  { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', is_settable: false },
];

/** Daily end-of-day on_hand from `start` to `end` given receipts and shipments by date. */
function ledger(sku: string, locationId: string, start: string, end: string, moves: Record<string, number>): Rows {
  const values: number[] = [];
  let onHand = 0;
  for (let day = start; day <= end; day = addDays(day, 1)) {
    onHand += moves[day] ?? 0;
    values.push(onHand);
  }
  return dailySnapshots(sku, locationId, start, values);
}

describe('aged_inventory dataset', () => {
  it('reproduces anchors B.6: 30 units left from the March receipt are 122 days old on 2025-07-01', async () => {
    // receive 100 on 01-01 and 50 on 03-01; ship 60 on 02-01 and 60 on 03-15 (120 by 04-01).
    // MID ships only 90 (60 + 30): 50 March units (122 days) and 10 January units (181 days) remain.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', unit_cost_amount: 2 }, { sku: 'MID', unit_cost_amount: 2 }],
      snapshots: [
        ...ledger('A', 'WH1', '2025-01-01', '2025-07-01', { '2025-01-01': 100, '2025-02-01': -60, '2025-03-01': 50, '2025-03-15': -60 }),
        ...ledger('MID', 'WH1', '2025-01-01', '2025-07-01', { '2025-01-01': 100, '2025-02-01': -60, '2025-03-01': 50, '2025-03-15': -30 }),
      ],
      orders: [
        shippedLine('A', 'WH1', '2025-02-01', 60),
        shippedLine('A', 'WH1', '2025-03-15', 60),
        shippedLine('MID', 'WH1', '2025-02-01', 60),
        shippedLine('MID', 'WH1', '2025-03-15', 30),
      ],
    });
    const rows = await rowsOf(wh, 'aged_inventory', { as_of: '2025-07-01' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    expect(bySku.A).toMatchObject({
      on_hand_units: 30,
      units_age_0_90: 0,
      units_age_91_180: 30,
      units_age_181_270: 0,
      avg_age_days: 122,
      oldest_age_days: 122,
      age_is_lower_bound: false,
      value_age_91_180_base: 60,
    });
    expect(bySku.MID).toMatchObject({ on_hand_units: 60, units_age_91_180: 50, units_age_181_270: 10, oldest_age_days: 181, newest_age_days: 122 });
    expect(bySku.MID.avg_age_days).toBeCloseTo((50 * 122 + 10 * 181) / 60, 6);
    // the January layer is the opening balance (first snapshot): its age is a lower bound
    expect(bySku.MID.age_is_lower_bound).toBe(true);
    wh.close();
  });

  it('dates a receipt hidden in a data gap at the first snapshot that shows it', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'G' }],
      snapshots: [
        ...dailySnapshots('G', 'WH1', '2025-01-01', [10, 10]),
        // 2025-01-03 … 01-05 missing; 20 units arrived on one of those days, 5 shipped on 01-04
        ...dailySnapshots('G', 'WH1', '2025-01-06', [25, 25]),
      ],
      orders: [shippedLine('G', 'WH1', '2025-01-04', 5)],
    });
    const [row] = await rowsOf(wh, 'aged_inventory', { as_of: '2025-01-07' });
    // receipt = 25 − 10 + 5 shipped = 20 on 01-06 (1 day old); 5 units of the opening 10 remain (6 days)
    expect(row).toMatchObject({ on_hand_units: 25, units_age_0_90: 25, newest_age_days: 1, oldest_age_days: 6 });
    expect(row.avg_age_days).toBeCloseTo((20 * 1 + 5 * 6) / 25, 6);
    wh.close();
  });

  it('flags FBA aged-surcharge risk from 181 days and the low-inventory fee when both HDoS windows are under 28', async () => {
    // OLD: 200 days in FBA, nothing sold → surcharge risk, excess, NO_DEMAND.
    // LOW: 50 on hand every day in FBA, 2 shipped a day for 90 days → HDoS 25 on both windows.
    const days = 90;
    const lowSnapshots = dailySnapshots('LOW', 'FBA1', '2025-04-01', Array.from({ length: days + 1 }, () => 50));
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'OLD' }, { sku: 'LOW' }],
      snapshots: [
        ...dailySnapshots('OLD', 'FBA1', '2024-12-12', Array.from({ length: 201 }, () => 5)),
        ...lowSnapshots,
      ],
      orders: Array.from({ length: days }, (_, i) => shippedLine('LOW', 'FBA1', addDays('2025-04-02', i), 2)),
    });
    const rows = await rowsOf(wh, 'aged_inventory', { as_of: '2025-06-30' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    expect(bySku.OLD).toMatchObject({ is_fba_pool: true, units_age_181_270: 5, has_aged_surcharge_risk: true, is_excess: true, reason_code: 'NO_DEMAND' });
    expect(bySku.LOW.hdos_30_days).toBeCloseTo(25, 6);
    expect(bySku.LOW.hdos_90_days).toBeCloseTo(25, 6);
    expect(bySku.LOW).toMatchObject({ is_low_inventory_fee_risk: true, has_aged_surcharge_risk: false, is_excess: false });
    wh.close();
  });

  it('leaves out SKUs with nothing on hand instead of showing a stale age', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'GONE' }],
      snapshots: dailySnapshots('GONE', 'WH1', '2025-01-01', [5, 5, 0]),
      orders: [shippedLine('GONE', 'WH1', '2025-01-03', 5)],
    });
    expect(await rowsOf(wh, 'aged_inventory', { as_of: '2025-01-03' })).toEqual([]);
    wh.close();
  });

  it('judges excess as slow_movers does: a hub by the demand of the pools it feeds, a new arrival without demand not yet', async () => {
    const world = [
      { location_id: 'CN1', location_name: 'Own CN', location_kind: 'own', pool_id: 'OWN-CN', country_code: 'CN' },
      { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', country_code: 'US', is_settable: false },
    ];
    // window 2025-06-01 … 06-30 (30 days). HUB: 600 in CN, no own sales; FBA sells 10/day of it →
    // network 10/day → 60 days of supply, not excess (by its own demand it would be "no demand").
    // BIG: 2000 in CN, FBA sells 10/day → 200 days → excess 2000 − 10 × 90 = 1100 units, 1100 × 3 = 3300.
    // FRESH: arrived in CN on 06-20, nothing sold yet: too new to judge, not excess.
    const flat = (sku: string, loc: string, units: number, from = '2025-06-01') => {
      const days = Math.round((Date.parse('2025-06-30') - Date.parse(from)) / 86400000) + 1;
      return dailySnapshots(sku, loc, from, Array.from({ length: days }, () => units));
    };
    const wh = await seedWarehouse({
      locations: world,
      skus: [{ sku: 'HUB', unit_cost_amount: 3 }, { sku: 'BIG', unit_cost_amount: 3 }, { sku: 'FRESH', unit_cost_amount: 3 }],
      snapshots: [...flat('HUB', 'CN1', 600), ...flat('HUB', 'FBA1', 300), ...flat('BIG', 'CN1', 2000), ...flat('BIG', 'FBA1', 300), ...flat('FRESH', 'CN1', 50, '2025-06-20')],
      orders: ['HUB', 'BIG'].flatMap((sku) => Array.from({ length: 30 }, (_, i) => shippedLine(sku, 'FBA1', addDays('2025-06-01', i), 10))),
    });
    const rows = await rowsOf(wh, 'aged_inventory', { as_of: '2025-06-30', window_days: '30' });
    const at = (sku: string) => rows.find((r) => r.sku === sku && r.pool_id === 'OWN-CN')!;
    expect([at('HUB').supply_basis, at('HUB').is_excess, at('HUB').excess_units]).toEqual(['network_demand', false, 0]);
    expect(at('HUB').days_of_supply_total).toBeCloseTo(60, 6);
    expect([at('BIG').is_excess, at('BIG').excess_units, at('BIG').excess_value_base]).toEqual([true, 1100, 3300]);
    expect([at('FRESH').is_excess, at('FRESH').excess_units, at('FRESH').reason_code]).toEqual([false, 0, 'NO_DEMAND']);
    wh.close();
  });
});
