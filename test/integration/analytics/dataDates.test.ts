// The span of all data (int_data_dates) is taken from the sources' spans (int_source_dates) and
// the returns, not from a scan of every order line and snapshot: it must still reach the earliest
// and the latest day of any order, shipment, snapshot or return.
import { ensureMartsFresh } from '../../../pipeline/analytics';
import { dailySnapshots, seedWarehouse, shippedLine } from './seed';

describe('the span of the data', () => {
  it('runs from the earliest to the latest day of any order, shipment, snapshot or return', async () => {
    const wh = await seedWarehouse({
      locations: [{ location_id: 'WH1', location_name: 'W', location_kind: 'own', pool_id: 'OWN' }],
      skus: [{ sku: 'A' }, { sku: 'B' }],
      snapshots: dailySnapshots('A', 'WH1', '2025-03-05', [10, 10, 10]),
      orders: [
        // shipped long after it was ordered: the last day is the shipment's
        shippedLine('A', 'WH1', '2025-03-06', 1, { shipped_at: '2025-03-20 09:00:00' }),
        // a channel whose export dates the shipment before the order: the first day is the shipment's
        shippedLine('B', 'WH1', '2025-03-04', 1, { channel: 'ebay', shipped_at: '2025-03-02 09:00:00' }),
      ],
      returns: [{ channel: 'amazon', return_line_id: 'R1', order_id: 'OLD', sku: 'A', quantity_units: 1, returned_at: '2025-02-27 10:00:00', location_id: 'WH1' }],
    });
    await ensureMartsFresh(wh);
    const [span] = await wh.all<Record<string, string>>(
      `select cast(first_data_date as varchar) as first_data_date, cast(last_data_date as varchar) as last_data_date,
              cast(last_snapshot_date as varchar) as last_snapshot_date, cast(orders_last_date as varchar) as orders_last_date
       from int_data_dates`,
    );
    expect(span).toEqual({ first_data_date: '2025-02-27', last_data_date: '2025-03-20', last_snapshot_date: '2025-03-07', orders_last_date: '2025-03-20' });
    const sources = await wh.all<Record<string, string>>(
      `select source_kind, source_id, cast(first_date as varchar) as first_date, cast(last_date as varchar) as last_date
       from int_source_dates order by source_kind, source_id`,
    );
    expect(sources).toEqual([
      { source_kind: 'inventory', source_id: 'WH1', first_date: '2025-03-05', last_date: '2025-03-07' },
      { source_kind: 'orders', source_id: 'amazon', first_date: '2025-03-06', last_date: '2025-03-20' },
      { source_kind: 'orders', source_id: 'ebay', first_date: '2025-03-02', last_date: '2025-03-04' },
    ]);
    wh.close();
  });
});
