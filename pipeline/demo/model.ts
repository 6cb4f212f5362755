// What the simulator hands to the report writers: orders and returns as the demo seller's
// systems saw them, before any channel spells them in its own format.
import { Listing } from './catalog';
import { Customer } from './people';
import { AmazonDisposition } from './returnProfiles';

/**
 * How far back the demo seller kept the reports they download again and again (settlements,
 * payouts, merchant order reports): the six 14-day Amazon settlements of the last 84 days.
 */
export const RECENT_REPORT_DAYS = 84;

export type DemoOrderStatus = 'shipped' | 'cancelled' | 'unshipped' | 'pending';

export interface DemoOrderLine {
  listing: Listing;
  qty: number;
  /** price per unit in the order currency */
  unitPrice: number;
  /** channel's line id (eBay Transaction ID); Amazon's report has none */
  lineRef: string;
  /** ordered while the feeding location had nothing available */
  oversold: boolean;
}

export interface DemoOrder {
  /** e.g. "amazon:US" — the report stream this order is written to */
  stream: string;
  orderId: string;
  /** UTC seconds since the epoch */
  ts: number;
  day: number;
  lines: DemoOrderLine[];
  currency: Listing['currency'];
  customer: Customer;
  status: DemoOrderStatus;
  shipTs: number | null;
  /** 0–1 share taken off the item prices (promotion, discount code) */
  discountRate: number;
  discountCode: string;
  shipping: number;
  /** sales tax / VAT rate applied on top (US) or contained (EU) */
  taxRate: number;
  /** per-channel running number (eBay Sales Record Number, Shopify order number) */
  serial: number;
  isBusiness: boolean;
  /** refunds already paid for returned units (known when the return falls inside the window) */
  refunded: number;
  /** the order's returns inside the window, for channels whose sandbox serves them with the order (Shopee) */
  returns?: DemoReturn[];
}

export interface DemoReturn {
  order: DemoOrder;
  line: DemoOrderLine;
  qty: number;
  day: number;
  ts: number;
  reason: string;
  disposition: AmazonDisposition;
  comment: string;
  returnId: string;
}
