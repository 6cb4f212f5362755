import { dailySnapshots, rowsOf, seedWarehouse } from './seed';

const locations = [
  { location_id: 'WH1', location_name: 'Own', location_kind: 'own', pool_id: 'OWN' },
  { location_id: 'FBA1', location_name: 'FBA US', location_kind: 'fba', pool_id: 'FBA-NA', is_settable: false },
];

function line(channel: string, orderId: string, at: string, units: number, extra: Record<string, string | number> = {}) {
  return { channel, order_id: orderId, line_id: '1', sku: 'S', location_id: 'WH1', quantity_units: units, ordered_at: at, order_status: 'unshipped', ...extra };
}

describe('oversell dataset', () => {
  it('reproduces anchors B.12: pool of 3, Amazon takes 2 at 10:00, eBay takes 2 at 10:04 → one incident short 1', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'S' }],
      snapshots: dailySnapshots('S', 'WH1', '2025-06-01', [3, 0]),
      orders: [
        line('amazon', 'A1', '2025-06-02 10:00:00', 2),
        line('ebay', 'E1', '2025-06-02 10:04:00', 2),
        // not committed yet: ignored
        line('shopify', 'S1', '2025-06-02 09:00:00', 5, { order_status: 'pending' }),
      ],
    });
    const rows = await rowsOf(wh, 'oversell', { as_of: '2025-06-02', window_days: '2' });
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'incident',
        channel: 'ebay',
        order_id: 'E1',
        ordered_at: '2025-06-02T10:04:00.000Z',
        quantity_units: 2,
        ats_before_units: 1,
        shortfall_units: 1,
        pool_id: 'OWN',
      }),
    ]);
    expect(await rowsOf(wh, 'oversell', { as_of: '2025-06-02', window_days: '2', channel: 'amazon' })).toEqual([]);
    wh.close();
  });

  it('counts the whole line as short when the pool was already at or below zero, and keeps cancelled ones flagged', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'S' }],
      snapshots: dailySnapshots('S', 'WH1', '2025-06-01', [-1, -1]),
      orders: [line('ebay', 'E9', '2025-06-02 08:00:00', 3, { order_status: 'cancelled' })],
    });
    const [row] = await rowsOf(wh, 'oversell', { as_of: '2025-06-02', window_days: '1' });
    expect(row).toMatchObject({ ats_before_units: -1, shortfall_units: 3, order_status: 'cancelled', reason: 'accepted beyond stock, then cancelled' });
    wh.close();
  });

  it('skips a day whose opening stock is unknown (data gap) instead of guessing', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'S' }],
      snapshots: dailySnapshots('S', 'WH1', '2025-06-01', [1, null, 1]),
      orders: [line('ebay', 'E1', '2025-06-03 08:00:00', 5)],
    });
    expect(await rowsOf(wh, 'oversell', { as_of: '2025-06-03', window_days: '3' })).toEqual([]);
    wh.close();
  });

  it('lists merchant listings showing more than the pool holds as risks, but not FBA ones', async () => {
    const wh = await seedWarehouse({
      locations,
      skus: [{ sku: 'S' }],
      snapshots: [...dailySnapshots('S', 'WH1', '2025-06-01', [1]), ...dailySnapshots('S', 'FBA1', '2025-06-01', [0])],
      listings: [
        { listing_id: 'ebay:US:S:merchant', channel: 'ebay', sku: 'S', location_id: 'WH1', channel_quantity_units: 5 },
        { listing_id: 'shopify:US:S:merchant', channel: 'shopify', sku: 'S', location_id: 'WH1', channel_quantity_units: 1 },
        { listing_id: 'amazon:US:S:fba', channel: 'amazon', sku: 'S', fulfilment: 'fba', location_id: 'FBA1', channel_quantity_units: 9 },
      ],
    });
    const rows = await rowsOf(wh, 'oversell', { as_of: '2025-06-01' });
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'risk', listing_id: 'ebay:US:S:merchant', channel_quantity_units: 5, pool_available_units: 1, excess_listed_units: 4 }),
    ]);
    wh.close();
  });
});
