// The Shopify Payments transactions export → order_fee (payment processing fees per order).
// payments-transactions.csv has the export's 17 columns (docs/ingest.md).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identify } from '../../../pipeline/ingest/detect';
import { REPORTS } from '../../../pipeline/ingest/registry';
import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';

const EXPORT = fixture('shopify/payments-transactions.csv');

describe('shopify payments transactions export', () => {
  it('is told apart from the orders export and also recognised without the newer columns', () => {
    const header = readFileSync(EXPORT, 'utf8').split('\n')[0].split(',');
    expect(identify(header, REPORTS)?.kind).toBe('shopify/payments_transactions');
    const older = 'Transaction Date,Type,Order,Card Brand,Card Source,Payout Status,Payout Date,Available On,Amount,Fee,Net,Currency'.split(',');
    expect(identify(older, REPORTS)?.kind).toBe('shopify/payments_transactions');
  });

  it('stores each fee of a charge as the payment cost of its order, in the payout currency, at UTC', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [EXPORT]);
    // 5 transactions; the refund kept no fee (0.00), so it is no record
    expect(summary).toEqual({ file: EXPORT, kind: 'shopify/payments_transactions', rows_read: 4, rows_loaded: 4, rows_rejected: 0 });
    expect(await rows(wh, 'select order_id, sku, fee_type, raw_description, fee_amount, currency_code, posted_at, settlement_id, marketplace from order_fee order by posted_at')).toEqual([
      { order_id: '#2001', sku: null, fee_type: 'payment', raw_description: 'Shopify Payments charge fee', fee_amount: 2.47, currency_code: 'USD', posted_at: '2025-05-11T13:55:20.000Z', settlement_id: '90001', marketplace: 'US' },
      { order_id: '#2003', sku: null, fee_type: 'payment', raw_description: 'Shopify Payments charge fee', fee_amount: 3.73, currency_code: 'EUR', posted_at: '2025-05-13T06:00:09.000Z', settlement_id: '90002', marketplace: 'US' },
      // not paid out yet: no payout id
      { order_id: '#2002', sku: null, fee_type: 'payment', raw_description: 'Shopify Payments charge fee', fee_amount: 0.85, currency_code: 'USD', posted_at: '2025-05-13T06:30:05.000Z', settlement_id: null, marketplace: 'US' },
      { order_id: '#2004', sku: null, fee_type: 'other', raw_description: 'Shopify Payments dispute fee', fee_amount: 15, currency_code: 'USD', posted_at: '2025-05-20T14:00:00.000Z', settlement_id: '90003', marketplace: 'US' },
    ]);
    wh.close();
  });

  it('fills the payout id from a later export of the same transactions without duplicating them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-shopify-fees-'));
    const later = join(dir, 'later.csv');
    // #2002 was paid out in payout 90004 meanwhile
    writeFileSync(later, readFileSync(EXPORT, 'utf8').replace('online,pending,2025-05-16,,', 'online,paid,2025-05-16,90004,'));
    const wh = await freshWarehouse();
    try {
      await ingest(wh, [EXPORT, later]);
      expect(await rows(wh, "select count(*) as n, count(*) filter (where order_id = '#2002' and settlement_id = '90004') as paid from order_fee")).toEqual([{ n: 4, paid: 1 }]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a fee that is not money and a row without a currency, by line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-shopify-bad-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, readFileSync(EXPORT, 'utf8').replace(',2.47,', ',2.4.7,').replace('card,19.00,USD,USD', 'card,19.00,USD,'));
    const wh = await freshWarehouse();
    try {
      const [summary] = await ingest(wh, [file]);
      expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 2, rows_rejected: 2 });
      expect(await rejects(wh, file)).toEqual([
        [2, 'fee', 'not a number', '2.4.7'],
        [3, 'currency', 'missing currency', null],
      ]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
