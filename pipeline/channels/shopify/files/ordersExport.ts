// Shopify Admin "Export orders" CSV (channels.md §1.6): one row per line item; order-level
// columns (currency, statuses, dates, addresses, Id) are filled on the first row of an order only,
// so they are carried down to the order's other rows. An order is its `Name` (#1001); a line is
// its position within the order in the export (stable: Shopify writes line items in order).
// `Lineitem sku` is often empty in real stores: such lines are refused (missing SKU), because
// stock and demand are per SKU; give the variants SKUs in Shopify and export again.
import { FieldDef, perFile, ReportSpec } from '../../contract/reports';
import { blankToNull, ident, lit } from '../../contract/reportSql';

/** An order-level column: its value on the order's first row, for every row of the order. */
const carried = (column: string) =>
  `first_value(${blankToNull(ident(column))} ignore nulls) over (${perFile('"name"')} order by line_number rows between unbounded preceding and unbounded following)`;

export const ordersExport: ReportSpec = {
  kind: 'shopify/orders',
  channel: 'shopify',
  label: 'Shopify orders export',
  delimiter: ',',
  quoted: true,
  required: ['name', 'financial status', 'fulfillment status', 'currency', 'created at', 'lineitem quantity', 'lineitem name', 'lineitem price', 'lineitem sku'],
  optional: ['fulfilled at', 'cancelled at', 'lineitem fulfillment status', 'shipping country', 'billing country', 'id', 'refunded amount'],
  target: 'order_line',
  staged: true,
  fields: (): FieldDef[] => [
    { name: 'order_name', source: 'name', type: 'text', required: true },
    { name: 'created_at', source: 'created at', expr: carried('created at'), type: 'timestamp', required: true },
    { name: 'currency', source: 'currency', expr: carried('currency'), type: 'text' },
    { name: 'financial_status', source: 'financial status', expr: carried('financial status'), type: 'text' },
    { name: 'fulfilled_at', source: 'fulfilled at', expr: carried('fulfilled at'), type: 'timestamp' },
    { name: 'cancelled_at', source: 'cancelled at', expr: carried('cancelled at'), type: 'timestamp' },
    { name: 'ship_country', source: 'shipping country', expr: `coalesce(${carried('shipping country')}, ${carried('billing country')})`, type: 'text' },
    { name: 'quantity', source: 'lineitem quantity', type: 'integer', required: true, nonNegative: true },
    { name: 'title', source: 'lineitem name', type: 'text' },
    { name: 'unit_price', source: 'lineitem price', type: 'money', nonNegative: true },
    { name: 'sku', source: 'lineitem sku', type: 'text', required: true },
    { name: 'line_status', source: 'lineitem fulfillment status', type: 'text' },
    { name: 'line_position', expr: `cast(row_number() over (${perFile('"name"')} order by line_number) as varchar)`, type: 'text' },
  ],
  output: (ctx) => ({
    channel: `'shopify'`,
    marketplace: lit(ctx.marketplace),
    order_id: 'order_name',
    line_id: 'line_position',
    sku: 'sku',
    title: 'title',
    quantity_units: 'quantity',
    item_price_amount: 'unit_price * quantity',
    currency_code: 'upper(currency)',
    order_status: `case
        when cancelled_at is not null then 'cancelled'
        when lower(financial_status) in ('refunded', 'voided') then 'refunded'
        when lower(line_status) = 'fulfilled' then 'shipped'
        when lower(financial_status) in ('pending', 'authorized', 'expired') then 'pending'
        else 'unshipped' end`,
    raw_status: `concat_ws(' / ', financial_status, line_status)`,
    fulfilment: `'merchant'`,
    location_id: 'cast(null as varchar)',
    ship_country_code: 'upper(ship_country)',
    ordered_at: 'created_at',
    shipped_at: `case when lower(line_status) = 'fulfilled' then fulfilled_at end`,
    last_updated_at: 'cast(null as timestamp)',
  }),
};
