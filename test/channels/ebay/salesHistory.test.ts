// eBay's older Selling Manager "Sales History" download: a comma preamble, a header line that
// starts with a tab, Order ID / Item ID / Sale Price for Order Number / Item Number / Sold For,
// combined orders as a summary row plus item rows, and "N record(s) downloaded" footers.
import { fixture, freshWarehouse, ingest, rows } from '../../integration/ingest/helpers';

const FILE = fixture('ebay/sales_history.csv');

describe('ebay selling manager sales history', () => {
  it('loads one order line per item, carrying the combined order’s dates to its items, footers skipped', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [FILE]);
    // the summary row and the two footer lines are not records
    expect(summary).toEqual({ file: FILE, kind: 'ebay/orders', rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
    expect(
      await rows(wh, `select marketplace, order_id, line_id, sku, title, quantity_units, item_price_amount, currency_code, order_status,
        ship_country_code, ordered_at, shipped_at from order_line order by order_id, line_id`),
    ).toEqual([
      {
        marketplace: 'US', order_id: '180000001001', line_id: '110000000001-2000000001', sku: 'MUG-01', title: 'Stoneware Mug', quantity_units: 2,
        // Sale Price is per unit: 2 × $9.50
        item_price_amount: 19, currency_code: 'USD', order_status: 'shipped', ship_country_code: 'US',
        ordered_at: '2026-11-20T00:00:00.000Z', shipped_at: '2026-11-22T00:00:00.000Z',
      },
      {
        marketplace: 'US', order_id: '180000001002', line_id: '110000000002-2000000002', sku: 'CB-001', title: 'Bamboo Board Size: Large', quantity_units: 1,
        // paid (from the summary row), not shipped
        item_price_amount: 20, currency_code: 'USD', order_status: 'unshipped', ship_country_code: 'US',
        ordered_at: '2026-11-21T00:00:00.000Z', shipped_at: null,
      },
      {
        marketplace: 'US', order_id: '180000001002', line_id: '110000000003-2000000003', sku: 'KS-002', title: 'Knife Set', quantity_units: 2,
        item_price_amount: 16, currency_code: 'USD', order_status: 'unshipped', ship_country_code: 'US',
        ordered_at: '2026-11-21T00:00:00.000Z', shipped_at: null,
      },
    ]);
    wh.close();
  });
});
