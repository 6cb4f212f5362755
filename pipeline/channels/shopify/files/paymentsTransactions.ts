// Shopify Payments transactions export (Finance → Payouts → Export transactions, CSV): one row
// per balance transaction (`charge`, `refund`, `dispute`, `adjustment`…) with its Amount, the Fee
// Shopify Payments kept and the Net paid out, in the payout Currency. The Fee is the payment
// processing cost of the row's Order (`#1001`, the orders export's Name), written as a positive
// number; rows without a fee (refunds keep the original fee: 0.00) are not records. Timestamps
// like `2026-06-06 04:15:48 -0700` → UTC. Shopify shipping labels are billed on the Shopify
// invoice, not in this export, so they are not here.
import { FieldDef, ReportSpec } from '../../contract/reports';
import { blankToNull, lit } from '../../contract/reportSql';
import { feeIdSql } from '../../contract/feeRows';

const FEE = blankToNull('"fee"');

export const paymentsTransactions: ReportSpec = {
  kind: 'shopify/payments_transactions',
  channel: 'shopify',
  label: 'Shopify Payments transactions export',
  delimiter: ',',
  quoted: true,
  required: ['transaction date', 'type', 'order', 'payout status', 'amount', 'fee', 'net'],
  optional: ['currency', 'payout id', 'checkout'],
  target: 'order_fee',
  staged: true,
  isRecord: () => `${FEE} is not null and coalesce(cd_money(${FEE}) <> 0, true)`,
  fields: (): FieldDef[] => [
    { name: 'posted_at', source: 'transaction date', type: 'timestamp', required: true },
    { name: 'kind', source: 'type', type: 'text', required: true },
    { name: 'order_id', source: 'order', type: 'text' },
    { name: 'fee', source: 'fee', type: 'money', required: true },
    { name: 'currency', source: 'currency', type: 'text', required: true },
    { name: 'payout_id', source: 'payout id', type: 'text' },
    { name: 'fee_id', type: 'text', expr: feeIdSql(['"order"', '"type"', '"transaction date"', '"amount"', '"checkout"']) },
  ],
  output: (ctx) => ({
    channel: `'shopify'`,
    marketplace: lit(ctx.marketplace),
    fee_id: 'fee_id',
    order_id: 'order_id',
    sku: 'cast(null as varchar)',
    // card processing on a charge or refund; a dispute's or an adjustment's fee is something else
    fee_type: `case when lower(kind) in ('charge', 'refund') then 'payment' else 'other' end`,
    raw_description: `'Shopify Payments ' || lower(kind) || ' fee'`,
    fee_amount: 'fee',
    currency_code: 'upper(currency)',
    posted_at: 'posted_at',
    settlement_id: 'payout_id',
  }),
};
