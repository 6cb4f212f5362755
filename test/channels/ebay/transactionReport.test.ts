// The eBay Payments transaction report → order_fee. transaction-report.csv follows the layout of
// the real header-only sample (../shared/fixtures/real/ebay/transaction_report_preamble_and_header_only.csv:
// the preamble lines, then the 37-column header), with `--` for empty values.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../../../pipeline/ingest';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { REAL_FIXTURES } from '../../support/sharedDir';
import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';

const REPORT = fixture('ebay/transaction-report.csv');

describe('ebay payments transaction report', () => {
  it('recognises the real header after its preamble (a header-only file has no records)', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const [summary] = await ingestPaths(wh, [join(REAL_FIXTURES, 'ebay/transaction_report_preamble_and_header_only.csv')]);
    expect(summary).toMatchObject({ kind: 'ebay/transaction_report', rows_read: 0, rows_loaded: 0, rows_rejected: 0 });
    wh.close();
  });

  it('makes one record per non-zero fee cell of an item row and one per shipping label or other fee; payouts are not records', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [REPORT]);
    // order rows: 2 + 2 + 2 (a 0 INAD cell is no fee) + 3 (EUR, international fee) + refund 1; label 1; other fee 1
    expect(summary).toEqual({ file: REPORT, kind: 'ebay/transaction_report', rows_read: 12, rows_loaded: 12, rows_rejected: 0 });
    wh.close();
  });

  it('stores the fees of an order as costs per custom label; a refund credits the variable fee back', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [REPORT]);
    expect(await rows(wh, `select sku, fee_type, raw_description, fee_amount, currency_code, posted_at, settlement_id
                           from order_fee where order_id = '12-11111-11111' order by posted_at, raw_description`)).toEqual([
      { sku: 'CB-001', fee_type: 'referral', raw_description: 'Final Value Fee - fixed', fee_amount: 0.3, currency_code: 'USD', posted_at: '2024-11-27T00:00:00.000Z', settlement_id: '6000000001' },
      { sku: 'CB-001', fee_type: 'referral', raw_description: 'Final Value Fee - variable', fee_amount: 4.62, currency_code: 'USD', posted_at: '2024-11-27T00:00:00.000Z', settlement_id: '6000000001' },
      // an ad fee is for the order, not an item
      { sku: null, fee_type: 'advertising', raw_description: 'Other fee: Promoted Listings - General fee', fee_amount: 1.5, currency_code: 'USD', posted_at: '2024-11-30T00:00:00.000Z', settlement_id: '6000000002' },
      { sku: 'CB-001', fee_type: 'referral', raw_description: 'Final Value Fee - variable', fee_amount: -2.31, currency_code: 'USD', posted_at: '2024-12-02T00:00:00.000Z', settlement_id: '6000000003' },
    ]);
    wh.close();
  });

  it('takes a shipping label without a gross amount from its net amount in the payout currency', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [REPORT]);
    expect(await rows(wh, "select order_id, sku, fee_type, raw_description, fee_amount, currency_code from order_fee where fee_type = 'shipping'")).toEqual([
      { order_id: '12-22222-22222', sku: null, fee_type: 'shipping', raw_description: 'Shipping label: USPS Ground Advantage', fee_amount: 8.45, currency_code: 'USD' },
    ]);
    wh.close();
  });

  it('reads fees in the listing currency with decimal commas (EUR), the international fee as other', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [REPORT]);
    expect(await rows(wh, "select raw_description, fee_type, fee_amount, currency_code from order_fee where order_id = '12-33333-33333' order by raw_description")).toEqual([
      { raw_description: 'Final Value Fee - fixed', fee_type: 'referral', fee_amount: 0.35, currency_code: 'EUR' },
      { raw_description: 'Final Value Fee - variable', fee_type: 'referral', fee_amount: 3.58, currency_code: 'EUR' },
      { raw_description: 'International fee', fee_type: 'other', fee_amount: 0.41, currency_code: 'EUR' },
    ]);
    wh.close();
  });

  it('loads an overlapping later report without duplicating its fees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-ebay-fees-'));
    const lines = readFileSync(REPORT, 'utf8').trimEnd().split('\n');
    const header = lines.findIndex((l) => l.startsWith('"Transaction creation date"'));
    // the second download repeats the last three rows and adds nothing else
    const later = join(dir, 'later.csv');
    writeFileSync(later, [...lines.slice(0, header + 1), ...lines.slice(-3)].join('\n') + '\n');
    const wh = await freshWarehouse();
    try {
      await ingest(wh, [REPORT]);
      const before = await rows(wh, 'select fee_id, fee_amount from order_fee order by fee_id');
      const [summary] = await ingest(wh, [later]);
      expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 4 }); // EUR order (3 fees) + refund (1); the payout is none
      expect(await rows(wh, 'select fee_id, fee_amount from order_fee order by fee_id')).toEqual(before);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a fee cell that is not money and an unreadable date, naming line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-ebay-bad-'));
    const file = join(dir, 'bad.csv');
    const text = readFileSync(REPORT, 'utf8').replace('"-13.86"', '"13,8,6"').replace('"Nov 29, 2024","Shipping label"', '"Nov 31st, 2024","Shipping label"');
    writeFileSync(file, text);
    const wh = await freshWarehouse();
    try {
      const [summary] = await ingest(wh, [file]);
      expect(summary).toMatchObject({ rows_read: 12, rows_loaded: 10, rows_rejected: 2 });
      // preamble 9 lines, header line 10: the KS-002 order row is line 12, the label line 14
      expect(await rejects(wh, file)).toEqual([
        [12, 'fee amount', 'not a number', '13,8,6'],
        [14, 'transaction creation date', 'unparseable date', 'Nov 31st, 2024'],
      ]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
