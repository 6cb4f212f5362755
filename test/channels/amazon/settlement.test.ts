// The Amazon settlement report (flat file V2) → order_fee. Fixtures follow the SP-API attribute
// list (docs/ingest.md): settlement.tsv (US: an order with fees on two items, its refund, account
// fees, and price / promotion / reimbursement / reserve lines that are not fees), settlement_eu.tsv
// (Amazon.de: dates 03.12.2024, decimal commas, 1.012,40) and settlement_bad_rows.tsv.
import { identify } from '../../../pipeline/ingest/detect';
import { REPORTS } from '../../../pipeline/ingest/registry';
import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';

const US = fixture('amazon/settlement.tsv');
const EU = fixture('amazon/settlement_eu.tsv');
const BAD = fixture('amazon/settlement_bad_rows.tsv');

const HEADER =
  'settlement-id settlement-start-date settlement-end-date deposit-date total-amount currency transaction-type order-id merchant-order-id adjustment-id shipment-id marketplace-name amount-type amount-description amount fulfillment-id posted-date posted-date-time order-item-code merchant-order-item-id merchant-adjustment-item-id sku quantity-purchased promotion-id';

describe('amazon settlement report (flat file V2)', () => {
  it('is recognised by its documented header and by no other report kind', () => {
    expect(identify(HEADER.split(' '), REPORTS)?.kind).toBe('amazon/settlement');
  });

  it('reads only the fee lines: the summary, price, tax, promotion, reimbursement and reserve lines are not records', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [US]);
    // 20 data lines: 1 summary + 7 that are not fees (2 principal, tax, promotion, refund principal,
    // reimbursement, reserve) + 12 fee lines
    expect(summary).toEqual({ file: US, kind: 'amazon/settlement', rows_read: 12, rows_loaded: 12, rows_rejected: 0 });
    wh.close();
  });

  it('stores each fee as a cost (Amazon\'s sign reversed), typed, with the summary line\'s currency', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [US]);
    const fees = await rows(wh, `select order_id, sku, fee_type, raw_description, fee_amount, currency_code, fee_base, marketplace, posted_at, settlement_id
                                 from order_fee where order_id = '111-0000001-0000001' order by posted_at, sku, raw_description`);
    const base = { order_id: '111-0000001-0000001', currency_code: 'USD', marketplace: 'US', settlement_id: '11111111111' };
    const shipped = '2024-11-30T18:20:11.000Z';
    const refunded = '2024-12-05T09:01:44.000Z';
    expect(fees).toEqual([
      { ...base, sku: 'CB-001', fee_type: 'referral', raw_description: 'ItemFees/Commission', fee_amount: 9, fee_base: 9, posted_at: shipped },
      { ...base, sku: 'CB-001', fee_type: 'fulfilment', raw_description: 'ItemFees/FBAPerUnitFulfillmentFee', fee_amount: 6.62, fee_base: 6.62, posted_at: shipped },
      { ...base, sku: 'KS-002', fee_type: 'referral', raw_description: 'ItemFees/Commission', fee_amount: 6.75, fee_base: 6.75, posted_at: shipped },
      { ...base, sku: 'KS-002', fee_type: 'fulfilment', raw_description: 'ItemFees/FBAPerUnitFulfillmentFee', fee_amount: 4.25, fee_base: 4.25, posted_at: shipped },
      { ...base, sku: 'KS-002', fee_type: 'shipping', raw_description: 'ItemFees/ShippingChargeback', fee_amount: 2.1, fee_base: 2.1, posted_at: shipped },
      // the refund gives the commission back (a negative cost) and charges a refund commission
      { ...base, sku: 'KS-002', fee_type: 'referral', raw_description: 'ItemFees/Commission', fee_amount: -6.75, fee_base: -6.75, posted_at: refunded },
      { ...base, sku: 'KS-002', fee_type: 'refund_commission', raw_description: 'ItemFees/RefundCommission', fee_amount: 1.35, fee_base: 1.35, posted_at: refunded },
    ]);
    wh.close();
  });

  it('keeps fees of no sale with order_id null, and two identical storage lines as two fees', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [US]);
    expect(await rows(wh, `select order_id, sku, fee_type, raw_description, fee_amount from order_fee where order_id is null or order_id not like '111-%' order by posted_at, fee_id`)).toEqual([
      { order_id: null, sku: null, fee_type: 'other', raw_description: 'other-transaction/Subscription Fee', fee_amount: 39.99 },
      { order_id: null, sku: null, fee_type: 'advertising', raw_description: 'Cost of Advertising/TransactionTotalAmount', fee_amount: 25 },
      // a disposal names its removal order and the sku
      { order_id: 'S02-0000009-0000009', sku: 'CB-001', fee_type: 'other', raw_description: 'other-transaction/DisposalComplete', fee_amount: 0.3 },
      { order_id: null, sku: null, fee_type: 'storage', raw_description: 'other-transaction/Storage Fee', fee_amount: 3.4 },
      { order_id: null, sku: null, fee_type: 'storage', raw_description: 'other-transaction/Storage Fee', fee_amount: 3.4 },
    ]);
    wh.close();
  });

  it('reads an EU marketplace file: dd.mm.yyyy dates, decimal commas and dot thousands, Amazon.de → DE', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [EU]);
    expect(summary).toMatchObject({ kind: 'amazon/settlement', rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
    expect(await rows(wh, 'select marketplace, order_id, fee_type, fee_amount, currency_code, posted_at from order_fee order by posted_at, fee_type')).toEqual([
      { marketplace: 'DE', order_id: '302-0000004-0000004', fee_type: 'fulfilment', fee_amount: 9.75, currency_code: 'EUR', posted_at: '2024-12-03T10:20:00.000Z' },
      { marketplace: 'DE', order_id: '302-0000004-0000004', fee_type: 'referral', fee_amount: 13.5, currency_code: 'EUR', posted_at: '2024-12-03T10:20:00.000Z' },
      // no marketplace-name on an account line: the run's marketplace (--marketplace, default US)
      { marketplace: 'US', order_id: null, fee_type: 'storage', fee_amount: 1012.4, currency_code: 'EUR', posted_at: '2024-12-15T05:00:00.000Z' },
    ]);
    wh.close();
  });

  it('refuses a bad amount, an impossible date and a missing amount by line and field, and loads the rest', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [BAD]);
    expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 1, rows_rejected: 3 });
    // header = line 1, summary = line 2
    expect(await rejects(wh, BAD)).toEqual([
      [4, 'amount', 'not a number', '-6.6.2'],
      [5, 'posted-date-time', 'unparseable date', '2024-13-40 10:00:00 UTC'],
      [6, 'amount', 'missing amount', null],
    ]);
    expect(await rows(wh, 'select order_id, fee_type, fee_amount from order_fee')).toEqual([{ order_id: '111-0000005-0000005', fee_type: 'referral', fee_amount: 3 }]);
    wh.close();
  });

  it('changes nothing when the same settlement is loaded again', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [US, EU]);
    const before = await rows(wh, 'select channel, fee_id, fee_amount, fee_type from order_fee order by fee_id');
    await ingest(wh, [US, EU]);
    expect(await rows(wh, 'select channel, fee_id, fee_amount, fee_type from order_fee order by fee_id')).toEqual(before);
    expect(before).toHaveLength(15);
    wh.close();
  });
});
