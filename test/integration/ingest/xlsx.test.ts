import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataError, UsageError } from '../../../pipeline/errors';
import { ingestFile, ingestWorkbook } from '../../../pipeline/ingest';
import { runIngest } from '../../../pipeline/ingest/cli';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { rowsLikeExcel, storedZip, writeWorkbook } from '../../fixtures/ingest/xlsx/workbooks';
import { REAL_FIXTURES } from '../../support/sharedDir';
import { fixture, freshWarehouse, ingest, rejects, rows } from './helpers';

/** A table's rows without the bookkeeping columns that name the file or the load time. */
const ORDER_LINES = 'select * exclude (source_file, loaded_at) from order_line order by channel, order_id, line_id';
const INVENTORY = ['snapshot_date', 'location_id', 'sku', 'on_hand', 'available', 'reserved', 'inbound', 'unfulfillable'];
const RETURNS = ['channel', 'marketplace', 'return_id', 'order_id', 'sku', 'quantity', 'returned_at', 'reason', 'disposition', 'restocked', 'comment', 'refund_amount', 'currency'];
const date = (iso: string, numFmt = 'yyyy-mm-dd') => ({ value: new Date(`${iso}Z`), numFmt });

describe('ingest of Excel workbooks (.xlsx)', () => {
  let dir: string;
  const open: DuckWarehouse[] = [];
  const warehouse = async () => {
    const wh = await freshWarehouse();
    open.push(wh);
    return wh;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-xlsx-'));
  });
  afterEach(() => {
    for (const wh of open.splice(0)) wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a Shopify orders export saved as .xlsx to the same rows and rejects as its CSV', async () => {
    const csv = fixture('shopify/orders_export.csv');
    const xlsx = join(dir, 'orders_export.xlsx');
    await writeWorkbook(xlsx, [{ name: 'orders_export', rows: rowsLikeExcel(csv, ',') }]);
    const fromCsv = await warehouse();
    const fromXlsx = await warehouse();
    const [csvSummary] = await ingest(fromCsv, [csv]);
    const xlsxSummaries = await ingest(fromXlsx, [xlsx]);
    expect(xlsxSummaries).toEqual([{ ...csvSummary, file: `${xlsx}#orders_export` }]);
    expect(await rows(fromXlsx, ORDER_LINES)).toEqual(await rows(fromCsv, ORDER_LINES));
    // The multi-line Notes cell of row 2 does not shift the rows after it: the line without a SKU is row 6.
    expect(await rejects(fromXlsx, `${resolve(xlsx)}#orders_export`)).toEqual([[6, 'lineitem sku', 'missing lineitem sku', null]]);
    expect(await rejects(fromCsv, resolve(csv))).toEqual([[6, 'lineitem sku', 'missing lineitem sku', null]]);
    expect(await rows(fromXlsx, 'select distinct source_file from order_line')).toEqual([{ source_file: `${resolve(xlsx)}#orders_export` }]);
  });

  it.each([
    ['shopify/orders_export_dev_store_snowboards.csv', ORDER_LINES],
    ['shopify/inventory_export_per_location_column_HEAD60.csv', 'select * exclude (source_file, loaded_at) from inventory_snapshot order by all'],
  ])('loads the real export %s re-saved as .xlsx like the export itself', async (name, table) => {
    const csv = join(REAL_FIXTURES, name);
    const xlsx = join(dir, 'real.xlsx');
    await writeWorkbook(xlsx, [{ name: 'Export', rows: rowsLikeExcel(csv, ',') }]);
    const fromCsv = await warehouse();
    const fromXlsx = await warehouse();
    const options = { snapshotDate: '2025-06-30' };
    const [csvSummary] = await ingest(fromCsv, [csv], options);
    expect(await ingest(fromXlsx, [xlsx], options)).toEqual([{ ...csvSummary, file: `${xlsx}#Export` }]);
    expect(await rows(fromXlsx, table)).toEqual(await rows(fromCsv, table));
    expect(await rejects(fromXlsx, `${resolve(xlsx)}#Export`)).toEqual(await rejects(fromCsv, resolve(csv)));
  });

  it('recognises an Amazon All Orders TSV re-saved in Excel and loads what the TSV loads', async () => {
    const tsv = fixture('amazon/all_orders.tsv');
    const xlsx = join(dir, 'all_orders.xlsx');
    await writeWorkbook(xlsx, [{ name: 'all_orders', rows: rowsLikeExcel(tsv, '\t') }]);
    const fromTsv = await warehouse();
    const fromXlsx = await warehouse();
    const [tsvSummary] = await ingest(fromTsv, [tsv]);
    expect(await ingest(fromXlsx, [xlsx])).toEqual([{ ...tsvSummary, file: `${xlsx}#all_orders` }]);
    expect(await rows(fromXlsx, ORDER_LINES)).toEqual(await rows(fromTsv, ORDER_LINES));
  });

  it('loads a 3PL stock report and AliExpress returns through the templates, with cells typed as Excel dates', async () => {
    const xlsx = join(dir, 'warehouse_week.xlsx');
    await writeWorkbook(xlsx, [
      {
        name: 'Stock',
        rows: [
          INVENTORY,
          [date('2024-12-31T00:00:00'), '3PL-UK-1', 'CB-001', 250, 240, 10, 0, 0],
          [date('2024-12-31T00:00:00', 'dd/mm/yyyy'), '3PL-UK-1', 'KS-002', 7, 7, null, 12, null],
        ],
      },
      {
        name: 'AliExpress returns',
        rows: [
          RETURNS,
          ['aliexpress', 'US', 'AE-R-1', 8180000000000001, 'CB-001', 1, date('2025-01-05T09:30:00', 'yyyy-mm-dd hh:mm'), 'Item not as described', 'sellable', null, null, 12.5, 'USD'],
        ],
      },
    ]);
    const wh = await warehouse();
    const summaries = await ingest(wh, [xlsx]);
    expect(summaries).toEqual([
      { file: `${xlsx}#Stock`, kind: 'crossdock/inventory', rows_read: 2, rows_loaded: 2, rows_rejected: 0 },
      { file: `${xlsx}#AliExpress returns`, kind: 'crossdock/returns', rows_read: 1, rows_loaded: 1, rows_rejected: 0 },
    ]);
    expect(
      await rows(wh, "select strftime(snapshot_date, '%Y-%m-%d') as day, sku, on_hand_units as on_hand, available_units as available, reserved_units as reserved, inbound_units as inbound from inventory_snapshot order by sku"),
    ).toEqual([
      { day: '2024-12-31', sku: 'CB-001', on_hand: 250, available: 240, reserved: 10, inbound: 0 },
      { day: '2024-12-31', sku: 'KS-002', on_hand: 7, available: 7, reserved: 0, inbound: 12 },
    ]);
    expect(
      await rows(wh, "select channel, order_id, strftime(returned_at, '%Y-%m-%d %H:%M:%S') as returned, is_restocked, cast(refund_amount as double) as refund from return_line"),
    ).toEqual([{ channel: 'aliexpress', order_id: '8180000000000001', returned: '2025-01-05 09:30:00', is_restocked: true, refund: 12.5 }]);
  });

  it('rejects a bad cell naming the workbook and sheet, the sheet row and the column, and loads the rest', async () => {
    const xlsx = join(dir, 'stock.xlsx');
    const good = (sku: string) => [date('2024-12-31T00:00:00'), 'OWN-CN-SZ', sku, 5, 5];
    await writeWorkbook(xlsx, [
      {
        name: 'Stock',
        rows: [
          ['Shenzhen warehouse', 'stock at end of day'],
          null,
          INVENTORY.slice(0, 5),
          good('A-1'),
          ...Array.from({ length: 7 }, (_, i) => (i === 3 ? null : good(`B-${i}`))),
          [date('2024-12-31T00:00:00'), 'OWN-CN-SZ', 'C-1', 'twelve', 5], // sheet row 12
          good('D-1'),
        ],
      },
    ]);
    const wh = await warehouse();
    expect(await ingest(wh, [xlsx])).toEqual([{ file: `${xlsx}#Stock`, kind: 'crossdock/inventory', rows_read: 9, rows_loaded: 8, rows_rejected: 1 }]);
    expect(await rejects(wh, `${resolve(xlsx)}#Stock`)).toEqual([[12, 'on_hand', 'not a whole number', 'twelve']]);
    expect(await rows(wh, 'select count(*) as n from inventory_snapshot')).toEqual([{ n: 8 }]);
  });

  it('loads the sheet that is a report and skips the one that is not', async () => {
    const xlsx = join(dir, 'two_sheets.xlsx');
    await writeWorkbook(xlsx, [
      { name: 'Read me', rows: [['How to use this file', 'Fill in the Stock sheet']] },
      { name: 'Stock', rows: [INVENTORY.slice(0, 5), [date('2024-12-31T00:00:00'), 'OWN', 'A-1', 1, 1]] },
    ]);
    const wh = await warehouse();
    expect(await ingest(wh, [xlsx])).toEqual([{ file: `${xlsx}#Stock`, kind: 'crossdock/inventory', rows_read: 1, rows_loaded: 1, rows_rejected: 0 }]);
  });

  it('refuses a workbook none of whose sheets is a report, naming each sheet', async () => {
    const xlsx = join(dir, 'aliexpress_orders.xlsx');
    await writeWorkbook(xlsx, [
      { name: 'Orders', rows: [['Order ID', 'Order Status', 'Product Information', 'Quantity'], ['8180000000000001', 'Finished', 'Board', 1]] },
      { name: 'Summary', rows: [['sku', 'quantity'], ['A-1', 3]] },
    ]);
    const wh = await warehouse();
    const attempt = ingest(wh, [xlsx]);
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toMatchObject({ code: 'CD_INGEST_UNKNOWN_REPORT' });
    await expect(attempt).rejects.toThrow(
      new RegExp(`^${xlsx.replace(/[.]/g, '\\.')}: no sheet of this workbook is a supported report\\. .*sheet "Orders": the header matches no supported report.* sheet "Summary": the header matches no supported report`),
    );
  });

  it('refuses a workbook whose only data is on hidden sheets, naming them', async () => {
    const xlsx = join(dir, 'hidden.xlsx');
    await writeWorkbook(xlsx, [
      { name: 'Stock', state: 'hidden', rows: [INVENTORY.slice(0, 5), [date('2024-12-31T00:00:00'), 'OWN', 'A-1', 1, 1]] },
      { name: 'Sheet1', rows: [] },
    ]);
    const wh = await warehouse();
    await expect(ingest(wh, [xlsx])).rejects.toThrow(`${xlsx}: this workbook has no visible sheet with data (sheets: "Stock" (hidden), "Sheet1" (empty)); nothing was loaded.`);
  });

  it('changes nothing but the run log when the same workbook is loaded again', async () => {
    const xlsx = join(dir, 'stock.xlsx');
    await writeWorkbook(xlsx, [{ name: 'Stock', rows: [INVENTORY.slice(0, 5), [date('2024-12-31T00:00:00'), 'OWN', 'A-1', 1, 1], [date('2024-12-31T00:00:00'), 'OWN', 'A-2', -1, 1]] }]);
    const wh = await warehouse();
    const counts = `select (select count(*) from inventory_snapshot) as snapshots, (select count(*) from rejected_row) as rejects,
      (select count(*) from ingested_file) as files, (select max(file_path) from ingested_file) as path`;
    const first = await ingest(wh, [xlsx]);
    const once = await rows(wh, counts);
    expect(await ingest(wh, [xlsx])).toEqual(first);
    expect(await rows(wh, counts)).toEqual(once);
    expect(once).toEqual([{ snapshots: 1, rejects: 1, files: 1, path: `${resolve(xlsx)}#Stock` }]);
  });

  it('loads the workbooks in a folder with the CSVs, skipping Excel lock files', async () => {
    await writeWorkbook(join(dir, 'b_stock.xlsx'), [{ name: 'Stock', rows: [INVENTORY.slice(0, 5), [date('2024-12-31T00:00:00'), 'OWN', 'A-1', 1, 1]] }]);
    writeFileSync(join(dir, '~$b_stock.xlsx'), Buffer.from([0x05, 0x00, 0x41, 0x00])); // Excel's owner file while it is open
    writeFileSync(join(dir, 'a_skus.csv'), 'sku,unit_cost,cost_currency,lead_time_days\nA-1,2.50,USD,30\n');
    const wh = await warehouse();
    expect((await ingest(wh, [dir])).map((s) => [s.file, s.kind])).toEqual([
      [join(dir, 'a_skus.csv'), 'crossdock/skus'],
      [`${join(dir, 'b_stock.xlsx')}#Stock`, 'crossdock/inventory'],
    ]);
  });

  it('refuses a damaged workbook, an .xls, a password-protected workbook and a plain zip with what to do', async () => {
    const cut = join(dir, 'cut.xlsx');
    writeFileSync(cut, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(60)]));
    // OLE2 compound files: a directory naming "Workbook" (.xls) or "EncryptedPackage" (an encrypted .xlsx).
    const ole2 = (stream: string) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(64)]);
    const xls = join(dir, 'old.xls');
    writeFileSync(xls, ole2('Workbook'));
    const locked = join(dir, 'locked.xlsx');
    writeFileSync(locked, ole2('EncryptedPackage'));
    const zipped = join(dir, 'reports.zip');
    writeFileSync(zipped, storedZip({ 'skus.csv': 'sku,unit_cost,cost_currency,lead_time_days\nA-1,2.50,USD,30\n' }));
    const wh = await warehouse();
    await expect(ingest(wh, [cut])).rejects.toMatchObject({ code: 'CD_INGEST_XLSX_UNREADABLE', message: expect.stringMatching(/^.*cut\.xlsx: could not be read as an Excel workbook/) });
    await expect(ingest(wh, [xls])).rejects.toMatchObject({ code: 'CD_INGEST_XLS_UNSUPPORTED', message: expect.stringMatching(/old\.xls: this is an Excel 97–2003 workbook \(\.xls\).*save it as Excel Workbook \(\.xlsx\) or CSV UTF-8/) });
    await expect(ingest(wh, [locked])).rejects.toMatchObject({ code: 'CD_INGEST_XLSX_ENCRYPTED', message: expect.stringMatching(/locked\.xlsx: this workbook is protected with a password/) });
    await expect(ingest(wh, [zipped])).rejects.toMatchObject({ code: 'CD_INGEST_UNKNOWN_REPORT', message: expect.stringMatching(/reports\.zip: this is a zip archive without an Excel \(\.xlsx\) workbook in it: unzip it/) });
    expect(await rows(wh, "select count(*) as n from pipeline_run where run_kind = 'ingest'")).toEqual([{ n: 0 }]);
  });

  it('prints one --json line per loaded sheet on the command line', async () => {
    const xlsx = join(dir, 'two_reports.xlsx');
    await writeWorkbook(xlsx, [
      { name: 'Stock', rows: [INVENTORY.slice(0, 5), [date('2024-12-31T00:00:00'), 'OWN', 'A-1', 1, 1]] },
      { name: 'SKUs', rows: [['sku', 'unit_cost', 'cost_currency', 'lead_time_days'], ['A-1', 2.5, 'USD', 30], ['A-2', 'n/a', 'USD', 30]] },
    ]);
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    try {
      await runIngest([xlsx], { db: join(dir, 'cli.duckdb'), json: true });
    } finally {
      write.mockRestore();
    }
    expect(printed.map((line) => JSON.parse(line))).toEqual([
      { file: `${xlsx}#Stock`, kind: 'crossdock/inventory', rows_read: 1, rows_loaded: 1, rows_rejected: 0 },
      { file: `${xlsx}#SKUs`, kind: 'crossdock/skus', rows_read: 2, rows_loaded: 1, rows_rejected: 1 },
    ]);
  });

  it('asks for ingestWorkbook when ingestFile is given a workbook, and checks expectKind per sheet', async () => {
    const xlsx = join(dir, 'stock.xlsx');
    await writeWorkbook(xlsx, [{ name: 'Stock', rows: [INVENTORY.slice(0, 5), [date('2024-12-31T00:00:00'), 'OWN', 'A-1', 1, 1]] }]);
    const wh = await warehouse();
    await expect(ingestFile(wh, xlsx)).rejects.toBeInstanceOf(UsageError);
    await expect(ingestWorkbook(wh, xlsx, { expectKind: 'amazon/all_orders' })).rejects.toMatchObject({ code: 'CD_INGEST_UNEXPECTED_KIND' });
    expect(await ingestWorkbook(wh, xlsx, { expectKind: 'crossdock/inventory' })).toHaveLength(1);
  });
});
