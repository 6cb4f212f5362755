// order_ops judges lateness against the channel's ship-by date where it gave one (Amazon's
// merchant order reports), and against late_after_hours only where it did not.
import { rowsOf, seedWarehouse } from './seed';

const locations = [{ location_id: 'WH1', location_name: 'Own', location_kind: 'own', pool_id: 'OWN' }];

function line(orderId: string, ordered: string, shipped: string | null, shipBy: string | null, extra: Record<string, string | number> = {}) {
  return {
    channel: 'amazon', order_id: orderId, line_id: 'S', sku: 'S', location_id: 'WH1', fulfilment: 'merchant', quantity_units: 1,
    item_price_amount: 10, currency_code: 'USD', ordered_at: ordered, shipped_at: shipped, ship_by_at: shipBy,
    order_status: shipped ? 'shipped' : 'unshipped', ...extra,
  };
}

describe('order_ops late shipments against ship-by dates', () => {
  it('counts a line late when shipped or still unshipped after its ship-by date, and uses late_after_hours without one', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'S' }],
      orders: [
        // promised by 06-04 23:59, shipped 06-05 10:00 after 72 h → late by the promise (72 h > 48 h agrees)
        line('A', '2025-06-02 10:00:00', '2025-06-05 10:00:00', '2025-06-04 23:59:00'),
        // promised by 06-06 (a 4-day handling time), shipped after 70 h: on time, though beyond 48 h
        line('B', '2025-06-03 00:00:00', '2025-06-05 22:00:00', '2025-06-06 23:59:00'),
        // promised by 06-03 12:00, shipped 06-03 14:00 after 14 h: late, though within 48 h
        line('C', '2025-06-03 00:00:00', '2025-06-03 14:00:00', '2025-06-03 12:00:00'),
        // unshipped, promised by 06-12: not late at the end of 06-10, though 4 days old
        line('D', '2025-06-06 00:00:00', null, '2025-06-12 23:59:00'),
        // unshipped, promised by 06-10 12:00: late at the end of 06-10
        line('E', '2025-06-09 00:00:00', null, '2025-06-10 12:00:00'),
        // no promise: shipped after 50 h > 48 h → late
        line('F', '2025-06-04 00:00:00', '2025-06-06 02:00:00', null),
        // cancelled past its promise: never late
        line('G', '2025-06-04 00:00:00', null, '2025-06-05 00:00:00', { order_status: 'cancelled' }),
      ],
    });
    const [row] = await rowsOf(wh, 'order_ops', { as_of: '2025-06-10', window_days: '10' });
    // late: A, C, E, F = 4 of 6 active lines; 5 active lines carry a promise (A–E)
    expect(row).toMatchObject({ channel: 'amazon', fulfilment_type: 'self', count_late_lines: 4, count_lines_with_ship_by: 5 });
    expect(row.late_shipment_rate).toBeCloseTo(4 / 6, 9);
    wh.close();
  });
});
