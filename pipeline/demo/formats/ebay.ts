// eBay Seller Hub "Orders report" CSV (channels.md §2.6): the 82-column header with its mixed
// quoting, a blank or bare-comma line before it, `$12.99` / `EUR 12,99` money, `Nov-26-24` dates,
// a multi-item order as one summary row followed by its item rows, and footer lines with the
// record count and the seller id. CRLF line ends, as the download has.
import { Calendar, localDay } from '../calendar';
import { DemoOrder } from '../model';
import { money } from './text';

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

/** Byte-exact header line of the Payments transaction report (the real fixture's last line). */
export const TRANSACTION_REPORT_HEADER =
  '"Transaction creation date","Type","Order number","Legacy order ID","Buyer username","Buyer name","Ship to city","Ship to province/region/state","Ship to zip","Ship to country","Net amount","Payout currency","Payout date","Payout ID","Payout method","Payout status","Reason for hold","Item ID","Transaction ID","Item title","Custom label","Quantity","Item subtotal","Shipping and handling","Seller collected tax","eBay collected tax","Final Value Fee - fixed","Final Value Fee - variable","Very high ""item not as described"" fee","Below standard performance fee","International fee","Deposit processing fee","Gross transaction amount","Transaction currency","Exchange rate","Reference ID","Description"';
const TX_COLUMNS = ['Transaction creation date', 'Type', 'Order number', 'Legacy order ID', 'Buyer username', 'Buyer name', 'Ship to city', 'Ship to province/region/state', 'Ship to zip', 'Ship to country', 'Net amount', 'Payout currency', 'Payout date', 'Payout ID', 'Payout method', 'Payout status', 'Reason for hold', 'Item ID', 'Transaction ID', 'Item title', 'Custom label', 'Quantity', 'Item subtotal', 'Shipping and handling', 'Seller collected tax', 'eBay collected tax', 'Final Value Fee - fixed', 'Final Value Fee - variable', 'Very high "item not as described" fee', 'Below standard performance fee', 'International fee', 'Deposit processing fee', 'Gross transaction amount', 'Transaction currency', 'Exchange rate', 'Reference ID', 'Description'] as const;

/** eBay's fee schedule for most categories: 13.25 % of the total incl. shipping and tax, 0.30 per order (0.40 above 10.00), 1.65 % international. */
export const EBAY_FEES = { variable: 0.1325, fixedSmall: 0.3, fixedLarge: 0.4, international: 0.0165 };

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `Nov 27, 2024`, the report's date. */
function txDate(cal: Calendar, day: number): string {
  const d = cal.info(day);
  return `${MONTH_NAMES[d.month - 1]} ${d.dayOfMonth}, ${d.year}`;
}

/** The report's preamble for one month (as the real download words it), then its header. */
export function transactionReportHead(cal: Calendar, firstDay: number, lastDay: number): string {
  const f = (day: number, time: string, zone: string) => `${cal.info(day).ebay.replace(/-(\d\d)$/, (_m, yy) => `-20${yy}`)} ${time} ${zone}`;
  return [
    '--,--,--,--,--,--,--,--,--,--,--,--,--',
    '"All gross transaction amounts and transaction fees are in the listing currency. Net amounts are in your payout currency."',
    '"All fee amounts include taxes."',
    '""',
    '"Transaction report"',
    '"This report includes transaction type","order, refund, claim, payment dispute, shipping label, transfer, hold, other fee, adjustment, purchase, payout, secondary payout, withheld tax "',
    `"Seller","${SELLER_ID}"`,
    `"Start date","${f(firstDay, '00:00:00 AM', 'PST')}"`,
    `"End date","${f(lastDay, '23:59:59 PM', 'PST')}"`,
    TRANSACTION_REPORT_HEADER,
  ].join('\r\n') + '\r\n';
}

function txLine(cells: Partial<Record<(typeof TX_COLUMNS)[number], string>>): string {
  return TX_COLUMNS.map((c) => '"' + (cells[c] ?? '--').replace(/"/g, '""') + '"').join(',') + '\r\n';
}

/**
 * The transaction report rows of one paid order: one Order row per item with its fees (the fixed
 * fee on the first), and the shipping label the seller bought on eBay for most US orders.
 */
export function transactionRows(cal: Calendar, o: DemoOrder): string {
  const c = o.customer;
  const cur = o.currency;
  const saleDay = localDay(o.ts, PACIFIC_OFFSET_HOURS);
  const site = cur === 'USD' ? 'US' : cur === 'GBP' ? 'GB' : 'DE';
  const payout = { 'Payout currency': cur, 'Payout date': txDate(cal, saleDay + 2), 'Payout ID': String(6_000_000_000 + saleDay), 'Payout method': 'Bank account', 'Payout status': 'Paid' };
  let out = '';
  let orderTotal = 0;
  o.lines.forEach((l, i) => {
    const subtotal = l.unitPrice * l.qty;
    const shipping = i === 0 ? o.shipping : 0;
    const tax = cur === 'USD' ? Math.round(subtotal * o.taxRate * 100) / 100 : 0;
    const total = subtotal + shipping + tax;
    orderTotal += total;
    const fixed = i === 0 ? -(subtotal > 10 ? EBAY_FEES.fixedLarge : EBAY_FEES.fixedSmall) : 0;
    const variable = -Math.round(total * EBAY_FEES.variable * 100) / 100;
    const international = c.country === site ? 0 : -Math.round(total * EBAY_FEES.international * 100) / 100;
    out += txLine({
      'Transaction creation date': txDate(cal, saleDay), Type: 'Order', 'Order number': o.orderId, 'Legacy order ID': `${l.listing.channelListingId}-${l.lineRef}`,
      'Buyer username': c.username, 'Buyer name': c.name, 'Ship to city': c.city, 'Ship to province/region/state': c.state, 'Ship to zip': c.zip, 'Ship to country': c.country,
      'Net amount': money(subtotal + shipping + fixed + variable + international), ...payout,
      'Item ID': l.listing.channelListingId, 'Transaction ID': l.lineRef, 'Item title': l.listing.sku.title, 'Custom label': l.listing.sku.sku, Quantity: String(l.qty),
      'Item subtotal': money(subtotal), 'Shipping and handling': money(shipping), 'Seller collected tax': '0', 'eBay collected tax': money(tax),
      'Final Value Fee - fixed': fixed ? money(fixed) : '0', 'Final Value Fee - variable': money(variable), 'International fee': international ? money(international) : '--',
      'Gross transaction amount': money(total), 'Transaction currency': cur,
    });
  });
  // US orders ship on a label bought through eBay; the 3PL in the UK books its own carrier
  if (cur === 'USD' && o.shipTs !== null) {
    const label = 4.85 + (Number(o.orderId.slice(-1)) % 7) * 0.55 + (orderTotal > 60 ? 2.1 : 0);
    out += txLine({
      'Transaction creation date': txDate(cal, localDay(o.shipTs, PACIFIC_OFFSET_HOURS)), Type: 'Shipping label', 'Order number': o.orderId, 'Net amount': money(-label), ...payout,
      'Reference ID': `SL-${o.orderId.replace(/\D/g, '').slice(-10)}`, Description: 'USPS Ground Advantage',
    });
  }
  return out;
}
