import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, freshWarehouse, ingest, rows } from '../../integration/ingest/helpers';

describe('ebay seller hub orders report', () => {
  it('skips the preamble, padding row, multi-item summary row and footer lines, counting only item rows', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('ebay/orders_report.csv')]);
    // 1 single-item order, 1 two-item order (summary row not counted), 1 EUR order, 1 AUD order
    expect(summary).toEqual({ file: fixture('ebay/orders_report.csv'), kind: 'ebay/orders', rows_read: 5, rows_loaded: 5, rows_rejected: 0 });
    wh.close();
  });

  it('reads a report whose preamble ends in CRLF and whose rows in LF (before: 0 rows, no error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-mixed-'));
    const file = join(dir, 'orders.csv');
    const lines = readFileSync(fixture('ebay/orders_report.csv'), 'latin1').replace(/\r\n/g, '\n').split('\n');
    writeFileSync(file, `${lines[0]}\r\n${lines.slice(1).join('\n')}`, 'latin1');
    const wh = await freshWarehouse();
    try {
      const [summary] = await ingest(wh, [file]);
      expect(summary).toMatchObject({ kind: 'ebay/orders', rows_read: 5, rows_loaded: 5, rows_rejected: 0 });
      expect(await rows(wh, "select count(*) as n from order_line where sku like '%\r%' or order_id like '%\r%'")).toEqual([{ n: 0 }]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carries the order number and dates of a summary row to its item rows', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('ebay/orders_report.csv')]);
    expect(await rows(wh, "select order_id, line_id, sku, quantity_units, item_price_amount, order_status, ordered_at, ship_country_code from order_line where order_id = '12-22222-22222' order by line_id")).toEqual([
      { order_id: '12-22222-22222', line_id: '110000000002-2000000002', sku: 'KS-002', quantity_units: 2, item_price_amount: 90, order_status: 'unshipped', ordered_at: '2024-11-28T00:00:00.000Z', ship_country_code: 'US' },
      { order_id: '12-22222-22222', line_id: '110000000003-2000000003', sku: 'AP-003', quantity_units: 1, item_price_amount: 29.97, order_status: 'unshipped', ordered_at: '2024-11-28T00:00:00.000Z', ship_country_code: 'US' },
    ]);
    wh.close();
  });

  it('reads $, EUR with a decimal comma and AU $ with thousands separators, and the site from the currency', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('ebay/orders_report.csv')]);
    expect(await rows(wh, "select order_id, marketplace, currency_code, item_price_amount, order_status, shipped_at, ordered_at from order_line where order_id in ('12-11111-11111', '12-33333-33333', '12-44444-44444') order by 1")).toEqual([
      { order_id: '12-11111-11111', marketplace: 'US', currency_code: 'USD', item_price_amount: 29.99, order_status: 'shipped', shipped_at: '2024-11-27T00:00:00.000Z', ordered_at: '2024-11-26T00:00:00.000Z' },
      { order_id: '12-33333-33333', marketplace: 'DE', currency_code: 'EUR', item_price_amount: 27.5, order_status: 'unshipped', shipped_at: null, ordered_at: '2024-12-01T00:00:00.000Z' },
      { order_id: '12-44444-44444', marketplace: 'AU', currency_code: 'AUD', item_price_amount: 3000, order_status: 'pending', shipped_at: null, ordered_at: '2024-12-02T14:05:00.000Z' },
    ]);
    wh.close();
  });
});
