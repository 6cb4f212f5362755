// eBay Seller Hub "Orders report" CSV (channels.md §2.6), and the older Selling Manager "Sales
// History" download it replaced, which names some columns differently (Order ID for Order Number,
// Item ID for Item Number, Sale Price for Sold For) and may start its header line with a tab.
// Quirks handled here:
// - blank or comma-only lines before the header (found by the sniffer), an all-empty padding
//   row after it, and 1–2 footer lines after the data ("N record(s) downloaded…", "Seller ID: …");
// - a multi-item order is a summary row (order money, buyer, dates; no item) followed by one row
//   per item: the summary is not a record, and its order-level values are carried to the items;
// - money like "$12.99", "EUR 12,99", "AU $3,000.00", "£5.00" (the currency is in the text);
// - dates like "Nov-26-24" or "Nov-26-24 14:05:00" (no time zone: read as UTC);
// - "Ship By Date", the handling-time promise, as a day (ship_by_at: its last second).
// The SKU is `Custom Label`; `Sold For` (`Sale Price`) is the unit price, so a line is Sold For ×
// Quantity. A line is identified by Item Number + Transaction ID (else the custom label) within
// its order.
import { FieldDef, LoadContext, perFile, ReportSpec } from '../../contract/reports';
import { blankToNull, caseMap, ident, lit, presentColumn } from '../../contract/reportSql';
import { countryCodeSql } from '../../../model/countries';

/** Date formats of the report (month names in English, as eBay writes them). */
export const EBAY_DATE_FORMATS = ['%b-%d-%y %H:%M:%S', '%b-%d-%y', '%b-%d-%Y %H:%M:%S', '%b-%d-%Y', '%d-%b-%y', '%b %d, %Y', '%d %b %Y', '%m/%d/%Y', '%d.%m.%Y'];

/** The order a row belongs to: its sales record number, else its order number (Sales History: order id). */
const GROUP = `coalesce(${blankToNull('"sales record number"')}, ${blankToNull('"order number"')}, ${blankToNull('"order id"')})`;
const HAS_ITEM = `coalesce(${blankToNull('"item number"')}, ${blankToNull('"item id"')}, ${blankToNull('"custom label"')}) is not null`;

/** Order-level columns: the row's own value, else its order's (from the summary row), in order. */
const carried = (...columns: string[]) => {
  const values = columns.flatMap((c) => [blankToNull(ident(c)), `max(${blankToNull(ident(c))}) over (${perFile(GROUP)})`]);
  return `coalesce(${values.join(', ')})`;
};

/** Currency written into a money text. */
export function currencyFromMoneySql(expr: string): string {
  const x = `coalesce(${expr}, '')`;
  return `case
      when regexp_matches(${x}, '^\\s*AU\\s*\\$') then 'AUD'
      when regexp_matches(${x}, '^\\s*(C|CA|CAD)\\s*\\$') then 'CAD'
      when regexp_matches(${x}, '^\\s*(US\\s*)?\\$') then 'USD'
      when regexp_matches(${x}, '£|GBP') then 'GBP'
      when regexp_matches(${x}, '€|EUR') then 'EUR'
      when regexp_matches(${x}, '^\\s*[A-Z]{3}\\b') then regexp_extract(${x}, '^\\s*([A-Z]{3})', 1)
    end`;
}

const SITE_OF_CURRENCY: Record<string, string> = { USD: 'US', GBP: 'UK', EUR: 'DE', AUD: 'AU', CAD: 'CA' };
const CURRENCY_OF_SITE: Record<string, string> = { US: 'USD', UK: 'GBP', GB: 'GBP', DE: 'EUR', FR: 'EUR', IT: 'EUR', ES: 'EUR', AU: 'AUD', CA: 'CAD' };

function marketplaceSql(ctx: LoadContext): string {
  return ctx.marketplaceExplicit ? lit(ctx.marketplace) : caseMap('currency', SITE_OF_CURRENCY, lit(ctx.marketplace));
}

export const ordersReport: ReportSpec = {
  kind: 'ebay/orders',
  channel: 'ebay',
  label: 'eBay orders report (Seller Hub, or Selling Manager sales history)',
  delimiter: ',',
  quoted: true,
  required: ['custom label', 'quantity', 'sale date'],
  oneOf: [
    ['order number', 'order id'],
    ['sold for', 'sale price'],
  ],
  optional: [
    'sales record number', 'item number', 'item id', 'item title', 'transaction id', 'paid on date', 'shipped on date', 'ship to country',
    'post to country', 'buyer country', 'total price', 'variation details', 'ship by date',
  ],
  target: 'order_line',
  staged: true,
  isRecord: () => {
    // Footers: "83 record(s) downloaded…" in one cell, or "83","record(s) downloaded…" in two.
    const firstCells = `lower(concat_ws(' ', "sales record number", "order number", "order id"))`;
    const footer = `regexp_matches(${firstCells}, 'record\\(s\\) downloaded|^\\s*seller id')`;
    const summary = `not (${HAS_ITEM}) and count(case when ${HAS_ITEM} then 1 end) over (${perFile(GROUP)}) > 0`;
    return `not ${footer} and not coalesce(${summary}, false)`;
  },
  fields: (_ctx, header): FieldDef[] => [
    { name: 'order_id', source: presentColumn(header, 'order number', 'order id'), expr: carried('order number', 'order id', 'sales record number'), type: 'text', required: true },
    { name: 'item_number', source: presentColumn(header, 'item number', 'item id'), type: 'text' },
    { name: 'transaction_id', source: 'transaction id', type: 'text' },
    { name: 'sku', source: 'custom label', type: 'text', required: true },
    { name: 'title', source: 'item title', expr: `concat_ws(' ', ${blankToNull('"item title"')}, ${blankToNull('"variation details"')})`, type: 'text' },
    { name: 'quantity', source: 'quantity', type: 'integer', required: true, nonNegative: true },
    { name: 'unit_price', source: presentColumn(header, 'sold for', 'sale price'), type: 'money', nonNegative: true },
    {
      name: 'currency',
      source: presentColumn(header, 'sold for', 'sale price'),
      expr: `coalesce(${currencyFromMoneySql(blankToNull(ident(presentColumn(header, 'sold for', 'sale price'))))}, ${currencyFromMoneySql(`max(${blankToNull('"total price"')}) over (${perFile(GROUP)})`)})`,
      type: 'text',
    },
    { name: 'sold_at', source: 'sale date', expr: carried('sale date'), type: 'timestamp', required: true, formats: EBAY_DATE_FORMATS },
    { name: 'paid_at', source: 'paid on date', expr: carried('paid on date'), type: 'timestamp', formats: EBAY_DATE_FORMATS },
    { name: 'shipped_at', source: 'shipped on date', expr: carried('shipped on date'), type: 'timestamp', formats: EBAY_DATE_FORMATS },
    { name: 'ship_by', source: 'ship by date', expr: carried('ship by date'), type: 'timestamp', formats: EBAY_DATE_FORMATS },
    { name: 'ship_country', source: 'ship to country', expr: carried('ship to country', 'post to country', 'buyer country'), type: 'text' },
  ],
  output: (ctx) => ({
    channel: `'ebay'`,
    marketplace: marketplaceSql(ctx),
    order_id: 'order_id',
    line_id: `coalesce(nullif(concat_ws('-', item_number, transaction_id), ''), sku)`,
    sku: 'sku',
    title: `nullif(title, '')`,
    quantity_units: 'quantity',
    item_price_amount: 'unit_price * quantity',
    currency_code: `coalesce(currency, ${lit(CURRENCY_OF_SITE[ctx.marketplace] ?? 'USD')})`,
    order_status: `case when shipped_at is not null then 'shipped' when paid_at is not null then 'unshipped' else 'pending' end`,
    raw_status: `case when shipped_at is not null then 'Shipped' when paid_at is not null then 'Paid' else 'Awaiting payment' end`,
    fulfilment: `'merchant'`,
    location_id: 'cast(null as varchar)',
    ship_country_code: countryCodeSql('ship_country'),
    ordered_at: 'sold_at',
    shipped_at: 'shipped_at',
    last_updated_at: 'cast(null as timestamp)',
    // "Ship By Date" is a day: the line is late when shipped after it ends
    ship_by_at: `ship_by + interval 86399 second`,
  }),
};
