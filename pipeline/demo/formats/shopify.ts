// Shopify Admin CSV exports (channels.md §1.6). Orders: the 79-column export, one row per line
// item, order-level columns only on an order's first row; later rows repeat just Name, Email,
// Created at, the Lineitem columns, Vendor, Lineitem discount and Phone (as the real
// snowboards export does). Inventory: the current per-state layout, one row per variant × location.
import { Calendar, shopifyTimestamp } from '../calendar';
import { CATEGORIES, Sku } from '../catalog';
import { DemoOrder } from '../model';
import { csv, money } from './text';

export const ORDERS_EXPORT_HEADER =
  'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References';

export const ORDERS_EXPORT_COLUMNS = ORDERS_EXPORT_HEADER.split(',');
const COL = new Map(ORDERS_EXPORT_COLUMNS.map((c, i) => [c, i]));
const N = ORDERS_EXPORT_COLUMNS.length;

export const INVENTORY_EXPORT_HEADER =
  'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Incoming,Unavailable,Committed,Available,On hand';

/** Shopify's name for the location that OWN-CN is. */
export const SHOPIFY_LOCATION_NAME = 'Shenzhen Warehouse';

const TAX_NAMES: Record<string, string> = { DE: 'DE VAT 19%', FR: 'FR TVA 20%', NL: 'NL BTW 21%', AT: 'AT USt 20%', GB: 'GB VAT 20%' };

function set(values: string[], column: string, value: string): void {
  const i = COL.get(column);
  if (i === undefined) throw new Error(`no Shopify column ${column}`);
  values[i] = value;
}

/** Marks a field the export writes as an explicitly empty string (`""`) rather than nothing. */
const EMPTY_STRING = '\u0000';

function line(values: string[]): string {
  let out = '';
  for (let i = 0; i < N; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === EMPTY_STRING ? '""' : csv(v);
  }
  return out + '\n';
}

export interface ShopifyOrderExtras {
  /** refunds already made for returned items */
  refunded: number;
  numericId: string;
  paymentRef: string;
  riskLevel: string;
  paymentMethod: string;
}

/** An order's money as the export states it: tax included in EUR/GBP prices, added in the US. */
export function orderTotals(o: DemoOrder): { discount: number; subtotal: number; taxes: number; total: number } {
  const taxIncluded = o.currency !== 'USD';
  let gross = 0;
  for (const l of o.lines) gross += l.unitPrice * l.qty;
  const discount = Math.round(gross * o.discountRate * 100) / 100;
  const subtotal = gross - discount;
  const taxes = taxIncluded ? (subtotal * o.taxRate) / (1 + o.taxRate) : subtotal * o.taxRate;
  return { discount, subtotal, taxes, total: subtotal + o.shipping + (taxIncluded ? 0 : taxes) };
}

export function orderRows(cal: Calendar, o: DemoOrder, x: ShopifyOrderExtras): string {
  const c = o.customer;
  const created = shopifyTimestamp(cal, o.ts);
  const name = '#' + o.serial;
  const cancelled = o.status === 'cancelled';
  const shipped = o.status === 'shipped';
  const { discount, subtotal, taxes, total } = orderTotals(o);
  const financial = cancelled ? 'refunded' : x.refunded > 0 ? (x.refunded >= total - 0.005 ? 'refunded' : 'partially_refunded') : 'paid';
  const refunded = cancelled ? total : x.refunded;

  let out = '';
  for (let i = 0; i < o.lines.length; i++) {
    const l = o.lines[i];
    const v = new Array<string>(N).fill('');
    set(v, 'Name', name);
    set(v, 'Email', c.email);
    set(v, 'Created at', created);
    set(v, 'Lineitem quantity', String(l.qty));
    set(v, 'Lineitem name', l.listing.sku.title);
    set(v, 'Lineitem price', money(l.unitPrice));
    set(v, 'Lineitem sku', l.listing.sku.sku);
    set(v, 'Lineitem requires shipping', 'true');
    set(v, 'Lineitem taxable', 'true');
    set(v, 'Lineitem fulfillment status', shipped ? 'fulfilled' : 'pending');
    set(v, 'Vendor', CATEGORIES[l.listing.sku.category].brand);
    set(v, 'Lineitem discount', '0.00');
    set(v, 'Phone', c.phone);
    if (i === 0) {
      set(v, 'Financial Status', financial);
      set(v, 'Paid at', created);
      set(v, 'Fulfillment Status', shipped ? 'fulfilled' : 'unfulfilled');
      set(v, 'Fulfilled at', shipped && o.shipTs !== null ? shopifyTimestamp(cal, o.shipTs) : '');
      set(v, 'Accepts Marketing', o.serial % 3 === 0 ? 'yes' : 'no');
      set(v, 'Currency', o.currency);
      set(v, 'Subtotal', money(subtotal));
      set(v, 'Shipping', money(o.shipping));
      set(v, 'Taxes', money(taxes));
      set(v, 'Total', money(total));
      set(v, 'Discount Code', o.discountCode);
      set(v, 'Discount Amount', money(discount));
      set(v, 'Shipping Method', o.currency === 'USD' ? 'Standard Shipping' : 'Standard International Shipping');
      for (const who of ['Billing', 'Shipping']) {
        set(v, `${who} Name`, c.name);
        set(v, `${who} Street`, c.street);
        set(v, `${who} Address1`, c.street);
        set(v, `${who} City`, c.city);
        set(v, `${who} Zip`, c.zip);
        set(v, `${who} Province`, c.country === 'US' ? c.state : '');
        set(v, `${who} Country`, c.country);
        set(v, `${who} Phone`, c.phone);
        set(v, `${who} Province Name`, c.country === 'US' ? c.stateName : '');
      }
      set(v, 'Cancelled at', cancelled ? shopifyTimestamp(cal, o.ts + 3 * 3600) : '');
      set(v, 'Payment Method', x.paymentMethod);
      set(v, 'Payment Reference', x.paymentRef);
      set(v, 'Refunded Amount', money(refunded));
      set(v, 'Outstanding Balance', '0.00');
      set(v, 'Id', x.numericId);
      set(v, 'Risk Level', x.riskLevel);
      set(v, 'Source', 'web');
      if (taxes > 0) {
        set(v, 'Tax 1 Name', c.country === 'US' ? `${c.state} State Tax ${Math.round(o.taxRate * 100)}%` : TAX_NAMES[c.country] ?? 'VAT');
        set(v, 'Tax 1 Value', money(taxes));
      }
      set(v, 'Payment ID', x.paymentRef);
      set(v, 'Payment References', x.paymentRef);
    }
    if (i === 0) {
      // The export writes an explicitly empty string for these order fields when blank…
      if (!o.discountCode) set(v, 'Discount Code', EMPTY_STRING);
      set(v, 'Note Attributes', EMPTY_STRING);
      set(v, 'Tags', EMPTY_STRING);
    } else {
      // …and for the compare-at price on an order's later rows.
      set(v, 'Lineitem compare at price', EMPTY_STRING);
    }
    out += line(v);
  }
  return out;
}

export interface ShopifyStockRow {
  sku: Sku;
  incoming: number;
  unavailable: number;
  committed: number;
  available: number;
}

export function inventoryRow(r: ShopifyStockRow): string {
  const s = r.sku;
  const onHand = r.available + r.committed + r.unavailable;
  const opt = s.option ?? { name: 'Title', value: 'Default Title' };
  return [
    s.handle, csv(s.productTitle), opt.name, csv(opt.value), '', '', '', '', s.sku, CATEGORIES[s.category].hsCode, 'CN',
    csv(SHOPIFY_LOCATION_NAME), String(r.incoming), String(r.unavailable), String(r.committed), String(r.available), String(onHand),
  ].join(',') + '\n';
}

/** Shopify Payments' "Export transactions" (Finances → Payouts), the columns docs/ingest.md cites. */
export const PAYMENTS_TRANSACTIONS_HEADER =
  'Transaction Date,Type,Order,Card Brand,Card Source,Payout Status,Payout Date,Payout ID,Available On,Amount,Fee,Net,Checkout,Payment Method Name,Presentment Amount,Presentment Currency,Currency';

/** Shopify Payments' online card rate on the Basic plan: 2.9 % + 0.30 in USD, 2.5 % + 0.25 otherwise. */
export function paymentsFee(amount: number, currency: string): number {
  return currency === 'USD' ? amount * 0.029 + 0.3 : amount * 0.025 + 0.25;
}

/** The charge row of an order paid with Shopify Payments, paid out three days later. */
export function paymentsChargeRow(cal: Calendar, o: DemoOrder): string {
  const { total } = orderTotals(o);
  const fee = Math.round(paymentsFee(total, o.currency) * 100) / 100;
  const payoutDay = cal.info(o.day + 3).iso;
  const brands = ['visa', 'master', 'american_express', 'visa'];
  return [
    shopifyTimestamp(cal, o.ts), 'charge', '#' + o.serial, brands[o.serial % brands.length], 'online', 'paid', payoutDay,
    String(90_000_000 + o.day), payoutDay, money(total), money(fee), money(total - fee), '#' + (30_000_000_000 + o.serial), 'card',
    money(total), o.currency, o.currency,
  ].join(',') + '\n';
}
