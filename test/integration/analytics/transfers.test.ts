import { addDays, dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';

const locations = [
  { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', is_settable: false },
  { location_id: '3PL1', location_name: '3PL US', location_kind: '3pl', pool_id: '3PL-US' },
  { location_id: 'WH1', location_name: 'Own', location_kind: 'own', pool_id: 'OWN' },
];
const flat = (sku: string, loc: string, units: number, days = 11) => dailySnapshots(sku, loc, '2025-05-31', Array.from({ length: days }, () => units));
const perDay = (sku: string, loc: string, units: number) => Array.from({ length: 10 }, (_, i) => shippedLine(sku, loc, addDays('2025-06-01', i), units));

describe('transfers dataset', () => {
  it('moves 3PL surplus above excess_days into FBA up to target_days, in whole case packs', async () => {
    // FBA: 40 available, 10/day → 4 days; target 30 → needs 300 − 40 = 260.
    // 3PL: 1000 available, 2/day → 500 days; keeps 2 × 90 = 180 → 820 spare. 260 → 21 cases of 12 = 252.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', case_pack_units: 12 }],
      snapshots: [...flat('A', 'FBA1', 40), ...flat('A', '3PL1', 1000)],
      orders: [...perDay('A', 'FBA1', 10), ...perDay('A', '3PL1', 2)],
    });
    const rows = await rowsOf(wh, 'transfers', { as_of: '2025-06-10', window_days: '10', target_days: '30' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sku: 'A', from_pool_id: '3PL-US', from_pool_kind: '3pl', to_pool_id: 'FBA-NA', to_pool_kind: 'fba', transfer_units: 252 });
    expect(rows[0].to_days_of_supply).toBeCloseTo(4, 6);
    expect(rows[0].to_days_of_supply_after).toBeCloseTo(29.2, 6);
    expect(rows[0].reason).toBe('FBA-NA has 4.0 days of supply (target 30); 3PL-US holds 500.0 days (excess above 90)');
    wh.close();
  });

  it('splits a need across two sources largest surplus first, and never takes stock out of FBA', async () => {
    // OWN ships 5 a day but ends every day at 0: no in-stock day, so no censored rate and no need.
    const wh = await seedWarehouse({
      locations: [...locations, { location_id: '3PL2', location_name: '3PL EU', location_kind: '3pl', pool_id: '3PL-EU' }],
      skus: [{ sku: 'B' }],
      snapshots: [...flat('B', 'WH1', 0), ...flat('B', '3PL1', 100), ...flat('B', '3PL2', 80), ...flat('B', 'FBA1', 900)],
      orders: perDay('B', 'WH1', 5),
    });
    const rows = await rowsOf(wh, 'transfers', { as_of: '2025-06-10', window_days: '10', target_days: '30' });
    expect(rows).toEqual([]);
    wh.close();

    const wh2 = await seedWarehouse({
      locations: [...locations, { location_id: '3PL2', location_name: '3PL EU', location_kind: '3pl', pool_id: '3PL-EU' }],
      skus: [{ sku: 'B' }],
      snapshots: [
        ...dailySnapshots('B', 'WH1', '2025-05-31', [50, 45, 40, 35, 30, 25, 20, 15, 10, 5, 0]),
        ...flat('B', '3PL1', 100),
        ...flat('B', '3PL2', 80),
        ...flat('B', 'FBA1', 900),
      ],
      orders: perDay('B', 'WH1', 5),
    });
    const split = await rowsOf(wh2, 'transfers', { as_of: '2025-06-10', window_days: '10', target_days: '30' });
    // OWN in stock 9 of 10 days, 45 shipped on them → 5/day; need 150 − 0 = 150: 100 from 3PL-US
    // (no demand: all spare), 50 from 3PL-EU; FBA's 900 idle units are never a source
    expect(split.map((r) => [r.from_pool_id, r.to_pool_id, r.transfer_units]).sort()).toEqual([
      ['3PL-EU', 'OWN', 50],
      ['3PL-US', 'OWN', 100],
    ]);
    wh2.close();
  });
});
