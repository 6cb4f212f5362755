// crossdock-returns template (docs/templates.md): returns from channels without a returns report
// (eBay, Shopify, AliExpress, 3PLs). Raw reasons map to the cross-channel taxonomy.
import { ReportSpec } from '../../contract/reports';
import { blankToNull } from '../../contract/reportSql';
import { DISPOSITIONS } from '../../../model/dispositions';
import { reasonKeySql, returnReasonFromKeySql } from '../../../model/returnReasons';

export const returnsTemplate: ReportSpec = {
  kind: 'crossdock/returns',
  channel: 'crossdock',
  label: 'Crossdock returns template',
  delimiter: ',',
  quoted: true,
  required: ['channel', 'return_id', 'sku', 'quantity', 'returned_at'],
  optional: ['marketplace', 'order_id', 'reason', 'disposition', 'restocked', 'comment', 'refund_amount', 'currency'],
  target: 'return_line',
  fields: (ctx) => [
    { name: 'channel', source: 'channel', type: 'text', required: true, allowed: ctx.salesChannels },
    { name: 'marketplace', source: 'marketplace', type: 'text' },
    { name: 'return_id', source: 'return_id', type: 'text', required: true },
    { name: 'order_id', source: 'order_id', type: 'text' },
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'quantity', source: 'quantity', type: 'integer', required: true, nonNegative: true },
    { name: 'returned_at', source: 'returned_at', type: 'timestamp', required: true },
    { name: 'reason', source: 'reason', type: 'text' },
    { name: 'reason_key', expr: reasonKeySql(blankToNull('"reason"')), type: 'text' },
    { name: 'disposition', source: 'disposition', type: 'text', allowed: DISPOSITIONS },
    { name: 'restocked', source: 'restocked', type: 'boolean' },
    { name: 'comment', source: 'comment', type: 'text' },
    { name: 'refund', source: 'refund_amount', type: 'money', nonNegative: true },
    { name: 'currency', source: 'currency', type: 'text' },
  ],
  output: () => ({
    channel: 'lower(channel)',
    marketplace: 'marketplace',
    return_line_id: 'return_id',
    order_id: 'order_id',
    sku: 'sku',
    quantity_units: 'quantity',
    returned_at: 'returned_at',
    raw_reason: 'reason',
    reason_code: returnReasonFromKeySql('reason_key'),
    disposition: `coalesce(lower(disposition), 'unknown')`,
    is_restocked: `coalesce(restocked, lower(disposition) = 'sellable', false)`,
    raw_status: 'cast(null as varchar)',
    customer_comment: 'comment',
    location_id: 'cast(null as varchar)',
    refund_amount: 'refund',
    currency_code: 'upper(currency)',
  }),
};
