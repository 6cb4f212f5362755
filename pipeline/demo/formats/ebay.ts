// eBay Seller Hub "Orders report" CSV (channels.md §2.6): the 82-column header with its mixed
// quoting, a blank or bare-comma line before it, `$12.99` / `EUR 12,99` money, `Nov-26-24` dates,
// a multi-item order as one summary row followed by its item rows, and footer lines with the
// record count and the seller id. CRLF line ends, as the download has.
import { Calendar, localDay } from '../calendar';
import { DemoOrder } from '../model';

/** Byte-exact header line of the report (orders_report_header_only.csv in the real fixtures). */
export const ORDERS_REPORT_HEADER =
  '"Sales Record Number","Order Number","Buyer Username","Buyer Name","Buyer Email","Buyer Note",Buyer Address 1,Buyer Address 2,Buyer City,"Buyer State","Buyer Zip","Buyer Country","Buyer Tax Identifier Name","Buyer Tax Identifier Value",Ship To Name,"Ship To Phone",Ship To Address 1,Ship To Address 2,Ship To City,"Ship To State","Ship To Zip","Ship To Country","Item Number","Item Title",Custom Label,"Sold Via Promoted Listings","Quantity","Sold For","Shipping And Handling",Item Location,"Item Zip Code","Item Country","eBay Collect And Remit Tax Rate","eBay Collect And Remit Tax Type","eBay Reference Name",eBay Reference Value,Tax Status,"Seller Collected Tax","eBay Collected Tax","Electronic Waste Recycling Fee","Mattress Recycling Fee","Battery Recycling Fee","White Goods Disposal Tax","Tire Recycling Fee","Additional Fee","Lumber Fee","Prepaid Wireless Fee","Road Improvement And Food Delivery Fee","eBay Collected Charges","Total Price","eBay Collected Tax and Fees Included in Total","Payment Method","Sale Date","Paid On Date","Ship By Date","Minimum Estimated Delivery Date","Maximum Estimated Delivery Date","Shipped On Date","Feedback Left","Feedback Received","My Item Note","PayPal Transaction ID","Shipping Service","Tracking Number","Transaction ID",Variation Details,"Global Shipping Program","Global Shipping Reference ID","Click And Collect","Click And Collect Reference Number","eBay Plus","Authenticity Verification Program","Authenticity Verification Status","Authenticity Verification Outcome Reason","PSA Vault Program","Vault Fulfillment Type","eBay Fulfillment Program",Tax City,"Tax State","Tax Zip","Tax Country","eBay International Shipping"';

export const ORDERS_REPORT_COLUMNS = ORDERS_REPORT_HEADER.split(',').map((c) => c.replace(/^"|"$/g, ''));
const COL = new Map(ORDERS_REPORT_COLUMNS.map((c, i) => [c, i]));
const N = ORDERS_REPORT_COLUMNS.length;

export const SELLER_ID = 'northpeak_goods';
/** eBay reports dates on the US Pacific calendar. */
const PACIFIC_OFFSET_HOURS = -8;

const COUNTRY_NAMES: Record<string, string> = { US: 'United States', DE: 'Germany', GB: 'United Kingdom', FR: 'France', NL: 'Netherlands', AT: 'Austria' };
const ITEM_LOCATION: Record<string, [string, string, string]> = {
  '3PL-US': ['Dallas, Texas', '75241', 'United States'],
  '3PL-UK': ['Coventry', 'CV6 4DD', 'United Kingdom'],
};

/** `$1,234.50` or `EUR 1.234,50`. */
export function ebayMoney(amount: number, currency: string): string {
  const fixed = (Math.round(amount * 100) / 100).toFixed(2);
  const [int, dec] = fixed.split('.');
  if (currency === 'USD') return '$' + int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + dec;
  return `${currency} ${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
}

/** Blank line in even months, a line of bare commas in odd ones: both occur in real downloads. */
export function preamble(monthIndex: number): string {
  return (monthIndex % 2 === 0 ? '' : ','.repeat(N - 1)) + '\r\n';
}

export function footer(records: number): string {
  return `"${records} record(s) downloaded"\r\n"Seller ID: ${SELLER_ID}"\r\n`;
}

function line(values: string[]): string {
  let out = '';
  for (let i = 0; i < N; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v) out += '"' + v.replace(/"/g, '""') + '"';
  }
  return out + '\r\n';
}

function set(values: string[], column: string, value: string): void {
  const i = COL.get(column);
  if (i === undefined) throw new Error(`no eBay column ${column}`);
  values[i] = value;
}

/**
 * Rows of one order; `salesRecord` is its Sales Record Number, which the summary row and the
 * item rows of a multi-item order share (Seller Hub numbers orders, not transactions).
 */
export function orderRows(cal: Calendar, o: DemoOrder, salesRecord: number, trackingNo: string): string {
  const c = o.customer;
  const cur = o.currency;
  const saleDate = cal.info(localDay(o.ts, PACIFIC_OFFSET_HOURS)).ebay;
  const shipDate = o.shipTs !== null ? cal.info(localDay(o.shipTs, PACIFIC_OFFSET_HOURS)).ebay : '';
  const saleDay = localDay(o.ts, PACIFIC_OFFSET_HOURS);
  let subtotal = 0;
  let units = 0;
  for (const l of o.lines) {
    subtotal += l.unitPrice * l.qty;
    units += l.qty;
  }
  const tax = cur === 'USD' ? Math.round(subtotal * o.taxRate * 100) / 100 : 0;
  const total = subtotal + o.shipping + tax;
  const location = ITEM_LOCATION[o.lines[0].listing.location] ?? ITEM_LOCATION['3PL-US'];

  const orderFields = (v: string[]): void => {
    set(v, 'Sales Record Number', String(salesRecord));
    set(v, 'Order Number', o.orderId);
    set(v, 'Buyer Username', c.username);
    set(v, 'Buyer Name', c.name);
    set(v, 'Buyer Email', c.email);
    set(v, 'Buyer Address 1', c.street);
    set(v, 'Buyer City', c.city);
    set(v, 'Buyer State', c.state);
    set(v, 'Buyer Zip', c.zip);
    set(v, 'Buyer Country', COUNTRY_NAMES[c.country]);
    set(v, 'Ship To Name', c.name);
    set(v, 'Ship To Phone', c.phone);
    set(v, 'Ship To Address 1', c.street);
    set(v, 'Ship To City', c.city);
    set(v, 'Ship To State', c.state);
    set(v, 'Ship To Zip', c.zip);
    set(v, 'Ship To Country', COUNTRY_NAMES[c.country]);
    set(v, 'Shipping And Handling', ebayMoney(o.shipping, cur));
    set(v, 'eBay Collected Tax', ebayMoney(tax, cur));
    set(v, 'Total Price', ebayMoney(total, cur));
    set(v, 'eBay Collected Tax and Fees Included in Total', 'Yes');
    set(v, 'Payment Method', 'eBay Payments');
    set(v, 'Sale Date', saleDate);
    set(v, 'Paid On Date', saleDate);
    set(v, 'Ship By Date', cal.info(saleDay + 2).ebay);
    set(v, 'Minimum Estimated Delivery Date', cal.info(saleDay + 4).ebay);
    set(v, 'Maximum Estimated Delivery Date', cal.info(saleDay + 8).ebay);
    set(v, 'Shipped On Date', shipDate);
    set(v, 'Shipping Service', cur === 'USD' ? 'USPS Ground Advantage' : 'Royal Mail International Tracked');
    set(v, 'Tracking Number', shipDate ? trackingNo : '');
    set(v, 'Global Shipping Program', 'No');
    set(v, 'Click And Collect', 'No');
    set(v, 'eBay Plus', 'No');
  };
  const itemFields = (v: string[], i: number): void => {
    const l = o.lines[i];
    set(v, 'Item Number', l.listing.channelListingId);
    set(v, 'Item Title', l.listing.sku.title);
    set(v, 'Custom Label', l.listing.sku.sku);
    set(v, 'Sold Via Promoted Listings', l.lineRef.charCodeAt(l.lineRef.length - 1) % 4 === 0 ? 'Yes' : 'No');
    set(v, 'Quantity', String(l.qty));
    set(v, 'Sold For', ebayMoney(l.unitPrice, cur));
    set(v, 'Item Location', location[0]);
    set(v, 'Item Zip Code', location[1]);
    set(v, 'Item Country', location[2]);
    set(v, 'Transaction ID', l.lineRef);
    const opt = l.listing.sku.option;
    set(v, 'Variation Details', opt ? `[${opt.name}:${opt.value}]` : '');
  };

  if (o.lines.length === 1) {
    const v = new Array<string>(N).fill('');
    orderFields(v);
    itemFields(v, 0);
    return line(v);
  }
  const summary = new Array<string>(N).fill('');
  orderFields(summary);
  set(summary, 'Quantity', String(units));
  let text = line(summary);
  for (let i = 0; i < o.lines.length; i++) {
    const v = new Array<string>(N).fill('');
    set(v, 'Sales Record Number', String(salesRecord));
    set(v, 'Order Number', o.orderId);
    set(v, 'Buyer Username', c.username);
    set(v, 'Sale Date', saleDate);
    itemFields(v, i);
    text += line(v);
  }
  return text;
}
