import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_ORDERS_COLUMNS } from '../../../pipeline/bench/ingest';
import { dataVersion } from '../../../pipeline/warehouse/duckdb';
import { fixture, freshWarehouse, ingest, rows } from './helpers';

const COUNTS = `select (select count(*) from order_line) as order_lines, (select count(*) from return_line) as return_lines,
  (select count(*) from inventory_snapshot) as snapshots, (select count(*) from listing) as listings, (select count(*) from sku) as skus,
  (select count(*) from location) as locations, (select count(*) from fx_rate) as rates, (select count(*) from rejected_row) as rejects,
  (select count(*) from ingested_file) as files`;

/** Writes an All Orders TSV of the given rows (column → value) into a temp folder. */
function allOrdersFile(name: string, lines: Array<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cd-idem-'));
  const path = join(dir, name);
  const body = lines.map((line) => ALL_ORDERS_COLUMNS.map((c) => line[c] ?? '').join('\t'));
  writeFileSync(path, [ALL_ORDERS_COLUMNS.join('\t'), ...body].join('\n') + '\n');
  return path;
}

const order = (updated: string, quantity: string, status: string): Record<string, string> => ({
  'amazon-order-id': '111-9999999-0000001', 'purchase-date': '2025-01-10T10:00:00+00:00', 'last-updated-date': updated, 'order-status': status,
  'fulfillment-channel': 'Amazon', 'sales-channel': 'Amazon.com', sku: 'CB-001', 'item-status': status, quantity, currency: 'USD', 'item-price': '29.99',
});

describe('idempotent ingest', () => {
  it('changes nothing but the run log when every file is loaded twice', async () => {
    const wh = await freshWarehouse();
    const all = [fixture('amazon'), fixture('crossdock'), fixture('ebay'), fixture('shopify')];
    const first = await ingest(wh, all, { snapshotDate: '2025-01-01' });
    const countsOnce = await rows(wh, COUNTS);
    const second = await ingest(wh, all, { snapshotDate: '2025-01-01' });
    expect(second).toEqual(first);
    expect(await rows(wh, COUNTS)).toEqual(countsOnce);
    expect(await rows(wh, "select count(*) as n from pipeline_run where run_kind = 'ingest'")).toEqual([{ n: 2 * first.length }]);
    wh.close();
  });

  it('replaces a row by its newer version from a later report', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [allOrdersFile('v1.tsv', [order('2025-01-10T10:00:00+00:00', '1', 'Pending')])]);
    await ingest(wh, [allOrdersFile('v2.tsv', [order('2025-01-11T09:00:00+00:00', '2', 'Shipped')])]);
    expect(await rows(wh, 'select quantity_units, order_status, last_updated_at from order_line')).toEqual([
      { quantity_units: 2, order_status: 'shipped', last_updated_at: '2025-01-11T09:00:00.000Z' },
    ]);
    wh.close();
  });

  it('keeps the newer version when an older report is loaded after it', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [allOrdersFile('v2.tsv', [order('2025-01-11T09:00:00+00:00', '2', 'Shipped')])]);
    await ingest(wh, [allOrdersFile('v1.tsv', [order('2025-01-10T10:00:00+00:00', '1', 'Pending')])]);
    expect(await rows(wh, 'select quantity_units, order_status from order_line')).toEqual([{ quantity_units: 2, order_status: 'shipped' }]);
    wh.close();
  });

  it('keeps the latest version of a row that appears twice in one file', async () => {
    const wh = await freshWarehouse();
    const file = allOrdersFile('dup.tsv', [order('2025-01-11T09:00:00+00:00', '2', 'Shipped'), order('2025-01-10T10:00:00+00:00', '1', 'Pending')]);
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
    expect(await rows(wh, 'select quantity_units, order_status from order_line')).toEqual([{ quantity_units: 2, order_status: 'shipped' }]);
    wh.close();
  });

  it('keeps the last line when duplicates of a row without versions appear in one file', async () => {
    const wh = await freshWarehouse();
    const dir = mkdtempSync(join(tmpdir(), 'cd-idem-'));
    const file = join(dir, 'inv.csv');
    writeFileSync(file, 'snapshot_date,location_id,sku,on_hand,available\n2025-01-01,OWN,CB-001,5,5\n2025-01-01,OWN,CB-001,7,6\n');
    await ingest(wh, [file]);
    expect(await rows(wh, 'select on_hand_units, available_units from inventory_snapshot')).toEqual([{ on_hand_units: 7, available_units: 6 }]);
    wh.close();
  });

  it('replaces the rejects of a file when it is loaded again after a fix', async () => {
    const wh = await freshWarehouse();
    const dir = mkdtempSync(join(tmpdir(), 'cd-idem-'));
    const file = join(dir, 'inv.csv');
    writeFileSync(file, 'snapshot_date,location_id,sku,on_hand,available\n2025-01-01,OWN,CB-001,-5,5\n');
    await ingest(wh, [file]);
    expect(await rows(wh, 'select count(*) as n from rejected_row')).toEqual([{ n: 1 }]);
    writeFileSync(file, 'snapshot_date,location_id,sku,on_hand,available\n2025-01-01,OWN,CB-001,5,5\n');
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ rows_loaded: 1, rows_rejected: 0 });
    expect(await rows(wh, 'select count(*) as n from rejected_row')).toEqual([{ n: 0 }]);
    wh.close();
  });

  it('logs each load and bumps the data version once per file', async () => {
    const wh = await freshWarehouse();
    const before = Number(await dataVersion(wh));
    await ingest(wh, [fixture('crossdock/skus.csv'), fixture('crossdock/locations.csv')]);
    expect(Number(await dataVersion(wh))).toBe(before + 2);
    expect(await rows(wh, 'select report_kind, rows_read, rows_loaded, rows_rejected, length(file_sha256) as hash_length from ingested_file order by 1')).toEqual([
      { report_kind: 'crossdock/locations', rows_read: 4, rows_loaded: 3, rows_rejected: 1, hash_length: 64 },
      { report_kind: 'crossdock/skus', rows_read: 3, rows_loaded: 2, rows_rejected: 1, hash_length: 64 },
    ]);
    wh.close();
  });
});

describe('canonical vocabularies', () => {
  it('produces only the canonical statuses, dispositions and reason codes across every fixture', async () => {
    const { ORDER_STATUSES } = await import('../../../pipeline/model/orderStatus');
    const { DISPOSITIONS } = await import('../../../pipeline/model/dispositions');
    const { RETURN_REASONS } = await import('../../../pipeline/model/returnReasons');
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('amazon'), fixture('crossdock'), fixture('ebay'), fixture('shopify')], { snapshotDate: '2025-01-01' });
    const statuses = (await rows<{ v: string }>(wh, 'select distinct order_status as v from order_line')).map((r) => r.v);
    const dispositions = (await rows<{ v: string }>(wh, 'select distinct disposition as v from return_line')).map((r) => r.v);
    const reasons = (await rows<{ v: string }>(wh, 'select distinct reason_code as v from return_line')).map((r) => r.v);
    expect(statuses.length).toBeGreaterThanOrEqual(4);
    for (const s of statuses) expect(ORDER_STATUSES).toContain(s);
    for (const d of dispositions) expect(DISPOSITIONS).toContain(d);
    for (const r of reasons) expect(RETURN_REASONS).toContain(r);
    wh.close();
  });
});
