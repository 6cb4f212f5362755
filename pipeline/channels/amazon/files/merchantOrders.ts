// Amazon's merchant-fulfilled (MFN) order reports, the files an MFN seller downloads every day
// (Seller Central → Orders → Order Reports) and that the Reports API serves:
// - the order report, GET_FLAT_FILE_ORDERS_DATA_BY_ORDER_DATE_GENERAL (also _BY_LAST_UPDATE_ and
//   the scheduled "new orders" report): one row per order item, order-id / order-item-id,
//   quantity-purchased, prices, and the promises latest-ship-date / latest-delivery-date;
// - the unshipped orders report, GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING: the same lines
//   still to ship, with promise-date (ship by), quantity-shipped / quantity-to-ship and no prices.
// Tab-separated, unquoted, often Windows-1252 in European marketplaces (the engine transcodes it).
// Sources of the layouts: docs/ingest.md.
//
// Neither says an order's status. An order report line is unshipped as of the report; the All
// Orders report (allOrders.ts) or a later unshipped report updates it. Both write the line the All
// Orders report writes, (amazon-order-id, sku), so the three reports make one row per line whose
// newest version wins (its last-updated-date vs this report's payments/reporting date) and whose
// ship-by date survives an All Orders update that lacks one (ingest/replace.ts).
import { lit } from '../../contract/reportSql';
import type { FieldDef, LoadContext, ReportSpec } from '../../contract/reports';
import { marketplaceFromSalesChannelSql } from './marketplaces';

/** The order report's columns as Seller Central and the Reports API write them (docs/ingest.md). */
export const MERCHANT_ORDER_REPORT_COLUMNS = [
  'order-id', 'order-item-id', 'purchase-date', 'payments-date', 'buyer-email', 'buyer-name', 'buyer-phone-number', 'sku', 'product-name',
  'quantity-purchased', 'currency', 'item-price', 'item-tax', 'shipping-price', 'shipping-tax', 'ship-service-level', 'recipient-name',
  'ship-address-1', 'ship-address-2', 'ship-address-3', 'ship-city', 'ship-state', 'ship-postal-code', 'ship-country', 'ship-phone-number',
  'item-promotion-discount', 'item-promotion-id', 'ship-promotion-discount', 'ship-promotion-id', 'delivery-start-date', 'delivery-end-date',
  'delivery-time-zone', 'delivery-Instructions', 'sales-channel', 'earliest-ship-date', 'latest-ship-date', 'earliest-delivery-date',
  'latest-delivery-date', 'is-business-order', 'purchase-order-number', 'price-designation', 'is-prime',
] as const;

/** The columns both reports share (typed the same way). */
const COMMON_FIELDS: FieldDef[] = [
  { name: 'order_id', source: 'order-id', type: 'text', required: true },
  { name: 'ordered_at', source: 'purchase-date', type: 'timestamp', required: true },
  { name: 'paid_at', source: 'payments-date', type: 'timestamp' },
  { name: 'sku', source: 'sku', type: 'text', required: true },
  { name: 'title', source: 'product-name', type: 'text' },
  { name: 'quantity', source: 'quantity-purchased', type: 'integer', required: true, nonNegative: true },
  { name: 'ship_country', source: 'ship-country', type: 'text' },
  { name: 'sales_channel', source: 'sales-channel', type: 'text' },
];

/** The canonical columns both reports fill the same way. */
function commonOutput(ctx: LoadContext): Record<string, string> {
  return {
    channel: `'amazon'`,
    marketplace: marketplaceFromSalesChannelSql('sales_channel', ctx.marketplace),
    order_id: 'order_id',
    line_id: 'sku',
    sku: 'sku',
    title: 'title',
    quantity_units: 'quantity',
    fulfilment: `'merchant'`,
    // shipped from a seller location the report does not name (the listing's location applies)
    location_id: 'cast(null as varchar)',
    ship_country_code: 'upper(ship_country)',
    ordered_at: 'ordered_at',
    shipped_at: 'cast(null as timestamp)',
  };
}

const SHARED_OPTIONAL = ['payments-date', 'product-name', 'ship-country', 'sales-channel'];

export const merchantOrders: ReportSpec = {
  kind: 'amazon/merchant_orders',
  channel: 'amazon',
  label: 'Amazon order report (merchant-fulfilled)',
  delimiter: '\t',
  quoted: false,
  trimCells: false,
  required: ['order-id', 'order-item-id', 'purchase-date', 'sku', 'quantity-purchased', 'currency', 'item-price'],
  optional: [...SHARED_OPTIONAL, 'latest-ship-date', 'latest-delivery-date', 'ship-service-level'],
  forbidden: ['quantity-to-ship'],
  target: 'order_line',
  fields: () => [
    ...COMMON_FIELDS,
    { name: 'currency', source: 'currency', type: 'text' },
    // the line's total for quantity-purchased, before tax (like the All Orders item-price)
    { name: 'item_price', source: 'item-price', type: 'money' },
    { name: 'ship_by', source: 'latest-ship-date', type: 'timestamp' },
  ],
  output: (ctx) => ({
    ...commonOutput(ctx),
    item_price_amount: 'item_price',
    currency_code: 'upper(currency)',
    order_status: `'unshipped'`,
    raw_status: lit('in the order report (no status)'),
    // what the report knew: the order as paid (an All Orders update is newer)
    last_updated_at: 'coalesce(paid_at, ordered_at)',
    ship_by_at: 'ship_by',
  }),
};

export const unshippedOrders: ReportSpec = {
  kind: 'amazon/unshipped_orders',
  channel: 'amazon',
  label: 'Amazon unshipped orders report',
  delimiter: '\t',
  quoted: false,
  trimCells: false,
  required: ['order-id', 'order-item-id', 'purchase-date', 'sku', 'quantity-purchased', 'quantity-shipped', 'quantity-to-ship'],
  optional: [...SHARED_OPTIONAL, 'reporting-date', 'promise-date'],
  target: 'order_line',
  fields: () => [
    ...COMMON_FIELDS,
    { name: 'quantity_to_ship', source: 'quantity-to-ship', type: 'integer', required: true, nonNegative: true },
    { name: 'reported_at', source: 'reporting-date', type: 'timestamp' },
    { name: 'ship_by', source: 'promise-date', type: 'timestamp' },
  ],
  output: (ctx) => ({
    ...commonOutput(ctx),
    // the report carries no prices: left unknown, never zero (another report fills them)
    item_price_amount: 'cast(null as decimal(18, 4))',
    currency_code: 'cast(null as varchar)',
    order_status: `case when quantity_to_ship = 0 then 'shipped' else 'unshipped' end`,
    raw_status: `case when quantity_to_ship = 0 then 'shipped (unshipped orders report)' else quantity_to_ship || ' to ship (unshipped orders report)' end`,
    last_updated_at: 'coalesce(reported_at, paid_at, ordered_at)',
    ship_by_at: 'ship_by',
  }),
};
