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

  it('moves within a market first, then from the own warehouse that feeds other countries, never between markets', async () => {
    const world = [
      { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', country_code: 'US', is_settable: false },
      { location_id: '3PL1', location_name: '3PL US', location_kind: '3pl', pool_id: '3PL-US', country_code: 'US' },
      { location_id: '3PL2', location_name: '3PL UK', location_kind: '3pl', pool_id: '3PL-UK', country_code: 'GB' },
      { location_id: 'CN1', location_name: 'Own CN', location_kind: 'own', pool_id: 'OWN-CN', country_code: 'CN' },
    ];
    // FBA-NA: 40 at 10/day → 4 days, needs 30 × 10 − 40 = 260.
    // 3PL-US: 200 at 1/day → 200 days, keeps 90 → 110 spare: round 1, same market.
    // 3PL-UK: 1000 at 2/day → 500 days, 820 spare, but GB is another market: never moved to the US.
    // OWN-CN sells nothing itself but feeds the others (a hub): 3000 over the network's 10 + 1 + 2 = 13/day
    // → 230.8 days, keeps ceil(13 × 90) = 1170 → 1830 spare; round 2 fills the 150 still needed.
    const wh = await seedWarehouse({
      locations: world,
      skus: [{ sku: 'C' }],
      snapshots: [...flat('C', 'FBA1', 40), ...flat('C', '3PL1', 200), ...flat('C', '3PL2', 1000), ...flat('C', 'CN1', 3000)],
      orders: [...perDay('C', 'FBA1', 10), ...perDay('C', '3PL1', 1), ...perDay('C', '3PL2', 2)],
    });
    const rows = await rowsOf(wh, 'transfers', { as_of: '2025-06-10', window_days: '10', target_days: '30' });
    expect(rows.map((r) => [r.from_pool_id, r.to_pool_id, r.route, r.transfer_units, r.from_supply_basis])).toEqual([
      ['3PL-US', 'FBA-NA', 'same_country', 110, 'pool_demand'],
      ['OWN-CN', 'FBA-NA', 'from_hub', 150, 'network_demand'],
    ]);
    expect(rows[1].from_days_of_supply).toBeCloseTo(3000 / 13, 6);
    expect(rows[1].reason).toBe('FBA-NA has 4.0 days of supply (target 30); OWN-CN holds 230.8 days of the demand of every pool it feeds (excess above 90)');
    // slow_movers suggests move_stock for exactly these two sources; 3PL-UK's excess stays put
    const slow = await rowsOf(wh, 'slow_movers', { as_of: '2025-06-10', window_days: '10', target_days: '30', show: 'all' });
    const action = (pool: string) => slow.find((r) => r.pool_id === pool)!;
    expect([action('3PL-US'), action('OWN-CN'), action('3PL-UK')].map((r) => [r.pool_id, r.suggested_action, r.move_units, r.supply_basis])).toEqual([
      ['3PL-US', 'move_stock', 110, 'pool_demand'],
      ['OWN-CN', 'move_stock', 150, 'network_demand'],
      ['3PL-UK', 'stop_reordering', null, 'pool_demand'],
    ]);
    expect(action('3PL-UK').excess_units).toBe(820);
    wh.close();
  });
});
