import { addDays, dailySnapshots, rowsOf, seedWarehouse, shippedLine } from './seed';

const locations = [{ location_id: 'WH1', location_name: 'Own warehouse', location_kind: 'own', pool_id: 'OWN' }];

function returned(id: string, orderId: string, day: string, units: number, reason: string, disposition: string, channel = 'amazon') {
  return { channel, return_line_id: id, order_id: orderId, sku: 'R', quantity_units: units, returned_at: `${day} 09:00:00`, reason_code: reason, disposition };
}

describe('return_reasons dataset', () => {
  it('reproduces anchors B.8: 200 units shipped in May, 12 back by 07-30 (7 sellable) → 6 % and restock 58.3 %', async () => {
    // 20 May orders of 10 units; returns from orders O-3 (7 sellable, CHANGED_MIND) and O-19 (shipped 05-20, back 07-15: 5 customer_damaged, DEFECTIVE)
    const orders = Array.from({ length: 20 }, (_, i) => shippedLine('R', 'WH1', addDays('2025-05-01', i), 10, { order_id: `O-${i}` }));
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'R' }],
      snapshots: dailySnapshots('R', 'WH1', '2025-07-30', [100]),
      orders,
      returns: [
        returned('r1', 'O-3', '2025-06-10', 7, 'CHANGED_MIND', 'sellable'),
        returned('r2', 'O-19', '2025-07-15', 5, 'DEFECTIVE', 'customer_damaged'),
        // too late for the 60-day cohort of a 05-02 shipment; counted nowhere in May's cohort
        returned('r3', 'O-1', '2025-07-29', 1, 'DEFECTIVE', 'defective'),
      ],
    });
    const rows = await rowsOf(wh, 'return_reasons', { as_of: '2025-05-31', window_days: '31' });
    const byReason = Object.fromEntries(rows.map((r) => [r.reason_code, r]));
    expect(rows.map((r) => r.reason_code).sort()).toEqual(['CHANGED_MIND', 'DEFECTIVE']);
    expect(byReason.CHANGED_MIND).toMatchObject({ units_shipped: 200, units_returned: 7, units_sellable: 7, is_cohort_maturing: false });
    expect(byReason.DEFECTIVE).toMatchObject({ units_returned: 5, units_unsellable: 5, top_reason_code: 'CHANGED_MIND' });
    expect(byReason.CHANGED_MIND.sku_channel_return_rate).toBeCloseTo(0.06, 6);
    expect(byReason.CHANGED_MIND.return_rate).toBeCloseTo(0.035, 6);
    expect(byReason.DEFECTIVE.reason_share).toBeCloseTo(5 / 12, 6);
    // restock rate over all 12 returned units: 7 / 12
    const restocked = rows.reduce((s, r) => s + (r.units_sellable as number), 0);
    const back = rows.reduce((s, r) => s + (r.units_returned as number), 0);
    expect(restocked / back).toBeCloseTo(0.583, 3);
    expect(byReason.CHANGED_MIND.calendar_units_returned).toBe(0);
    wh.close();
  });

  it('flags listing-issue reasons, rates per the order’s channel, and compares with the previous window', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'R' }],
      snapshots: dailySnapshots('R', 'WH1', '2025-03-31', [10]),
      orders: [
        shippedLine('R', 'WH1', '2025-02-05', 10, { order_id: 'P1', channel: 'ebay' }),
        shippedLine('R', 'WH1', '2025-03-05', 20, { order_id: 'C1', channel: 'ebay' }),
        shippedLine('R', 'WH1', '2025-03-06', 5, { order_id: 'C2', channel: 'shopify' }),
      ],
      returns: [
        returned('e1', 'P1', '2025-02-20', 1, 'NOT_AS_DESCRIBED', 'sellable', 'ebay'),
        returned('e2', 'C1', '2025-03-20', 4, 'NOT_AS_DESCRIBED', 'sellable', 'ebay'),
        returned('s1', 'C2', '2025-03-21', 1, 'LATE_DELIVERY', 'sellable', 'shopify'),
      ],
    });
    const rows = await rowsOf(wh, 'return_reasons', { as_of: '2025-03-31', window_days: '30' });
    const ebay = rows.find((r) => r.channel === 'ebay')!;
    // current 4/20 = 20 %, previous (Feb cohort) 1/10 = 10 % → +10 points
    expect(ebay).toMatchObject({ reason_code: 'NOT_AS_DESCRIBED', is_listing_issue: true, units_shipped: 20, previous_units_returned: 1 });
    expect(ebay.return_rate).toBeCloseTo(0.2, 6);
    expect(ebay.previous_return_rate).toBeCloseTo(0.1, 6);
    expect(ebay.return_rate_change).toBeCloseTo(0.1, 6);
    // cohort window reaches past the data: the rate may still grow
    expect(ebay).toMatchObject({ is_cohort_maturing: true, rate_note: 'MATURING' });
    const shopify = rows.find((r) => r.channel === 'shopify')!;
    expect(shopify).toMatchObject({ reason_code: 'LATE_DELIVERY', is_listing_issue: false, units_shipped: 5 });
    expect(shopify.return_rate).toBeCloseTo(0.2, 6);
    expect((await rowsOf(wh, 'return_reasons', { as_of: '2025-03-31', window_days: '30', reason: 'LATE_DELIVERY' })).map((r) => r.channel)).toEqual(['shopify']);
    await expect(rowsOf(wh, 'return_reasons', { reason: 'late' })).rejects.toThrow(/reason must be one of/);
    wh.close();
  });
});
