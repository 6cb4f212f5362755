// Amazon FBA customer returns report (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA): one row per
// returned unit batch, processed at a fulfilment centre. Seller Central's download calls the
// order column `amazon-order-id` in some locales, the API report `order-id`: both are accepted.
// A return is identified by order|sku|license-plate-number|return-date (channels.md §3.5), so
// re-pulling overlapping windows (Amazon back-posts returns) never duplicates one.
import { ReportSpec } from '../../contract/reports';
import { blankToNull, lit } from '../../contract/reportSql';
import { dispositionSql } from '../../../model/dispositions';
import { reasonKeySql, returnReasonFromKeySql } from '../../../model/returnReasons';
import { ensureFbaLocationsSql } from './marketplaces';

export const customerReturns: ReportSpec = {
  kind: 'amazon/fba_returns',
  channel: 'amazon',
  label: 'Amazon FBA customer returns report',
  delimiter: '\t',
  quoted: false,
  trimCells: false,
  required: ['return-date', 'sku', 'quantity', 'detailed-disposition', 'reason'],
  oneOf: [['order-id', 'amazon-order-id']],
  optional: ['status', 'license-plate-number', 'customer-comments'],
  target: 'return_line',
  fields: () => [
    { name: 'returned_at', source: 'return-date', type: 'timestamp', required: true },
    { name: 'order_id', source: 'order-id', expr: `coalesce(${blankToNull('"order-id"')}, ${blankToNull('"amazon-order-id"')})`, type: 'text' },
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'quantity', source: 'quantity', type: 'integer', required: true, nonNegative: true },
    { name: 'disposition_raw', source: 'detailed-disposition', type: 'text' },
    { name: 'reason', source: 'reason', type: 'text' },
    { name: 'reason_key', expr: reasonKeySql(blankToNull('"reason"')), type: 'text' },
    { name: 'status', source: 'status', type: 'text' },
    { name: 'lpn', source: 'license-plate-number', type: 'text' },
    { name: 'comment', source: 'customer-comments', type: 'text' },
  ],
  output: (ctx) => ({
    channel: `'amazon'`,
    marketplace: lit(ctx.marketplace),
    return_line_id: `concat_ws('|', coalesce(order_id, ''), sku, coalesce(lpn, ''), strftime(returned_at, '%Y-%m-%dT%H:%M:%SZ'))`,
    order_id: 'order_id',
    sku: 'sku',
    quantity_units: 'quantity',
    returned_at: 'returned_at',
    raw_reason: 'reason',
    reason_code: returnReasonFromKeySql('reason_key'),
    disposition: dispositionSql('disposition_raw'),
    // Only sellable units go back into available stock (anchors.md B.8).
    is_restocked: `${dispositionSql('disposition_raw')} = 'sellable'`,
    raw_status: 'status',
    customer_comment: 'comment',
    location_id: lit(ctx.fbaLocationId),
    refund_amount: 'cast(null as decimal(18, 4))',
    currency_code: 'cast(null as varchar)',
  }),
  afterLoad: (ctx) => [ensureFbaLocationsSql(lit(ctx.fbaLocationId), lit(ctx.marketplace), [])],
};
