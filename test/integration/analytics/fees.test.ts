// Fees in order_ops and turnover, end to end: the orders fixtures of each channel and their fee
// files (test/fixtures/ingest/*/settlement*, transaction-report, payments-transactions) are
// loaded through the real ingest with the FX and SKU templates; every expected number below is
// worked out by hand from the fixture lines. Base currency USD; EUR is 1.0562 from 2024-12-01
// (crossdock/fx.csv), so a EUR fee posted after that converts at 1.0562, rounded to 4 places.
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { fixture, ingest } from '../ingest/helpers';
import { rowsOf } from './seed';

const MASTER = ['crossdock/fx.csv', 'crossdock/skus.csv'];
const ORDERS = ['amazon/all_orders.tsv', 'ebay/orders_report.csv', 'shopify/orders_export.csv'];
const FEES = ['amazon/settlement.tsv', 'amazon/settlement_eu.tsv', 'ebay/transaction-report.csv', 'shopify/payments-transactions.csv'];

async function world(): Promise<DuckWarehouse> {
  const wh = await DuckWarehouse.open(':memory:');
  await ingest(wh, [...MASTER, ...ORDERS, ...FEES].map((f) => fixture(f)));
  return wh;
}

/** Chosen columns of rows in a stable order, numbers rounded to 9 places (sums may add in another order). */
const settled = (rows: Record<string, unknown>[], columns: string[]) =>
  rows
    .map((r) => columns.map((c) => (typeof r[c] === 'number' ? Math.round((r[c] as number) * 1e9) / 1e9 : r[c])))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const byGroup = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [`${r.channel}/${r.fulfilment_type}`, r]));

describe('fees in order_ops', () => {
  let wh: DuckWarehouse;
  beforeAll(async () => {
    wh = await world();
  });
  afterAll(() => wh.close());

  it('sums the fees of the Amazon FBA orders placed in the window by type, EUR at 1.0562', async () => {
    const ops = byGroup(await rowsOf(wh, 'order_ops', { as_of: '2024-12-08', window_days: '30' }));
    // 111-0000001-0000001 (US): fulfilment 6.62 + 4.25, referral 9.00 + 6.75 − 6.75 (refunded),
    //   shipping chargeback 2.10, refund commission 1.35 (→ other);
    // 302-0000004-0000004 (DE): fulfilment 9,75 EUR → 10.2980, referral 13,50 EUR → 14.2587.
    // fulfilment 10.87 + 10.298 = 21.168; referral 9 + 14.2587 = 23.2587;
    // total 21.168 + 23.2587 + 2.10 + 1.35 = 47.8767. Storage, subscription and advertising are no order's.
    // revenue: 59.98 + 45.00 + 89,97 EUR × 1.0562 (95.0263) = 200.0063 (the cancelled order is 0).
    const fba = ops['amazon/fba'];
    expect(fba).toMatchObject({ count_orders: 3, count_orders_with_fees: 2, shipping_cost_base: 2.1, other_fees_base: 1.35 });
    expect(fba.fulfilment_cost_base).toBeCloseTo(21.168, 6);
    expect(fba.referral_fee_base).toBeCloseTo(23.2587, 6);
    expect(fba.total_fees_base).toBeCloseTo(47.8767, 6);
    expect(fba.revenue_base).toBeCloseTo(200.0063, 6);
    expect(fba.fees_share_of_revenue).toBeCloseTo(47.8767 / 200.0063, 9);
  });

  it('splits an eBay order\'s shipping label over its items and counts each order once', async () => {
    const ops = byGroup(await rowsOf(wh, 'order_ops', { as_of: '2024-12-08', window_days: '30' }));
    // referral: 12-11111 0.30 + 4.62 − 2.31 = 2.61; 12-22222 (0.30 + 13.86) + (0.30 + 4.62) = 19.08;
    //   12-33333 (0,35 + 3,58) EUR = 3.93 × 1.0562 = 4.1509 → 25.8409;
    // shipping: the 8.45 label of 12-22222; other: the 1.50 promoted-listing fee + international
    //   0,41 EUR × 1.0562 = 0.4330 → 1.933; total 25.8409 + 8.45 + 1.933 = 36.2239; 3 of 4 orders.
    const ebay = ops['ebay/self'];
    expect(ebay).toMatchObject({ count_orders: 4, count_orders_with_fees: 3, fulfilment_cost_base: 0, shipping_cost_base: 8.45 });
    expect(ebay.referral_fee_base).toBeCloseTo(25.8409, 6);
    expect(ebay.other_fees_base).toBeCloseTo(1.933, 6);
    expect(ebay.total_fees_base).toBeCloseTo(36.2239, 6);
    // the label (no item) splits by the items' revenue: 8.45 × 90.00 / 119.97 and × 29.97 / 119.97
    const label = await wh.all<{ sku: string; fee_base: number }>(
      "select sku, fee_base from int_order_fees where order_id = '12-22222-22222' and fee_type = 'shipping' order by sku",
    );
    expect(label.map((r) => r.sku)).toEqual(['AP-003', 'KS-002']);
    expect(label[0].fee_base).toBeCloseTo((8.45 * 29.97) / 119.97, 9); // 2.1109
    expect(label[1].fee_base).toBeCloseTo((8.45 * 90) / 119.97, 9); // 6.3391
  });

  it('shows no fee figures, not zeros, where no order has fee data', async () => {
    const ops = byGroup(await rowsOf(wh, 'order_ops', { as_of: '2024-12-08', window_days: '30' }));
    // 112-0000002-0000002 (merchant, pending) is in no settlement
    expect(ops['amazon/self']).toMatchObject({
      count_orders: 1,
      count_orders_with_fees: 0,
      fulfilment_cost_base: null,
      referral_fee_base: null,
      shipping_cost_base: null,
      other_fees_base: null,
      total_fees_base: null,
      fees_share_of_revenue: null,
    });
  });

  it('puts Shopify payment and dispute fees in other fees', async () => {
    const [shopify] = await rowsOf(wh, 'order_ops', { as_of: '2025-05-20', window_days: '30', channel: 'shopify' });
    // payment 2.47 + 0.85 + 3,73 EUR × 1.0562 (3.9396) = 7.2596; dispute fee 15.00 → 22.2596
    expect(shopify).toMatchObject({ channel: 'shopify', count_orders: 4, count_orders_with_fees: 4, fulfilment_cost_base: 0, referral_fee_base: 0, shipping_cost_base: 0 });
    expect(shopify.other_fees_base).toBeCloseTo(22.2596, 6);
    expect(shopify.total_fees_base).toBeCloseTo(22.2596, 6);
  });
});

describe('fees in turnover', () => {
  let wh: DuckWarehouse;
  beforeAll(async () => {
    wh = await world();
  });
  afterAll(() => wh.close());

  it('charges each SKU the fees of the lines it shipped in the window, and its fees no sale takes', async () => {
    const rows = await rowsOf(wh, 'turnover', { as_of: '2024-12-08', window_days: '30' });
    const sku = Object.fromEntries(rows.map((r) => [r.sku, r]));
    // CB-001 shipped 111-…01 (Amazon: 6.62 + 9.00) and 12-11111 (eBay: 0.30 + 4.62 − 2.31 + the
    // order's 1.50 ad fee) = 15.62 + 4.11; plus the 0.30 disposal fee (a removal order, no sale)
    // posted 2024-12-04 → 20.03 over 3 units = 6.6767 a unit.
    // margin: revenue 59.98 + 29.99 = 89.97 − COGS 3 × 6.20 = 18.60 − fees 20.03 = 51.34.
    expect(sku['CB-001'].units_shipped).toBe(3);
    expect(sku['CB-001'].fees_base).toBeCloseTo(20.03, 6);
    expect(sku['CB-001'].fees_per_unit_base).toBeCloseTo(20.03 / 3, 6);
    expect(sku['CB-001'].margin_after_fees_base).toBeCloseTo(51.34, 6);
    // KS-002 shipped only in 111-…01: 4.25 + 6.75 − 6.75 + 2.10 + 1.35 = 7.70; the unshipped DE
    // order's fees and the eBay order awaiting shipment are not this window's. Its cost is in CNY
    // without a rate: no COGS, so no margin.
    expect(sku['KS-002']).toMatchObject({ units_shipped: 1, margin_after_fees_base: null });
    expect(sku['KS-002'].fees_base).toBeCloseTo(7.7, 6);
    // nothing shipped and no fees of their own: unknown
    expect(sku['AP-003']).toMatchObject({ units_shipped: 0, fees_base: null, fees_per_unit_base: null });
  });

  it('gives every channel its own fees when grouping by channel', async () => {
    const rows = await rowsOf(wh, 'turnover', { as_of: '2024-12-08', window_days: '30', group_by: 'channel' });
    const channel = Object.fromEntries(rows.map((r) => [r.channel, r]));
    // CB-001's 0.30 disposal fee goes to its members by average stock; it held none, so equal
    // thirds of 0.10: amazon (FBA-NA), ebay (UNASSIGNED) and the DE pool of its cancelled order,
    // which shipped nothing ('(no sales)').
    // amazon: CB-001 15.62 + KS-002 7.70 + 0.10 = 23.42; ebay: CB-001 4.11 + 0.10 = 4.21.
    expect(channel.amazon.fees_base).toBeCloseTo(23.42, 6);
    expect(channel.ebay.fees_base).toBeCloseTo(4.21, 6);
    expect(channel['(no sales)'].fees_base).toBeCloseTo(0.1, 6);
  });

  it('keeps the same fee figures when the fee files are loaded again', async () => {
    const feesOf = async () => ({
      turnover: settled(await rowsOf(wh, 'turnover', { as_of: '2024-12-08', window_days: '30' }), ['sku', 'fees_base', 'fees_per_unit_base', 'margin_after_fees_base']),
      orderOps: settled(await rowsOf(wh, 'order_ops', { as_of: '2024-12-08', window_days: '30' }), ['channel', 'fulfilment_type', 'total_fees_base', 'count_orders_with_fees']),
    });
    const before = await feesOf();
    await ingest(wh, FEES.map((f) => fixture(f)));
    expect(await feesOf()).toEqual(before);
  });
});
