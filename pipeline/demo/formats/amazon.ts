// Amazon Seller Central flat files (tab-separated), columns exactly as channels.md §3.5 lists them:
// All Orders (32), FBA Manage Inventory unsuppressed (21), FBA customer returns (13), All Listings
// (29); and the merchant-fulfilled order report (42, docs/ingest.md).
import { MERCHANT_ORDER_REPORT_COLUMNS } from '../../channels/amazon/files/merchantOrders';
import { amazonTimestamp, Calendar } from '../calendar';
import { Listing } from '../catalog';
import { DemoOrder, DemoReturn } from '../model';
import { money, tsv } from './text';

export const ALL_ORDERS_COLUMNS = [
  'amazon-order-id', 'merchant-order-id', 'purchase-date', 'last-updated-date', 'order-status', 'fulfillment-channel',
  'sales-channel', 'order-channel', 'url', 'ship-service-level', 'product-name', 'sku', 'asin', 'item-status', 'quantity',
  'currency', 'item-price', 'item-tax', 'shipping-price', 'shipping-tax', 'gift-wrap-price', 'gift-wrap-tax',
  'item-promotion-discount', 'ship-promotion-discount', 'ship-city', 'ship-state', 'ship-postal-code', 'ship-country',
  'promotion-ids', 'is-business-order', 'purchase-order-number', 'price-designation',
];

export const FBA_MYI_COLUMNS = [
  'sku', 'fnsku', 'asin', 'product-name', 'condition', 'your-price', 'mfn-listing-exists', 'mfn-fulfillable-quantity',
  'afn-listing-exists', 'afn-warehouse-quantity', 'afn-fulfillable-quantity', 'afn-unsellable-quantity',
  'afn-reserved-quantity', 'afn-total-quantity', 'per-unit-volume', 'afn-inbound-working-quantity',
  'afn-inbound-shipped-quantity', 'afn-inbound-receiving-quantity', 'afn-researching-quantity',
  'afn-reserved-future-supply', 'afn-future-supply-buyable',
];

export const FBA_RETURNS_COLUMNS = [
  'return-date', 'order-id', 'sku', 'asin', 'fnsku', 'product-name', 'quantity', 'fulfillment-center-id',
  'detailed-disposition', 'reason', 'status', 'license-plate-number', 'customer-comments',
];

export const ALL_LISTINGS_COLUMNS = [
  'item-name', 'item-description', 'listing-id', 'seller-sku', 'price', 'quantity', 'open-date', 'image-url',
  'item-is-marketplace', 'product-id-type', 'zshop-shipping-fee', 'item-note', 'item-condition', 'zshop-category1',
  'zshop-browse-path', 'zshop-storefront-feature', 'asin1', 'asin2', 'asin3', 'will-ship-internationally',
  'expedited-shipping', 'zshop-boldface', 'product-id', 'bid-for-featured-placement', 'add-delete',
  'pending-quantity', 'fulfillment-channel', 'merchant-shipping-group', 'status',
];

export const tsvHeader = (columns: string[]): string => columns.join('\t') + '\n';

export const SALES_CHANNEL: Record<string, string> = { US: 'Amazon.com', DE: 'Amazon.de' };
export const FULFILLMENT_CENTERS: Record<string, string[]> = {
  US: ['PHX7', 'ONT8', 'MDW2', 'BFI4', 'TPA1', 'SDF8', 'AVP1', 'DFW7'],
  DE: ['FRA3', 'LEJ1', 'MUC3', 'DTM2', 'BER3', 'CGN1'],
};

/**
 * The money of an order's line `i` as Amazon's reports state it: the line's gross price, its share
 * of the promotion, the tax (contained in EU prices, added in the US) and the order's shipping on
 * the first line.
 */
export function lineMoney(o: DemoOrder, i: number): { gross: number; discount: number; tax: number; shipping: number; shippingTax: number } {
  const eu = o.currency !== 'USD';
  const line = o.lines[i];
  const gross = line.unitPrice * line.qty;
  const discount = gross * o.discountRate;
  const tax = eu ? ((gross - discount) * o.taxRate) / (1 + o.taxRate) : (gross - discount) * o.taxRate;
  const shipping = i === 0 ? o.shipping : 0;
  const shippingTax = eu ? (shipping * o.taxRate) / (1 + o.taxRate) : shipping * o.taxRate;
  return { gross, discount, tax, shipping, shippingTax };
}

/** All Orders rows of one order: one per line item; order fields repeat on every line. */
export function allOrdersRows(cal: Calendar, o: DemoOrder): string {
  const fba = o.lines[0].listing.fulfilment === 'fba';
  const marketplace = o.lines[0].listing.marketplace;
  const pending = o.status === 'pending';
  const orderStatus = pending ? 'Pending' : o.status === 'cancelled' ? 'Cancelled' : o.status === 'shipped' ? 'Shipped' : 'Unshipped';
  const itemStatus = o.status === 'cancelled' ? 'Cancelled' : o.status === 'shipped' ? 'Shipped' : 'Unshipped';
  const purchase = amazonTimestamp(cal, o.ts);
  const updated = amazonTimestamp(cal, o.shipTs ?? o.ts + 1800);
  const serviceLevel = fba ? (o.isBusiness ? 'Standard' : 'Expedited') : 'Standard';
  const c = o.customer;
  const promoIds = o.discountRate > 0 ? o.discountCode : '';
  let out = '';
  for (let i = 0; i < o.lines.length; i++) {
    const line = o.lines[i];
    const { gross, discount, tax, shipping, shippingTax } = lineMoney(o, i);
    const m = (x: number): string => (pending ? '' : money(x));
    out +=
      o.orderId + '\t' +
      (fba ? '' : o.orderId) + '\t' +
      purchase + '\t' +
      updated + '\t' +
      orderStatus + '\t' +
      (fba ? 'Amazon' : 'Merchant') + '\t' +
      SALES_CHANNEL[marketplace] + '\t' +
      '\t' +
      '\t' +
      serviceLevel + '\t' +
      tsv(line.listing.sku.title) + '\t' +
      line.listing.sku.sku + '\t' +
      line.listing.sku.asin + '\t' +
      itemStatus + '\t' +
      line.qty + '\t' +
      (pending ? '' : o.currency) + '\t' +
      m(gross) + '\t' +
      m(tax) + '\t' +
      m(shipping) + '\t' +
      m(shippingTax) + '\t' +
      m(0) + '\t' +
      m(0) + '\t' +
      (pending ? '' : discount > 0 ? '-' + money(discount) : money(0)) + '\t' +
      m(0) + '\t' +
      tsv(c.city.toUpperCase()) + '\t' +
      c.state + '\t' +
      c.zip + '\t' +
      c.country + '\t' +
      promoIds + '\t' +
      (o.isBusiness ? 'true' : 'false') + '\t' +
      (o.isBusiness ? 'PO-' + o.serial : '') + '\t' +
      (o.isBusiness ? 'BusinessPrice' : '') + '\n';
  }
  return out;
}

export { MERCHANT_ORDER_REPORT_COLUMNS };

/** Business days a merchant-fulfilled offer promises to ship within (Seller Central's default handling time). */
export const HANDLING_DAYS = 2;
/** Hours from UTC of the marketplace's seller time zone, for the end of the promised day. */
const MARKETPLACE_UTC_OFFSET: Record<string, number> = { US: -8, DE: 1 };

/** The ship-by instant (UTC seconds) of an order placed on `day`: the end of its HANDLING_DAYS-th business day. */
export function shipByTs(cal: Calendar, day: number, marketplace: string): number {
  let promised = day;
  for (let left = HANDLING_DAYS; left > 0; ) {
    promised++;
    const weekday = cal.info(promised).weekday;
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return (promised + 1) * 86400 - 1 - MARKETPLACE_UTC_OFFSET[marketplace] * 3600;
}

/**
 * The merchant order report rows of one merchant-fulfilled order (one per line item), as the
 * seller downloads it once the order is paid: prices like the All Orders report, the buyer
 * (invented, like every demo customer) and the ship-by / deliver-by promises.
 */
export function merchantOrderRows(cal: Calendar, o: DemoOrder): string {
  const marketplace = o.lines[0].listing.marketplace;
  const c = o.customer;
  const shipBy = shipByTs(cal, o.day, marketplace);
  let out = '';
  for (let i = 0; i < o.lines.length; i++) {
    const line = o.lines[i];
    const { gross, discount, tax, shipping, shippingTax } = lineMoney(o, i);
    const cells: Record<(typeof MERCHANT_ORDER_REPORT_COLUMNS)[number], string> = {
      'order-id': o.orderId,
      'order-item-id': o.orderId.replace(/-/g, '').slice(-12) + String(i + 1).padStart(2, '0'),
      'purchase-date': amazonTimestamp(cal, o.ts),
      'payments-date': amazonTimestamp(cal, o.ts + 300),
      'buyer-email': `${c.username}@marketplace.amazon.${marketplace === 'US' ? 'com' : 'de'}`,
      'buyer-name': tsv(c.name),
      'buyer-phone-number': c.phone,
      sku: line.listing.sku.sku,
      'product-name': tsv(line.listing.sku.title),
      'quantity-purchased': String(line.qty),
      currency: o.currency,
      'item-price': money(gross),
      'item-tax': money(tax),
      'shipping-price': money(shipping),
      'shipping-tax': money(shippingTax),
      'ship-service-level': 'Standard',
      'recipient-name': tsv(c.name),
      'ship-address-1': tsv(c.street),
      'ship-address-2': '',
      'ship-address-3': '',
      'ship-city': tsv(c.city),
      'ship-state': c.state,
      'ship-postal-code': c.zip,
      'ship-country': c.country,
      'ship-phone-number': c.phone,
      'item-promotion-discount': discount > 0 ? '-' + money(discount) : '',
      'item-promotion-id': discount > 0 ? o.discountCode : '',
      'ship-promotion-discount': '',
      'ship-promotion-id': '',
      'delivery-start-date': '',
      'delivery-end-date': '',
      'delivery-time-zone': '',
      'delivery-Instructions': '',
      'sales-channel': SALES_CHANNEL[marketplace],
      'earliest-ship-date': amazonTimestamp(cal, o.ts),
      'latest-ship-date': amazonTimestamp(cal, shipBy),
      'earliest-delivery-date': amazonTimestamp(cal, shipBy + 86400),
      'latest-delivery-date': amazonTimestamp(cal, shipBy + 5 * 86400),
      'is-business-order': o.isBusiness ? 'true' : 'false',
      'purchase-order-number': o.isBusiness ? 'PO-' + o.serial : '',
      'price-designation': o.isBusiness ? 'BusinessPrice' : '',
      'is-prime': 'false',
    };
    out += MERCHANT_ORDER_REPORT_COLUMNS.map((column) => cells[column]).join('\t') + '\n';
  }
  return out;
}

export function fbaReturnRow(cal: Calendar, r: DemoReturn, fc: string, lpn: string): string {
  const sku = r.line.listing.sku;
  const status = r.disposition === 'SELLABLE' ? (lpn.charCodeAt(4) % 5 === 0 ? 'Repackaged Successfully' : 'Unit returned to inventory') : r.disposition === 'DAMAGED' || r.disposition === 'CARRIER_DAMAGED' ? 'Reimbursed' : 'Unit returned to inventory';
  return [
    amazonTimestamp(cal, r.ts), r.order.orderId, sku.sku, sku.asin, sku.fnsku, tsv(sku.title), String(r.qty), fc,
    r.disposition, r.reason, status, lpn, tsv(r.comment),
  ].join('\t') + '\n';
}

export interface FbaPosition {
  fulfillable: number;
  reserved: number;
  unsellable: number;
  inboundShipped: number;
  inboundReceiving: number;
}

export function myiRow(l: Listing, p: FbaPosition): string {
  const warehouse = p.fulfillable + p.reserved + p.unsellable;
  const total = warehouse + p.inboundShipped + p.inboundReceiving;
  return [
    l.sku.sku, l.sku.fnsku, l.sku.asin, tsv(l.sku.title), 'New', money(l.price), 'No', '', 'Yes',
    String(warehouse), String(p.fulfillable), String(p.unsellable), String(p.reserved), String(total),
    l.sku.volume.toFixed(2), '0', String(p.inboundShipped), String(p.inboundReceiving), '0', '0', '0',
  ].join('\t') + '\n';
}

export function allListingsRow(l: Listing, quantity: number, openDate: string): string {
  const s = l.sku;
  return [
    tsv(s.title), '', l.channelOfferId, s.sku, money(l.price), String(quantity), openDate, '', 'y', '1', '', '', '11',
    '', '', '', s.asin, '', '', l.marketplace === 'US' ? '1' : '2', 'N', '', s.asin, '', '', '0', 'DEFAULT',
    'Migrated Template', l.status,
  ].join('\t') + '\n';
}
