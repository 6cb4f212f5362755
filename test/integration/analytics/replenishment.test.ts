import { addDays, dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';

const locations = [{ location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN' }];

/** A SKU in stock every day from 2025-04-30 (day before the window) with the given daily shipments. */
function history(sku: string, shipments: number[], onHand = 1000, start = '2025-05-01') {
  return {
    snapshots: dailySnapshots(sku, 'WH1', addDays(start, -1), [onHand, ...shipments.map(() => onHand)]),
    orders: shipments.flatMap((units, i) => (units > 0 ? [shippedLine(sku, 'WH1', addDays(start, i), units)] : [])),
  };
}

describe('replenishment dataset', () => {
  it('reproduces anchors B.9/B.10: d̄ 20, σd 6, L 30, σL 5, 95 % → SS 54.06 / 164.49 / 173.14 and ROP 774', async () => {
    // 14, 20, 26: mean 20, sample σ 6. CONST ships 20 a day: σd 0.
    const both = history('BOTH', [14, 20, 26]);
    const demandOnly = history('DEMAND', [14, 20, 26]);
    const leadOnly = history('LEAD', [20, 20, 20]);
    const wh = await seedWarehouse({
      locations,
      skus: [
        { sku: 'BOTH', lead_time_days: 30, lead_time_sd_days: 5 },
        { sku: 'DEMAND', lead_time_days: 30, lead_time_sd_days: 0 },
        { sku: 'LEAD', lead_time_days: 30, lead_time_sd_days: 5 },
      ],
      snapshots: [...both.snapshots, ...demandOnly.snapshots, ...leadOnly.snapshots],
      orders: [...both.orders, ...demandOnly.orders, ...leadOnly.orders],
    });
    const rows = await rowsOf(wh, 'replenishment', { as_of: '2025-05-03', window_days: '3' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    expect(bySku.BOTH.avg_daily_units).toBeCloseTo(20, 6);
    expect(bySku.BOTH.sd_daily_units).toBeCloseTo(6, 6);
    expect(bySku.BOTH.service_z).toBeCloseTo(1.6449, 4);
    expect(bySku.DEMAND.safety_stock_units).toBeCloseTo(54.06, 2);
    expect(bySku.LEAD.safety_stock_units).toBeCloseTo(164.49, 2);
    expect(bySku.BOTH.safety_stock_units).toBeCloseTo(173.14, 2);
    expect(bySku.BOTH.lead_time_demand_units).toBeCloseTo(600, 6);
    expect(bySku.BOTH.reorder_point_units).toBe(774);
    wh.close();
  });

  it('orders up to d̄·(L+R) + SS when the inventory position is at or below ROP, rounded up to MOQ and case pack', async () => {
    // IP = 100 on hand + 0 inbound ≤ ROP 774 → order-up-to 20·(30+30) + 173.14 = 1373.14,
    // raw 1273.14 → 1274 (≥ MOQ 500) → 107 cases of 12 = 1284
    const h = history('A', [14, 20, 26], 100);
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'A', lead_time_days: 30, lead_time_sd_days: 5, moq_units: 500, case_pack_units: 12 }],
      ...h,
    });
    const [row] = await rowsOf(wh, 'replenishment', { as_of: '2025-05-03', window_days: '3' });
    expect(row).toMatchObject({ inventory_position_units: 100, needs_reorder: true, reason_code: null });
    expect(row.order_up_to_units).toBeCloseTo(1373.14, 2);
    expect(row.raw_order_units).toBeCloseTo(1273.14, 2);
    expect(row.suggested_order_units).toBe(1284);
    // last day to order: as_of + floor((100 − 173.14) / 20 − 30) = as_of − 34
    expect(row.order_by_date).toBe('2025-03-30');
    wh.close();
  });

  it('rounds a small need up to the MOQ, and suggests nothing while the position is above ROP', async () => {
    const small = history('SMALL', [1, 1, 1], 2);
    const plenty = history('PLENTY', [1, 1, 1], 500);
    const wh = await seedWarehouse({
      locations,
      skus: [
        { sku: 'SMALL', lead_time_days: 10, lead_time_sd_days: 0, moq_units: 50 },
        { sku: 'PLENTY', lead_time_days: 10, lead_time_sd_days: 0 },
      ],
      snapshots: [...small.snapshots, ...plenty.snapshots],
      orders: [...small.orders, ...plenty.orders],
    });
    const rows = await rowsOf(wh, 'replenishment', { as_of: '2025-05-03', window_days: '3', review_days: '5' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    // SMALL: d̄ 1, σ 0 → SS 0, ROP 10; IP 2 → up to 1·15 = 15 → raw 13 → MOQ 50
    expect(bySku.SMALL).toMatchObject({ reorder_point_units: 10, needs_reorder: true, suggested_order_units: 50 });
    expect(bySku.SMALL.raw_order_units).toBeCloseTo(13, 6);
    expect(bySku.PLENTY).toMatchObject({ needs_reorder: false, suggested_order_units: 0 });
    wh.close();
  });

  it('gives EOQ 382.1 for D 3650 a year, S 50, C 10, i 25 % (B.11)', async () => {
    const h = history('E', [10, 10, 10]);
    const wh = await seedWarehouse({ locations, skus: [{ sku: 'E', unit_cost_amount: 10, lead_time_days: 5 }], ...h });
    const [row] = await rowsOf(wh, 'replenishment', { as_of: '2025-05-03', window_days: '3', order_cost_base: '50', holding_rate: '0.25' });
    expect(row.eoq_units).toBeCloseTo(382.1, 1);
    wh.close();
  });

  it('excludes stock-out days from d̄ and σ (censoring) and counts zero-sale in-stock days', async () => {
    // in stock 4 days (10, 0, 10, 0 shipped), out of stock 2 days → d̄ = 20 / 4 = 5
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'S', lead_time_days: 10 }],
      snapshots: [
        ...dailySnapshots('S', 'WH1', '2025-04-30', [50, 50, 50, 50, 50, 0, 0]),
      ],
      orders: [shippedLine('S', 'WH1', '2025-05-01', 10), shippedLine('S', 'WH1', '2025-05-03', 10)],
    });
    const [row] = await rowsOf(wh, 'replenishment', { as_of: '2025-05-06', window_days: '6' });
    expect(row).toMatchObject({ known_days: 6, in_stock_days: 4, stockout_days: 2, units_shipped_window: 20 });
    expect(row.avg_daily_units).toBeCloseTo(5, 6);
    expect(row.sd_daily_units).toBeCloseTo(Math.sqrt(100 / 3), 6); // 10,0,10,0 around 5: Σ(d²)=100, n−1=3
    wh.close();
  });

  it('returns zero safety stock with NO_DEMAND for an idle SKU and NEW_SKU for one that started mid-window', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'IDLE', lead_time_days: 10 }, { sku: 'NEW', lead_time_days: 10 }],
      snapshots: [...dailySnapshots('IDLE', 'WH1', '2025-04-30', [5, 5, 5, 5]), ...dailySnapshots('NEW', 'WH1', '2025-05-02', [9, 9])],
      orders: [shippedLine('NEW', 'WH1', '2025-05-02', 1), shippedLine('NEW', 'WH1', '2025-05-03', 1)],
    });
    const rows = await rowsOf(wh, 'replenishment', { as_of: '2025-05-03', window_days: '3' });
    const bySku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    expect(bySku.IDLE).toMatchObject({ safety_stock_units: 0, reorder_point_units: 0, needs_reorder: false, eoq_units: 0, reason_code: 'NO_DEMAND' });
    expect(bySku.NEW).toMatchObject({ in_stock_days: 2, reason_code: 'NEW_SKU' });
    wh.close();
  });

  it('adds last year’s Black Friday uplift for the peak days inside the order horizon', async () => {
    // 2024: 10 a day on 11-26…28, 30 a day during BFCM 11-29…12-02 → ratio 3.
    // 2025: d̄ 10 (11-18…20); horizon 11-21 … 11-20 + L 5 + R 5 = 11-30 holds BFCM days 11-28, 29, 30
    // → uplift = 10 × (3 − 1) × 3 = 60 units.
    const lastYear = [10, 10, 10, 30, 30, 30, 30];
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'P', lead_time_days: 5 }],
      snapshots: [
        ...dailySnapshots('P', 'WH1', '2024-11-25', [500, ...lastYear.map(() => 500)]),
        ...dailySnapshots('P', 'WH1', '2025-11-17', [40, 40, 40, 40]),
      ],
      orders: [
        ...lastYear.map((u, i) => shippedLine('P', 'WH1', addDays('2024-11-26', i), u)),
        ...[0, 1, 2].map((i) => shippedLine('P', 'WH1', addDays('2025-11-18', i), 10)),
      ],
    });
    const [row] = await rowsOf(wh, 'replenishment', { as_of: '2025-11-20', window_days: '3', review_days: '5' });
    expect(row.seasonal_uplift_units).toBeCloseTo(60, 6);
    expect(row.peak_events).toBe('bfcm x3.0');
    // order-up-to = 10 × (5 + 5) + SS 0 + 60 = 160
    expect(row.order_up_to_units).toBeCloseTo(160, 6);
    wh.close();
  });
});
