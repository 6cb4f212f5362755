// The real exports in ../shared/fixtures/real (never copied into this repository). Expected
// numbers were counted independently of this code (awk / Python csv over the files):
// - snowboards orders export: 40 line items, quantity 1 each; only 2 carry a Lineitem sku
//   ("sku-untracked-1", 949.95 EUR each, orders #1006 line 2 and #1012 line 1);
// - INR test store export: 2 line items, both without SKU;
// - per-state inventory export: 67 rows, every SKU cell empty;
// - per-location-column inventory export (head 60): 60 variants, one location POPTOYS, sum 1,191;
// - the Airbyte Amazon files and the eBay orders header hold header lines only.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../pipeline/errors';
import { ingestPaths } from '../../pipeline/ingest';
import { DuckWarehouse } from '../../pipeline/warehouse/duckdb';
import { REAL_FIXTURES } from '../support/sharedDir';

const REAL = REAL_FIXTURES;
const real = (...parts: string[]) => join(REAL, ...parts);

async function load(file: string, options = {}) {
  const wh = await DuckWarehouse.open(':memory:');
  const [summary] = await ingestPaths(wh, [file], options);
  return { wh, summary };
}

describe('real Shopify exports', () => {
  it('loads the snowboards orders export: 40 lines read, the 2 with a SKU loaded, 38 refused for a missing SKU', async () => {
    const { wh, summary } = await load(real('shopify/orders_export_dev_store_snowboards.csv'));
    expect(summary).toMatchObject({ kind: 'shopify/orders', rows_read: 40, rows_loaded: 2, rows_rejected: 38 });
    expect(await wh.all('select order_id, line_id, sku, quantity_units, item_price_amount, currency_code, order_status, ordered_at from order_line order by order_id')).toEqual([
      { order_id: '#1006', line_id: '2', sku: 'sku-untracked-1', quantity_units: 1, item_price_amount: 949.95, currency_code: 'EUR', order_status: 'shipped', ordered_at: '2025-05-13T12:21:24.000Z' },
      { order_id: '#1012', line_id: '1', sku: 'sku-untracked-1', quantity_units: 1, item_price_amount: 949.95, currency_code: 'EUR', order_status: 'shipped', ordered_at: '2025-05-13T20:17:18.000Z' },
    ]);
    expect(await wh.all("select reason, count(*) as n from rejected_row group by reason")).toEqual([{ reason: 'missing lineitem sku', n: 38 }]);
    wh.close();
  });

  it('refuses both lines of the INR test store export for a missing SKU', async () => {
    const { wh, summary } = await load(real('shopify/orders_export_test_store_inr_gst.csv'));
    expect(summary).toMatchObject({ kind: 'shopify/orders', rows_read: 2, rows_loaded: 0, rows_rejected: 2 });
    wh.close();
  });

  it('reads the per-state inventory export and refuses its 67 rows, whose SKU cells are empty', async () => {
    const { wh, summary } = await load(real('shopify/inventory_export_per_state_columns.csv'), { snapshotDate: '2025-06-30' });
    expect(summary).toMatchObject({ kind: 'shopify/inventory', rows_read: 67, rows_loaded: 0, rows_rejected: 67 });
    wh.close();
  });

  it('loads the per-location-column inventory export: 60 variants at POPTOYS, 1,191 units', async () => {
    const { wh, summary } = await load(real('shopify/inventory_export_per_location_column_HEAD60.csv'), { snapshotDate: '2025-06-30' });
    expect(summary).toMatchObject({ kind: 'shopify/inventory_by_location', rows_read: 60, rows_loaded: 60, rows_rejected: 0 });
    expect(await wh.all('select location_id, count(distinct sku) as skus, sum(on_hand_units) as units from inventory_snapshot group by 1')).toEqual([
      { location_id: 'POPTOYS', skus: 60, units: 1191 },
    ]);
    wh.close();
  });
});

describe('real header-only Amazon and eBay files', () => {
  it.each([
    ['amazon/airbyte_GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA.header.tsv', 'amazon/fba_inventory'],
    ['amazon/airbyte_GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA.header.tsv', 'amazon/fba_returns'],
    ['amazon/airbyte_GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE.header.tsv', 'amazon/all_orders'],
    ['ebay/orders_report_header_only.csv', 'ebay/orders'],
  ])('recognises %s as %s with no records (repeated header lines are not rows)', async (file, kind) => {
    const { wh, summary } = await load(real(file), { snapshotDate: '2025-06-30' });
    expect(summary).toMatchObject({ kind, rows_read: 0, rows_loaded: 0, rows_rejected: 0 });
    wh.close();
  });
});

describe('real files of kinds Crossdock does not load', () => {
  const SUPPORTED = new Set([
    'shopify/orders_export_dev_store_snowboards.csv', 'shopify/orders_export_test_store_inr_gst.csv', 'shopify/inventory_export_per_state_columns.csv',
    'shopify/inventory_export_per_location_column_HEAD60.csv', 'amazon/airbyte_GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA.header.tsv',
    'amazon/airbyte_GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA.header.tsv', 'amazon/airbyte_GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE.header.tsv',
    'ebay/orders_report_header_only.csv',
    // loaded by test/channels/amazon/inventoryLedger.test.ts and test/channels/ebay/transactionReport.test.ts
    'amazon/airbyte_GET_LEDGER_DETAIL_VIEW_DATA.tsv', 'ebay/transaction_report_preamble_and_header_only.csv',
  ]);
  const others = ['amazon', 'ebay', 'shopify']
    .flatMap((dir) => readdirSync(real(dir)).map((name) => `${dir}/${name}`))
    .filter((file) => statSync(real(file)).isFile() && !SUPPORTED.has(file));

  it('covers the unsupported real files', () => {
    expect(others).toEqual(expect.arrayContaining(['shopify/products_export_demo_store.csv']));
  });

  it.each(others)('refuses %s with the closest kind and its missing columns', async (file) => {
    const wh = await DuckWarehouse.open(':memory:');
    const attempt = ingestPaths(wh, [real(file)]);
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toThrow(/matches no supported report(\. The closest known kind is .+ (which lacks column\(s\): .+|whose columns it has, but also .+)|: no known kind has most of its columns|: the file has no line with columns separated)/);
    wh.close();
  });
});
