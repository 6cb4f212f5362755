// Amazon's merchant-fulfilled order reports (pipeline/channels/amazon/files/merchantOrders.ts):
// the order report (Windows-1252, as German Seller Central writes it) and the unshipped orders
// report, and how their ship-by dates survive the All Orders report's updates of the same lines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';

const ORDER_REPORT = fixture('amazon/merchant_orders_de_cp1252.tsv');
const UNSHIPPED = fixture('amazon/unshipped_orders.tsv');

/** An All Orders report saying order 302-1111111-1111111 shipped (the same two lines). */
function allOrdersUpdate(): string {
  const header = ['amazon-order-id', 'merchant-order-id', 'purchase-date', 'last-updated-date', 'order-status', 'fulfillment-channel', 'sales-channel', 'sku', 'item-status', 'quantity', 'currency', 'item-price'];
  const line = (sku: string, qty: number, price: string) =>
    ['302-1111111-1111111', '302-1111111-1111111', '2026-11-20T09:00:00+01:00', '2026-11-22T15:00:00+01:00', 'Shipped', 'Merchant', 'Amazon.de', sku, 'Shipped', String(qty), 'EUR', price].join('\t');
  const path = join(mkdtempSync(join(tmpdir(), 'crossdock-mfn-')), 'all-orders.tsv');
  writeFileSync(path, [header.join('\t'), line('MUG-01', 2, '39.98'), line('MUG-02', 1, '19.99')].join('\n') + '\n');
  return path;
}

describe('amazon order report (merchant-fulfilled)', () => {
  it('loads each order item of a Windows-1252 report with its ship-by date, as unshipped merchant lines', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [ORDER_REPORT]);
    expect(summary).toEqual({ file: ORDER_REPORT, kind: 'amazon/merchant_orders', rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
    expect(
      await rows(wh, `select marketplace, order_id, line_id, title, quantity_units, item_price_amount, currency_code, order_status, fulfilment,
        location_id, ship_country_code, ordered_at, last_updated_at, ship_by_at from order_line order by order_id, line_id`),
    ).toEqual([
      {
        marketplace: 'DE', order_id: '302-1111111-1111111', line_id: 'MUG-01',
        // „ “ – are the 0x84 0x93 0x96 bytes of Windows-1252
        title: 'Becher „Morgen“ – 350 ml', quantity_units: 2, item_price_amount: 39.98, currency_code: 'EUR',
        order_status: 'unshipped', fulfilment: 'merchant', location_id: null, ship_country_code: 'DE',
        // 09:00 at +01:00 is 08:00 UTC; paid five minutes later
        ordered_at: '2026-11-20T08:00:00.000Z', last_updated_at: '2026-11-20T08:05:00.000Z', ship_by_at: '2026-11-22T22:59:59.000Z',
      },
      {
        marketplace: 'DE', order_id: '302-1111111-1111111', line_id: 'MUG-02', title: 'Untersetzer', quantity_units: 1,
        item_price_amount: 19.99, currency_code: 'EUR', order_status: 'unshipped', fulfilment: 'merchant', location_id: null, ship_country_code: 'DE',
        ordered_at: '2026-11-20T08:00:00.000Z', last_updated_at: '2026-11-20T08:05:00.000Z', ship_by_at: '2026-11-22T22:59:59.000Z',
      },
      {
        marketplace: 'DE', order_id: '302-2222222-2222222', line_id: 'GRINDER-01', title: 'Kaffeemühle – Edelstahl', quantity_units: 1,
        item_price_amount: 49.9, currency_code: 'EUR', order_status: 'unshipped', fulfilment: 'merchant', location_id: null, ship_country_code: 'DE',
        // not paid yet: the order date is what the report knew
        ordered_at: '2026-11-21T17:30:00.000Z', last_updated_at: '2026-11-21T17:30:00.000Z', ship_by_at: '2026-11-24T22:59:59.000Z',
      },
    ]);
    wh.close();
  });

  it('keeps the ship-by date when the All Orders report updates the lines, whichever file is loaded first', async () => {
    const update = allOrdersUpdate();
    const query = `select line_id, order_status, last_updated_at, ship_by_at from order_line where order_id = '302-1111111-1111111' order by line_id`;
    const expected = [
      { line_id: 'MUG-01', order_status: 'shipped', last_updated_at: '2026-11-22T14:00:00.000Z', ship_by_at: '2026-11-22T22:59:59.000Z' },
      { line_id: 'MUG-02', order_status: 'shipped', last_updated_at: '2026-11-22T14:00:00.000Z', ship_by_at: '2026-11-22T22:59:59.000Z' },
    ];
    for (const order of [[ORDER_REPORT, update], [update, ORDER_REPORT]]) {
      const wh = await freshWarehouse();
      for (const file of order) await ingest(wh, [file]);
      expect(await rows(wh, query)).toEqual(expected);
      expect(await rows(wh, 'select count(*)::int as n from order_line')).toEqual([{ n: 3 }]);
      wh.close();
    }
  });

  it('rejects a bad quantity and an unreadable ship-by date, naming line and column, and loads the rest', async () => {
    const wh = await freshWarehouse();
    const file = fixture('amazon/merchant_orders_bad_rows.tsv');
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ kind: 'amazon/merchant_orders', rows_read: 3, rows_loaded: 1, rows_rejected: 2 });
    expect(await rejects(wh, file)).toEqual([
      [2, 'quantity-purchased', 'not a whole number', 'zwei'],
      [3, 'latest-ship-date', 'unparseable date', 'next week'],
    ]);
    expect(await rows(wh, 'select order_id from order_line')).toEqual([{ order_id: '302-5555555-5555555' }]);
    wh.close();
  });
});

describe('amazon unshipped orders report', () => {
  it('loads the lines with the promise date as ship-by, shipped when nothing is left to ship, prices unknown', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [UNSHIPPED]);
    expect(summary).toMatchObject({ kind: 'amazon/unshipped_orders', rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
    expect(await rows(wh, 'select order_id, line_id, quantity_units, item_price_amount, order_status, raw_status, last_updated_at, ship_by_at from order_line order by order_id')).toEqual([
      {
        order_id: '113-3333333-3333333', line_id: 'CB-001', quantity_units: 2, item_price_amount: null, order_status: 'unshipped', raw_status: '2 to ship (unshipped orders report)',
        // the report's own time orders it against other versions of the line
        last_updated_at: '2026-11-30T14:00:00.000Z', ship_by_at: '2026-12-01T07:59:59.000Z',
      },
      {
        order_id: '113-4444444-4444444', line_id: 'CB-002', quantity_units: 1, item_price_amount: null, order_status: 'shipped', raw_status: 'shipped (unshipped orders report)',
        last_updated_at: '2026-11-30T14:00:00.000Z', ship_by_at: '2026-11-30T07:59:59.000Z',
      },
    ]);
    wh.close();
  });
});
