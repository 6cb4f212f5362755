// The orders of the channels the demo seller reaches only through an API (Mercado Libre, Shopee:
// their exports are xlsx, so there is no report file to ingest), written as the channel-neutral
// sandbox seed (pipeline/channels/contract/sandboxOrders.ts): one JSON line per order in
// sandbox-orders/<channel>.jsonl. `npm start` loads them into the channels' sandboxes, and the
// pipeline pulls them from there through the channels' APIs. The file ingest never reads them.
import { SANDBOX_ORDERS_DIR, type SandboxOrder } from '../../channels/contract/sandboxOrders';
import { normaliseReturnReason } from '../../model/returnReasons';
import { listingId } from '../../model/keys';
import { DemoOrder } from '../model';

/** The channels whose demo orders go to their sandbox instead of a report file. */
export const SANDBOX_ORDER_CHANNELS: ReadonlySet<string> = new Set(['mercadolibre', 'shopee']);

export const sandboxOrdersFile = (channel: string): string => `${SANDBOX_ORDERS_DIR}/${channel}.jsonl`;

const iso = (ts: number): string => new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
const round2 = (x: number): number => Math.round(x * 100) / 100;
const orNull = (s: string): string | null => (s === '' ? null : s);

export function sandboxOrder(o: DemoOrder): SandboxOrder {
  const first = o.lines[0].listing;
  // Cancelled within a few hours of the order, before it was packed (no random draw: the same bytes).
  const cancelledTs = o.status === 'cancelled' ? o.ts + 1800 + (o.ts % 14_400) : null;
  const lines = o.lines.map((l, i) => {
    const unit = round2(l.unitPrice * (1 - o.discountRate));
    return {
      listing_id: listingId(l.listing.channel, l.listing.marketplace, l.listing.sku.sku, l.listing.fulfilment),
      sku: l.listing.sku.sku,
      channel_listing_id: orNull(l.listing.channelListingId),
      channel_offer_id: orNull(l.listing.channelOfferId),
      channel_inventory_item_id: orNull(l.listing.channelInventoryItemId),
      title: l.listing.sku.title,
      quantity: l.qty,
      unit_price: unit,
      list_price: l.unitPrice,
      // prices include the tax (IVA, GST)
      tax_amount: round2((unit * l.qty * o.taxRate) / (1 + o.taxRate)),
      shipping_amount: i === 0 ? o.shipping : 0,
    };
  });
  const returns = (o.returns ?? []).map((r) => ({
    return_id: r.returnId,
    created_at: iso(r.ts),
    reason: normaliseReturnReason(r.reason),
    comment: r.comment || null,
    lines: [{ line: o.lines.indexOf(r.line), quantity: r.qty, refund_amount: round2(lines[o.lines.indexOf(r.line)].unit_price * r.qty) }],
  }));
  const changes = [o.ts, o.shipTs ?? 0, cancelledTs ?? 0, ...(o.returns ?? []).map((r) => r.ts)];
  return {
    order_id: o.orderId,
    created_at: iso(o.ts),
    updated_at: iso(Math.max(...changes)),
    status: o.status,
    currency: o.currency,
    marketplace: first.marketplace,
    buyer_country: o.customer.country,
    lines,
    shipped_at: o.shipTs === null ? null : iso(o.shipTs),
    cancelled_at: cancelledTs === null ? null : iso(cancelledTs),
    ...(returns.length ? { returns } : {}),
  };
}

export function sandboxOrderLine(o: DemoOrder): string {
  return JSON.stringify(sandboxOrder(o)) + '\n';
}
