// fba_reconciliation on a small seller loaded through the real ingest: an Inventory Ledger
// (test/fixtures/ingest/amazon/inventory-ledger-reconciliation/), MYI snapshots on the day before
// the window and on as_of, the All Orders report, the FBA returns report and the SKU template.
// Every column is checked against the numbers worked out by hand below.
import { join } from 'node:path';
import { runDataset } from '../../../pipeline/analytics';
import { ingestFile } from '../../../pipeline/ingest';
import type { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { fixture, freshWarehouse } from '../ingest/helpers';

const DIR = fixture('amazon/inventory-ledger-reconciliation');
const file = (name: string) => join(DIR, name);

async function loadWorld(): Promise<DuckWarehouse> {
  const wh = await freshWarehouse();
  await ingestFile(wh, file('inventory-ledger-skus.csv'));
  await ingestFile(wh, file('inventory-ledger.tsv'));
  await ingestFile(wh, file('inventory-ledger-myi-2025-04-01.tsv'), { snapshotDate: '2025-04-01' });
  await ingestFile(wh, file('inventory-ledger-myi-2025-06-30.tsv'), { snapshotDate: '2025-06-30' });
  await ingestFile(wh, file('inventory-ledger-all-orders.tsv'));
  await ingestFile(wh, file('inventory-ledger-fba-returns.tsv'));
  return wh;
}

// as_of 2025-06-30, window 90 → P = 2025-04-02 … 2025-06-30. found_wait_days 10 → losses after
// 2025-06-20 are WAIT; claim_window_days 60 → losses/damage before 2025-05-01 are past the
// deadline; return_wait_days 45 → refunds up to 2025-05-16 should be back (claimable from
// 2025-03-17 = as_of − 45 − 60 on).
const PARAMS = { as_of: '2025-06-30', window_days: '90', found_wait_days: '10', claim_window_days: '60', return_wait_days: '45' };

async function rowsBySku(wh: DuckWarehouse, params: Record<string, string> = PARAMS): Promise<Record<string, Record<string, unknown>>> {
  const result = await runDataset(wh, 'fba_reconciliation', params);
  const names = result.columns.map((c) => c.name);
  return Object.fromEntries(result.rows.map((r) => {
    const row = Object.fromEntries(names.map((n, i) => [n, r[i]]));
    return [`${row.sku}@${row.location_id}`, row];
  }));
}

describe('fba_reconciliation dataset', () => {
  let wh: DuckWarehouse;
  beforeAll(async () => {
    wh = await loadWorld();
  });
  afterAll(() => wh.close());

  it('rolls LED-A forward from the opening snapshot, splits lost units into claimable, waiting and expired after found ones offset them, and dates the claim', async () => {
    const rows = await rowsBySku(wh);
    // Opening (MYI 2025-04-01) 100. Ledger in P: receipts 50; shipped 2 + 1 (04-15) + 4 (05-20) = 7;
    // customer returns 1 + 1 = 2 (the 06-02 one CUSTOMER_DAMAGED); transfers −5 + 4 = −1;
    // vendor returns 2; found F 2; lost M 2 (04-20) + 3 (05-10) + 1 (06-25) = 6; damaged E 1;
    // disposed D 1; other P +1. Expected = 100 + 50 − 7 + 2 − 1 − 2 + 2 − 6 − 1 − 1 + 1 = 137.
    // Closing MYI 135 → variance 135 − 137 = −2.
    // Orders shipped in P: 2 + 1 + 3 = 6 → shipment variance 7 − 6 = 1. Revenue 40 + 20 + 66 =
    // 126 over 6 units → 21.00 a unit.
    // Lost: recent (after 06-20) 1, claimable (05-01 … 06-20) 3, expired (before 05-01) 2; found 2
    // offsets the newest first: waiting 1 − 2 → 0 (1 found left), claimable 3 − 1 = 2, expired 2.
    // Damaged (E, 06-05) 1, inside the window → claimable.
    // Returns we hold in P: 04-20 1, 05-01 1 + 1, 05-10 1, 06-20 1 = 5; due (≤ 05-16) 4; Amazon
    // booked 2 back → 4 − 2 = 2 not received, claimable.
    // Claimable 2 + 1 + 2 = 5 → at cost 5 × 8.00 = 40.00, at price 5 × 21.00 = 105.00.
    // Deadline: loss of 05-10 + 60 days = 2025-07-09; the oldest due refund (04-20) + 45 + 60 =
    // 2025-08-03 is later → 2025-07-09, 9 days after as_of.
    expect(rows['LED-A@FBA-US']).toEqual({
      sku: 'LED-A', marketplace: 'US', location_id: 'FBA-US', fnsku: 'X00LED0001',
      period_start_date: '2025-04-02', period_end_date: '2025-06-30',
      starting_balance_units: 100, receipts_units: 50, shipped_units: 7, customer_returns_units: 2, transfers_units: -1,
      vendor_returns_units: 2, found_units: 2, lost_units: 6, damaged_warehouse_units: 1, disposed_units: 1,
      other_adjustment_units: 1, expected_ending_units: 137, ending_balance_units: 135, balance_variance_units: -2,
      order_shipped_units: 6, shipment_variance_units: 1, order_returned_units: 5, returns_customer_damaged_units: 1,
      returns_not_received_units: 2, net_lost_units: 4,
      // UnreconciledQuantity 3 (05-10) + 1 (06-25)
      ledger_unreconciled_units: 4,
      claimable_lost_units: 2, claimable_damaged_units: 1, claimable_return_units: 2, claimable_units: 5,
      waiting_lost_units: 0, expired_units: 2,
      unit_cost_base: 8, claimable_value_base: 40, avg_selling_price_base: 21, claimable_value_at_price_base: 105,
      claim_deadline_date: '2025-07-09', days_to_deadline: 9, claim_status: 'CLAIM_LOST',
    });
  });

  it('keeps a UK (Country GB) SKU without an opening snapshot unknown, and waits on a fresh loss', async () => {
    const rows = await rowsBySku(wh);
    // Receipts 10, shipped 1, lost 2 on 06-28 (after 06-20: WAIT). No snapshot at FBA-UK → the
    // balances are unknown, not zero. No UK orders → shipment variance 1 − 0 = 1.
    expect(rows['LED-B@FBA-UK']).toMatchObject({
      marketplace: 'UK', starting_balance_units: null, expected_ending_units: null, ending_balance_units: null,
      balance_variance_units: null, receipts_units: 10, shipped_units: 1, lost_units: 2, net_lost_units: 2,
      order_shipped_units: 0, shipment_variance_units: 1, claimable_units: 0, waiting_lost_units: 2, expired_units: 0,
      unit_cost_base: 5, claimable_value_base: 0, avg_selling_price_base: null, claimable_value_at_price_base: null,
      claim_deadline_date: null, days_to_deadline: null, claim_status: 'WAIT',
    });
  });

  it('reports a SKU whose ledger, orders and snapshots agree as RECONCILED', async () => {
    const rows = await rowsBySku(wh);
    // Opening 0 + receipts 20 − shipped 5 = 15 = closing snapshot; 5 shipped by orders too.
    expect(rows['LED-C@FBA-US']).toMatchObject({
      starting_balance_units: 0, receipts_units: 20, shipped_units: 5, expected_ending_units: 15, ending_balance_units: 15,
      balance_variance_units: 0, order_shipped_units: 5, shipment_variance_units: 0, claimable_units: 0,
      avg_selling_price_base: 5, claim_status: 'RECONCILED',
    });
  });

  it('applies the default 30-day search for lost units and filters by marketplace', async () => {
    const rows = await rowsBySku(wh, { as_of: '2025-06-30', window_days: '90', marketplace: 'US' });
    expect(Object.keys(rows).sort()).toEqual(['LED-A@FBA-US', 'LED-C@FBA-US']);
    // found_wait_days 30 → losses after 05-31 wait: 1 (06-25); claimable 05-01 … 05-31: 3; found 2
    // offsets the waiting 1, then 1 of the claimable → 2 claimable, 0 waiting; expired 2 as before.
    expect(rows['LED-A@FBA-US']).toMatchObject({ waiting_lost_units: 0, claimable_lost_units: 2, expired_units: 2, claim_status: 'CLAIM_LOST' });
  });

  it('gives the same answer after the ledger is loaded again', async () => {
    const before = await rowsBySku(wh);
    await ingestFile(wh, file('inventory-ledger.tsv'));
    expect(await rowsBySku(wh)).toEqual(before);
  });
});
