import { readFileSync } from 'node:fs';
import { detectReport } from '../../../pipeline/ingest';
import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';
import { join } from 'node:path';
import { REAL_FIXTURES } from '../../support/sharedDir';

const TSV = fixture('amazon/inventory-ledger.tsv');
const CSV = fixture('amazon/inventory-ledger-seller-central.csv');
const BAD = fixture('amazon/inventory-ledger-bad-rows.tsv');

const EVENTS = `select event_date, sku, marketplace, location_id, fulfillment_center, event_type, reference_id, disposition, reason_code,
  quantity_units, reconciled_units, unreconciled_units from fba_ledger_event order by event_date, sku, event_type, disposition`;

describe('amazon inventory ledger (detailed view)', () => {
  it('recognises the SP-API header (CamelCase, TSV) and the Seller Central download (spaced names, quoted CSV)', async () => {
    expect((await detectReport(TSV)).kind).toBe('amazon/inventory_ledger');
    expect((await detectReport(CSV)).kind).toBe('amazon/inventory_ledger_csv');
  });

  it('recognises the real SP-API sample header', async () => {
    const real = join(REAL_FIXTURES, 'amazon/airbyte_GET_LEDGER_DETAIL_VIEW_DATA.tsv');
    expect(readFileSync(real, 'utf8').split('\n')[0].split('\t')).toContain('UnreconciledQuantity');
    expect((await detectReport(real)).kind).toBe('amazon/inventory_ledger');
    // Its two rows are placeholders (the column names as values): refused, naming the field.
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [real]);
    expect(summary).toMatchObject({ rows_read: 2, rows_loaded: 0, rows_rejected: 2 });
    expect((await rejects(wh, real)).filter(([, field]) => field === 'Quantity')).toEqual([
      [2, 'Quantity', 'not a whole number', 'Quantity'],
      [3, 'Quantity', 'not a whole number', 'Quantity'],
    ]);
    wh.close();
  });

  it('loads signed quantities from MM/DD/YYYY and ISO dates, maps Country GB to the UK store, and sums identical lines', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [TSV]);
    // 9 lines; the two −2/−1 shipments of one order on one day are one event of −3.
    expect(summary).toEqual({ file: TSV, kind: 'amazon/inventory_ledger', rows_read: 9, rows_loaded: 9, rows_rejected: 0, rows_summed: 1 });
    const events = await rows(wh, EVENTS);
    expect(events.map((e) => [e.event_date, e.sku, e.event_type, e.reason_code, e.quantity_units])).toEqual([
      ['2025-06-02', 'LED-A', 'Receipts', '', 50],
      ['2025-06-05', 'LED-A', 'Shipments', '', -3],
      ['2025-06-07', 'LED-A', 'Adjustments', 'M', -3],
      ['2025-06-09', 'LED-A', 'Adjustments', 'F', 1],
      ['2025-06-10', 'LED-A', 'CustomerReturns', '', 1],
      ['2025-06-11', 'LED-B', 'WhseTransfers', '', -4],
      ['2025-06-12', 'LED-B', 'Adjustments', 'E', -1],
      ['2025-06-12', 'LED-B', 'Adjustments', 'P', 1],
    ]);
    expect(events[2]).toMatchObject({ marketplace: 'US', location_id: 'FBA-US', fulfillment_center: 'PHX6', reference_id: '9120000001', reconciled_units: 0, unreconciled_units: 3 });
    expect(events[5]).toMatchObject({ marketplace: 'UK', location_id: 'FBA-UK', reconciled_units: null });
    expect(await rows(wh, `select location_id, country_code, pool_id, is_settable from location order by 1`)).toEqual([
      { location_id: 'FBA-UK', country_code: 'GB', pool_id: 'FBA-UK', is_settable: false },
      { location_id: 'FBA-US', country_code: 'US', pool_id: 'FBA-NA', is_settable: false },
    ]);
    wh.close();
  });

  it('reads the spaced Seller Central names, spells event types the API way, and replaces the events an overlapping file brings again', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [TSV]);
    const [summary] = await ingest(wh, [CSV]);
    expect(summary).toMatchObject({ kind: 'amazon/inventory_ledger_csv', rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
    const events = await rows(wh, EVENTS);
    // The 06-02 receipt is in both files: still one event of 50; "Vendor Returns" → VendorReturns.
    expect(events.filter((e) => e.event_type === 'Receipts')).toHaveLength(1);
    expect(events.find((e) => e.event_type === 'VendorReturns')).toMatchObject({ event_date: '2025-06-13', quantity_units: -2, reference_id: 'REM0001' });
    expect(events).toHaveLength(9);
    await ingest(wh, [TSV, CSV]);
    expect(await rows(wh, EVENTS)).toEqual(events);
    wh.close();
  });

  it('refuses a bad date, a quantity that is not a whole number, a missing MSKU and Country, naming line and field, and loads the rest', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [BAD]);
    expect(summary).toMatchObject({ rows_read: 5, rows_loaded: 1, rows_rejected: 4 });
    expect(await rejects(wh, BAD)).toEqual([
      [3, 'Date', 'unparseable date', '13/02/2025'],
      [4, 'Quantity', 'not a whole number', 'minus one'],
      [5, 'MSKU', 'missing MSKU', null],
      [6, 'Country', 'missing Country', null],
      [6, 'UnreconciledQuantity', 'not a whole number', 'x'],
    ]);
    expect(await rows(wh, 'select event_date, quantity_units from fba_ledger_event')).toEqual([{ event_date: '2025-06-02', quantity_units: -1 }]);
    wh.close();
  });
});
