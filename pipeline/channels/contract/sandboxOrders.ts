// Orders described without any channel's spelling, for seeding a channel sandbox's order history
// (`ChannelSandbox.seedOrders`): the demo writes its API-only channels' orders this way (JSON
// lines under <demo>/sandbox-orders/<channel>.jsonl) and `npm start` hands them to each sandbox,
// which turns them into its channel's native order (and return) records. The pull connectors then
// read them through the channel's documented API, as they would a real seller's.
import type { ReturnReason } from '../../model/returnReasons';

/** The folder of a demo data set holding one `<channel>.jsonl` of SandboxOrder per line. */
export const SANDBOX_ORDERS_DIR = 'sandbox-orders';

export type SandboxOrderStatus = 'pending' | 'unshipped' | 'shipped' | 'cancelled';

export interface SandboxOrderLine {
  /** listing.listing_id (channel:marketplace:sku:fulfilment) */
  listing_id: string;
  sku: string;
  /** The channel's ids of the listing, as in the listing table (null when the channel has none). */
  channel_listing_id: string | null;
  channel_offer_id: string | null;
  channel_inventory_item_id: string | null;
  title: string | null;
  quantity: number;
  /** What the buyer paid per unit, discounts taken off, in the order currency (tax included where prices include it). */
  unit_price: number;
  /** Price before the discount, per unit. */
  list_price: number;
  /** Tax on the line (all units), in the order currency. */
  tax_amount: number;
  /** Shipping charged to the buyer for this line, in the order currency. */
  shipping_amount: number;
}

export interface SandboxReturn {
  return_id: string;
  /** ISO-8601 UTC */
  created_at: string;
  reason: ReturnReason;
  comment: string | null;
  /** The returned units, by index into the order's `lines`. */
  lines: { line: number; quantity: number; refund_amount: number }[];
}

export interface SandboxOrder {
  /** The channel's order id, as the channel spells it (digits, an order_sn…). */
  order_id: string;
  /** ISO-8601 UTC instants */
  created_at: string;
  updated_at: string;
  status: SandboxOrderStatus;
  /** ISO 4217 */
  currency: string;
  /** listing.marketplace */
  marketplace: string;
  /** ISO 3166-1 alpha-2 */
  buyer_country: string | null;
  lines: SandboxOrderLine[];
  shipped_at: string | null;
  cancelled_at: string | null;
  returns?: SandboxReturn[];
}

/** What a sandbox took in. */
export interface SeededOrders {
  orders: number;
  returns: number;
}

/** Parses JSON lines of SandboxOrder (blank lines ignored). */
export function parseSandboxOrders(text: string): SandboxOrder[] {
  const orders: SandboxOrder[] = [];
  for (const line of text.split('\n')) if (line.trim() !== '') orders.push(JSON.parse(line) as SandboxOrder);
  return orders;
}

/** The latest instant of an order (creation, shipment, cancellation, a return): its last update. */
export function lastChange(order: Pick<SandboxOrder, 'created_at' | 'updated_at' | 'shipped_at' | 'cancelled_at' | 'returns'>): string {
  const all = [order.created_at, order.updated_at, order.shipped_at, order.cancelled_at, ...(order.returns ?? []).map((r) => r.created_at)].filter((v): v is string => !!v);
  return all.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}
