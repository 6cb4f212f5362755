import { rowsOf, seedWarehouse } from './seed';

const locations = [
  { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', is_settable: false },
  { location_id: '3PL1', location_name: '3PL US', location_kind: '3pl', pool_id: '3PL-US' },
  { location_id: 'WH1', location_name: 'Own', location_kind: 'own', pool_id: 'OWN' },
];

let n = 0;
function line(channel: string, loc: string, fulfilment: string, ordered: string, shipped: string | null, extra: Record<string, string | number> = {}) {
  n += 1;
  return {
    channel,
    order_id: `O${n}`,
    line_id: '1',
    sku: 'S',
    location_id: loc,
    fulfilment,
    quantity_units: 2,
    item_price_amount: 10,
    currency_code: 'EUR',
    ordered_at: ordered,
    shipped_at: shipped,
    order_status: shipped ? 'shipped' : 'unshipped',
    ...extra,
  };
}

describe('order_ops dataset', () => {
  it('reports per channel and fulfilment type: orders, revenue in base currency, processing median/p90, late lines and returns', async () => {
    // amazon/3pl: processing 10 h, 20 h, 30 h, 60 h → median 25, p90 = 30 + 0.7 × 30 = 51; 60 h > 48 → 1 late;
    // one unshipped line ordered 2025-06-08 10:00 is 62 h old at the end of 06-10 → late too.
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'S' }],
      fx: [{ rate_date: '2025-06-01', currency_code: 'EUR', rate_to_base: 1.2 }],
      orders: [
        line('amazon', '3PL1', 'merchant', '2025-06-02 00:00:00', '2025-06-02 10:00:00'),
        line('amazon', '3PL1', 'merchant', '2025-06-02 00:00:00', '2025-06-02 20:00:00'),
        line('amazon', '3PL1', 'merchant', '2025-06-03 00:00:00', '2025-06-04 06:00:00'),
        line('amazon', '3PL1', 'merchant', '2025-06-03 00:00:00', '2025-06-05 12:00:00', { order_id: 'RET' }),
        line('amazon', '3PL1', 'merchant', '2025-06-08 10:00:00', null),
        line('amazon', '3PL1', 'merchant', '2025-06-04 00:00:00', null, { order_status: 'cancelled' }),
        line('amazon', 'FBA1', 'fba', '2025-06-05 00:00:00', '2025-06-05 04:00:00'),
        line('ebay', 'WH1', 'merchant', '2025-06-06 00:00:00', '2025-06-06 02:00:00'),
      ],
      returns: [
        { channel: 'amazon', return_line_id: 'r1', order_id: 'RET', sku: 'S', quantity_units: 1, returned_at: '2025-06-09 00:00:00', reason_code: 'DEFECTIVE', disposition: 'defective' },
      ],
    });
    const rows = await rowsOf(wh, 'order_ops', { as_of: '2025-06-10', window_days: '10' });
    const by = Object.fromEntries(rows.map((r) => [`${r.channel}/${r.fulfilment_type}`, r]));
    expect(Object.keys(by).sort()).toEqual(['amazon/3pl', 'amazon/fba', 'ebay/self']);
    expect(by['amazon/3pl']).toMatchObject({
      count_orders: 6,
      count_cancelled_orders: 1,
      units_ordered: 10,
      units_shipped: 8,
      count_lines_shipped: 4,
      count_unshipped_lines: 1,
      count_late_lines: 2,
      units_returned: 1,
    });
    expect(by['amazon/3pl'].revenue_base).toBeCloseTo(5 * 10 * 1.2, 6);
    expect(by['amazon/3pl'].processing_hours_median).toBeCloseTo(25, 6);
    expect(by['amazon/3pl'].processing_hours_p90).toBeCloseTo(51, 6);
    expect(by['amazon/3pl'].late_shipment_rate).toBeCloseTo(2 / 5, 6);
    expect(by['amazon/3pl'].cancellation_rate).toBeCloseTo(1 / 6, 6);
    expect(by['amazon/3pl'].return_rate).toBeCloseTo(1 / 8, 6);
    expect(by['amazon/fba']).toMatchObject({ count_orders: 1, processing_hours_median: 4, count_late_lines: 0 });
    expect(by['ebay/self']).toMatchObject({ count_orders: 1, units_shipped: 2 });
    wh.close();
  });
});
