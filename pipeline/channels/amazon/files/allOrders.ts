// Amazon "All Orders" flat file (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL and
// …_BY_ORDER_DATE_GENERAL; the archived-orders report has the same columns). Tab-separated, one
// row per order item, parsed by header name because some marketplaces add columns
// (channels.md §3.5). The report has no order-item id: a line is (amazon-order-id, sku), and the
// report re-emits an order whenever it changes, so the row with the latest last-updated-date wins.
import { lit } from '../../contract/reportSql';
import { LoadContext, ReportSpec } from '../../contract/reports';
import { ensureFbaLocationsSql, fbaLocationSql, marketplaceFromSalesChannelSql } from './marketplaces';

const IS_FBA = `lower(fulfillment_channel) in ('amazon', 'afn')`;

/** FBA lines ship from the marketplace's FBA location; merchant lines from a seller location we cannot tell. */
function locationSql(ctx: LoadContext): string {
  const marketplace = marketplaceFromSalesChannelSql('sales_channel', ctx.marketplace);
  return `case when ${IS_FBA} then ${fbaLocationSql(marketplace, ctx.marketplace, ctx.fbaLocationId)} end`;
}

export const allOrders: ReportSpec = {
  kind: 'amazon/all_orders',
  channel: 'amazon',
  label: 'Amazon All Orders report',
  delimiter: '\t',
  quoted: false,
  trimCells: false,
  required: ['amazon-order-id', 'purchase-date', 'order-status', 'fulfillment-channel', 'sales-channel', 'sku', 'quantity', 'currency', 'item-price'],
  optional: ['last-updated-date', 'product-name', 'item-status', 'ship-country'],
  target: 'order_line',
  fields: () => [
    { name: 'order_id', source: 'amazon-order-id', type: 'text', required: true },
    { name: 'ordered_at', source: 'purchase-date', type: 'timestamp', required: true },
    { name: 'last_updated_at', source: 'last-updated-date', type: 'timestamp' },
    { name: 'order_status', source: 'order-status', type: 'text' },
    { name: 'item_status', source: 'item-status', type: 'text' },
    { name: 'fulfillment_channel', source: 'fulfillment-channel', type: 'text' },
    { name: 'sales_channel', source: 'sales-channel', type: 'text' },
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'title', source: 'product-name', type: 'text' },
    { name: 'quantity', source: 'quantity', type: 'integer', required: true, nonNegative: true },
    { name: 'currency', source: 'currency', type: 'text' },
    // Empty while the order is Pending: unknown, not zero.
    { name: 'item_price', source: 'item-price', type: 'money' },
    { name: 'ship_country', source: 'ship-country', type: 'text' },
  ],
  output: (ctx) => {
    const marketplace = marketplaceFromSalesChannelSql('sales_channel', ctx.marketplace);
    return {
      channel: `'amazon'`,
      marketplace,
      order_id: 'order_id',
      line_id: 'sku',
      sku: 'sku',
      title: 'title',
      quantity_units: 'quantity',
      item_price_amount: 'item_price',
      currency_code: 'upper(currency)',
      order_status: `case
          when lower(coalesce(item_status, '')) like 'cancel%' or lower(order_status) like 'cancel%' then 'cancelled'
          when lower(order_status) like 'pending%' then 'pending'
          when lower(coalesce(item_status, order_status)) like 'shipped%' then 'shipped'
          else 'unshipped' end`,
      raw_status: `concat_ws(' / ', order_status, item_status)`,
      fulfilment: `case when ${IS_FBA} then 'fba' else 'merchant' end`,
      location_id: locationSql(ctx),
      ship_country_code: 'upper(ship_country)',
      ordered_at: 'ordered_at',
      shipped_at: 'cast(null as timestamp)',
      last_updated_at: 'coalesce(last_updated_at, ordered_at)',
    };
  },
  afterLoad: (ctx) => [
    ensureFbaLocationsSql(
      locationSql(ctx),
      // MCF lines ship from the run's marketplace stock
      `coalesce(nullif(${marketplaceFromSalesChannelSql('sales_channel', ctx.marketplace)}, 'MCF'), ${lit(ctx.marketplace)})`,
      ['sales_channel', 'fulfillment_channel'],
    ),
  ],
};
