// Files of one layout load together (pipeline/ingest/batch.ts). What lands must be what loading
// them one by one lands: the same rows, the same rejects (file, line, field), the same summaries
// and bookkeeping; a bad file costs only itself; a rerun changes nothing.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_ORDERS_COLUMNS, writeAllOrdersTsv } from '../../../pipeline/bench/ingest';
import { expandPaths, FileResult, ingestEach, ingestPaths } from '../../../pipeline/ingest';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { fixture } from './helpers';

const TABLES = ['location', 'sku', 'listing', 'order_line', 'return_line', 'inventory_snapshot', 'fx_rate', 'order_fee', 'fba_ledger_event'];

const json = (rows: unknown[]) => rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));

/** Everything a load leaves, but load times and run ids. */
async function stored(wh: DuckWarehouse): Promise<Record<string, string[]>> {
  const state: Record<string, string[]> = {};
  for (const table of TABLES) state[table] = json(await wh.all(`select * exclude (loaded_at) from ${table} order by all`));
  state.rejected_row = json(await wh.all('select source_file, report_kind, line_number, field, reason, raw_value from rejected_row order by all'));
  state.ingested_file = json(await wh.all('select file_sha256, file_path, report_kind, file_bytes, rows_read, rows_loaded, rows_rejected from ingested_file order by all'));
  state.pipeline_run = json(await wh.all("select stream, run_status, rows_read, rows_loaded, rows_rejected from pipeline_run where run_kind = 'ingest' order by all"));
  return state;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cd-batch-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function allOrdersText(lines: Array<Record<string, string>>): string {
  return [ALL_ORDERS_COLUMNS.join('\t'), ...lines.map((line) => ALL_ORDERS_COLUMNS.map((c) => line[c] ?? '').join('\t'))].join('\n') + '\n';
}

const order = (id: string, updated: string, quantity: string, price: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'amazon-order-id': id, 'purchase-date': '2025-01-10T10:00:00+00:00', 'last-updated-date': updated, 'order-status': 'Shipped',
  'fulfillment-channel': 'Amazon', 'sales-channel': 'Amazon.com', sku: 'CB-001', 'item-status': 'Shipped', quantity, currency: 'USD',
  'item-price': price, ...extra,
});

/**
 * A folder of several files per kind that share keys: newer and older versions of one order
 * line across files, a field one file leaves empty, a duplicate inside a file, bad rows, a file
 * repeating another's bytes; Shopify and eBay exports (staged: carry-down by order) whose orders
 * appear in two files; settlement reports (fee ids numbered within a file).
 */
function mixedFolder(): string {
  const dir = tempDir();
  const orders = join(dir, 'amazon');
  mkdirSync(orders);
  copyFileSync(fixture('amazon/all_orders.tsv'), join(orders, 'a1.tsv'));
  copyFileSync(fixture('amazon/all_orders_bad_rows.tsv'), join(orders, 'a2.tsv'));
  writeFileSync(
    join(orders, 'a3.tsv'),
    allOrdersText([
      order('111-0000100-0000100', '2025-01-12T00:00:00+00:00', '3', '30.00'),
      order('111-0000101-0000101', '2025-01-12T00:00:00+00:00', '1', '12.00', { 'ship-country': 'US' }),
      order('111-0000101-0000101', '2025-01-11T00:00:00+00:00', '9', '99.00'),
      order('111-0000102-0000102', '2025-01-15T00:00:00+00:00', '2', '20.00'),
      order('111-0000103-0000103', 'not a date', '1', '5.00'),
    ]),
  );
  writeFileSync(
    join(orders, 'a4.tsv'),
    allOrdersText([
      // older than a3's: loses, but fills the ship country a3 left empty
      order('111-0000100-0000100', '2025-01-11T00:00:00+00:00', '1', '10.00', { 'ship-country': 'DE' }),
      // newer: wins, and keeps a3's ship country, which it lacks
      order('111-0000101-0000101', '2025-01-13T00:00:00+00:00', '4', '48.00'),
      // as new as a3's: the later file wins, its empty price filled from a3's
      order('111-0000102-0000102', '2025-01-15T00:00:00+00:00', '5', ''),
      order('111-0000104-0000104', '2025-01-14T00:00:00+00:00', '-1', '5.00'),
    ]),
  );
  copyFileSync(join(orders, 'a1.tsv'), join(orders, 'a5-same-bytes-as-a1.tsv'));

  const shopify = join(dir, 'shopify');
  mkdirSync(shopify);
  // (The fixture ends lines with CRLF, and a quoted field with LF: such a file loads alone, from a
  // normalised copy. s1 and s2 end every line with LF and load together.)
  const fixtureText = readFileSync(fixture('shopify/orders_export.csv'), 'utf8');
  const export1 = fixtureText.replace(/\r\n/g, '\n');
  writeFileSync(join(shopify, 's1.csv'), export1);
  // the same orders exported again later: #2001's first line now says refunded, its second line has another quantity
  writeFileSync(join(shopify, 's2.csv'), export1.replace('#2001,a@example.com,paid,', '#2001,a@example.com,refunded,').replace(',1,Knife Set,45.01,', ',3,Knife Set,45.01,'));
  writeFileSync(join(shopify, 's3.csv'), fixtureText);

  const ebay = join(dir, 'ebay');
  mkdirSync(ebay);
  const report = readFileSync(fixture('ebay/orders_report.csv'), 'utf8');
  writeFileSync(join(ebay, 'e1.csv'), report);
  writeFileSync(join(ebay, 'e2.csv'), report.replace(/\$/g, 'US $'));

  // Reshaped reports (one row per fee cell; one per SKU × location column)
  copyFileSync(fixture('ebay/transaction-report.csv'), join(ebay, 'x1.csv'));
  copyFileSync(fixture('ebay/transaction-report.csv'), join(ebay, 'x2.csv'));
  copyFileSync(fixture('shopify/inventory_export_by_location.csv'), join(shopify, 'l1.csv'));
  copyFileSync(fixture('shopify/inventory_export_by_location_duplicates.csv'), join(shopify, 'l2.csv'));

  const settlement = join(dir, 'settlement');
  mkdirSync(settlement);
  copyFileSync(fixture('amazon/settlement.tsv'), join(settlement, 't1.tsv'));
  copyFileSync(fixture('amazon/settlement_bad_rows.tsv'), join(settlement, 't2.tsv'));
  copyFileSync(fixture('amazon/settlement.tsv'), join(settlement, 't3.tsv'));

  const crossdock = join(dir, 'crossdock');
  mkdirSync(crossdock);
  copyFileSync(fixture('crossdock/returns.csv'), join(crossdock, 'r1.csv'));
  writeFileSync(join(crossdock, 'r2.csv'), readFileSync(fixture('crossdock/returns.csv'), 'utf8').replace(/\nshopify,/, '\nnot-a-channel,'));
  return dir;
}

/** Loads each file of the folders alone, in the order a folder load takes them. */
async function oneByOne(wh: DuckWarehouse, paths: string[]) {
  const summaries = [];
  for (const file of expandPaths(paths)) summaries.push(...(await ingestPaths(wh, [file], { snapshotDate: '2025-01-31' })));
  return summaries;
}

describe('loading several files of one kind together', () => {
  let folder: string;
  beforeAll(() => {
    folder = mixedFolder();
  });

  it('stores the same rows, rejects and summaries as loading the files one by one', async () => {
    const batched = await DuckWarehouse.open(':memory:');
    const alone = await DuckWarehouse.open(':memory:');
    try {
      const together = await ingestPaths(batched, [folder], { snapshotDate: '2025-01-31' });
      const separately = await oneByOne(alone, [folder]);
      expect(together).toEqual(separately);
      expect(together.some((s) => s.rows_rejected > 0)).toBe(true);
      const [a, b] = [await stored(batched), await stored(alone)];
      for (const table of Object.keys(a)) expect({ table, rows: a[table] }).toEqual({ table, rows: b[table] });
      // The files of a kind landed together (one start time a batch), not one by one.
      const starts = await batched.all<{ stream: string; files: number; starts: number }>(
        "select stream, count(*) as files, count(distinct started_at) as starts from pipeline_run where run_kind = 'ingest' group by stream order by stream",
      );
      expect(starts).toEqual([
        { stream: 'amazon/all_orders', files: 5, starts: 1 },
        { stream: 'amazon/settlement', files: 3, starts: 1 },
        { stream: 'crossdock/returns', files: 2, starts: 1 },
        { stream: 'ebay/orders', files: 2, starts: 1 },
        { stream: 'ebay/transaction_report', files: 2, starts: 1 },
        { stream: 'shopify/inventory_by_location', files: 2, starts: 1 },
        { stream: 'shopify/orders', files: 3, starts: 2 },
      ]);
    } finally {
      batched.close();
      alone.close();
    }
  });

  it('names the file, line and field of every reject, as a file loaded alone does', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    try {
      await ingestPaths(wh, [folder], { snapshotDate: '2025-01-31' });
      const rejected = await wh.all<{ file: string; line_number: number; field: string; reason: string }>(
        `select regexp_extract(source_file, '[^/]+$') as file, line_number, field, reason from rejected_row
         where source_file like '%/amazon/a%' or source_file like '%/crossdock/r%' order by file, line_number, field`,
      );
      expect(rejected).toEqual(
        expect.arrayContaining([
          { file: 'a2.tsv', line_number: 2, field: 'purchase-date', reason: 'unparseable date' },
          { file: 'a2.tsv', line_number: 3, field: 'quantity', reason: 'not a whole number' },
          { file: 'a3.tsv', line_number: 6, field: 'last-updated-date', reason: 'unparseable date' },
          { file: 'a4.tsv', line_number: 5, field: 'quantity', reason: 'negative quantity' },
          expect.objectContaining({ file: 'r1.csv', field: 'returned_at', reason: 'unparseable date' }),
          expect.objectContaining({ file: 'r2.csv', field: 'channel' }),
          expect.objectContaining({ file: 'r2.csv', field: 'returned_at', reason: 'unparseable date' }),
        ]),
      );
      expect(rejected.filter((r) => r.file === 'a1.tsv')).toEqual([]);
    } finally {
      wh.close();
    }
  });

  it('applies the load-order rules across the files of a batch: newer rows win, nulls are backfilled', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    try {
      await ingestPaths(wh, [join(folder, 'amazon')]);
      const lines = await wh.all<{ order_id: string; quantity_units: number; item_price_amount: number | null; ship_country_code: string | null; file: string }>(
        `select order_id, quantity_units, item_price_amount, ship_country_code, regexp_extract(source_file, '[^/]+$') as file
         from order_line where order_id between '111-0000100' and '111-0000102-9' order by order_id`,
      );
      expect(lines).toEqual([
        { order_id: '111-0000100-0000100', quantity_units: 3, item_price_amount: 30, ship_country_code: 'DE', file: 'a3.tsv' },
        { order_id: '111-0000101-0000101', quantity_units: 4, item_price_amount: 48, ship_country_code: 'US', file: 'a4.tsv' },
        { order_id: '111-0000102-0000102', quantity_units: 5, item_price_amount: 20, ship_country_code: null, file: 'a4.tsv' },
      ]);
    } finally {
      wh.close();
    }
  });

  it('changes nothing but the run log when the same files are loaded again', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    try {
      const first = await ingestPaths(wh, [folder], { snapshotDate: '2025-01-31' });
      const once = await stored(wh);
      const second = await ingestPaths(wh, [folder], { snapshotDate: '2025-01-31' });
      expect(second).toEqual(first);
      const twice = await stored(wh);
      for (const table of Object.keys(once)) {
        if (table === 'pipeline_run') expect(twice[table].length).toBe(2 * once[table].length);
        else expect({ table, rows: twice[table] }).toEqual({ table, rows: once[table] });
      }
    } finally {
      wh.close();
    }
  });
});

describe('a bad file among files of one kind', () => {
  let dir: string;
  let good1: string;
  let bad: string;
  let good2: string;
  beforeAll(async () => {
    dir = tempDir();
    good1 = join(dir, '1-good.tsv');
    bad = join(dir, '2-bad.tsv');
    good2 = join(dir, '3-good.tsv');
    writeFileSync(good1, allOrdersText([order('111-0000201-0000201', '2025-01-12T00:00:00+00:00', '1', '10.00'), order('111-0000202-0000202', '2025-01-12T00:00:00+00:00', '2', '20.00')]));
    // Valid UTF-8 for the first megabytes (what detection reads), then a byte that is not.
    await writeAllOrdersTsv(bad, 20_000);
    appendFileSync(bad, Buffer.concat([Buffer.from('111-9999999-9999999\t\t2025-01-10T10:00:00+00:00\t\tShipped\tAmazon\tAmazon.com\t\t\t\tBad \xff', 'latin1'), Buffer.from('\tCB-001\t\tShipped\t1\tUSD\t1.00' + '\t'.repeat(16) + '\n')]));
    writeFileSync(good2, allOrdersText([order('111-0000203-0000203', '2025-01-12T00:00:00+00:00', '3', '30.00')]));
  });

  const fileRows = (wh: DuckWarehouse, path: string) => wh.all<{ n: number }>('select count(*) as n from order_line where source_file = $1', [path]).then((r) => Number(r[0].n));

  it('loads the other files whole and nothing of the bad one', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    try {
      const results: FileResult[] = [];
      await ingestEach(wh, [good1, bad, good2], {}, (result) => void results.push(result));
      expect(results.map((r) => ('error' in r ? `${r.file}: ${(r.error as { code?: string }).code}` : `${r.file}: ${r.summaries[0].rows_loaded}`))).toEqual([
        `${good1}: 2`,
        `${bad}: CD_INGEST_UNREADABLE`,
        `${good2}: 1`,
      ]);
      expect([await fileRows(wh, good1), await fileRows(wh, bad), await fileRows(wh, good2)]).toEqual([2, 0, 1]);
      expect(await wh.all('select file_path from ingested_file order by file_path')).toEqual([{ file_path: good1 }, { file_path: good2 }]);
      expect(await wh.all('select count(*) as n from rejected_row where source_file = $1', [bad])).toEqual([{ n: 0 }]);
      expect(await wh.all("select run_status, count(*) as n from pipeline_run group by run_status order by run_status")).toEqual([
        { run_status: 'failed', n: 1 },
        { run_status: 'succeeded', n: 2 },
      ]);
    } finally {
      wh.close();
    }
  });

  it('stops after the files before it when the caller stops at the first failure (ingestPaths)', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    try {
      await expect(ingestPaths(wh, [dir])).rejects.toMatchObject({ code: 'CD_INGEST_UNREADABLE' });
      expect([await fileRows(wh, good1), await fileRows(wh, bad), await fileRows(wh, good2)]).toEqual([2, 0, 0]);
    } finally {
      wh.close();
    }
  });
});
