// eBay orders by last modification: Fulfillment `getOrders` filtered `lastmodifieddate:[from..to]`,
// 200 per page (the maximum) with offset paging until `next` is absent (channels.md §2.5). eBay
// serves only the last 90 days, so a first load (or a watermark older than that) starts at the
// 90-day limit and the run log says what was skipped: older orders come from the Seller Hub export.
import type { FeedRule } from '../../../model/feeds';
import type { EbayConfig } from '../config';
import { feedLocation } from '../../../model/feeds';
import type { Mapped, OrderLineRow, RejectedRecord } from '../../../model/rows';
import { toAmount, toUtc } from '../../../model/rows';
import type { StreamDefinition } from '../../contract/streams';
import { DAY_MS, HOUR_MS } from '../../contract/window';
import type { EbayReadApi } from './api';

export const PAGE_LIMIT = 200;

interface Amount {
  value: string;
  currency: string;
}

export interface EbayOrder {
  orderId: string;
  creationDate: string;
  lastModifiedDate: string;
  orderFulfillmentStatus: string;
  orderPaymentStatus: string;
  cancelStatus?: { cancelState?: string };
  fulfillmentStartInstructions?: { shippingStep?: { shipTo?: { contactAddress?: { countryCode?: string } } } }[];
  lineItems: {
    lineItemId: string;
    /** The listing's item number (Seller Hub "Item number"). */
    legacyItemId?: string;
    sku?: string;
    title?: string;
    quantity: number;
    lineItemCost?: Amount;
    lineItemFulfillmentStatus?: string;
    /** The seller's ship-by deadline for the line (Fulfillment API lineItemFulfillmentInstructions). */
    lineItemFulfillmentInstructions?: { shipByDate?: string };
    listingMarketplaceId?: string;
    refunds?: { amount?: Amount }[];
  }[];
}

export interface OrdersPage {
  total: number;
  offset: number;
  limit: number;
  next?: string;
  orders: EbayOrder[];
}

/** EBAY_US → US, EBAY_DE → DE (the marketplace code order lines carry). */
export function marketplaceCode(marketplaceId: string | undefined): string | null {
  if (!marketplaceId) return null;
  return marketplaceId.replace(/^EBAY_/, '');
}

/**
 * One eBay order → its order lines (pure). line_id is "<item number>-<line item id>" like the
 * Seller Hub orders report's "<Item number>-<Transaction ID>" (for fixed-price sales eBay's line
 * item id is the legacy transaction id [unverified]), so a report and a pull of the same order
 * meet on the same rows.
 */
export function ebayOrderToLines(order: EbayOrder, ctx: { config: { feeds: readonly FeedRule[] }; channel: Pick<EbayConfig, 'account'> }): Mapped<OrderLineRow> {
  const rows: OrderLineRow[] = [];
  const rejects: RejectedRecord[] = [];
  const orderedAt = toUtc(order.creationDate);
  if (!orderedAt) return { rows, rejects: [{ record: `order ${order.orderId}`, field: 'creationDate', reason: 'unparseable date', raw_value: order.creationDate }] };
  const country = order.fulfillmentStartInstructions?.[0]?.shippingStep?.shipTo?.contactAddress?.countryCode ?? null;
  for (const item of order.lineItems) {
    const sku = item.sku?.trim();
    if (!sku) {
      rejects.push({ record: `order ${order.orderId} line ${item.lineItemId}`, field: 'sku', reason: 'missing SKU', raw_value: item.title ?? null });
      continue;
    }
    const refunded = (item.refunds ?? []).reduce((sum, r) => sum + (toAmount(r.amount?.value) ?? 0), 0);
    const cost = toAmount(item.lineItemCost?.value);
    let status: OrderLineRow['order_status'];
    if (order.cancelStatus?.cancelState === 'CANCELED') status = 'cancelled';
    else if (order.orderPaymentStatus === 'FULLY_REFUNDED' || (cost !== null && cost > 0 && refunded >= cost)) status = 'refunded';
    else if (order.orderPaymentStatus === 'PENDING' || order.orderPaymentStatus === 'FAILED') status = 'pending';
    else if (item.lineItemFulfillmentStatus === 'FULFILLED') status = 'shipped';
    else status = 'unshipped';
    const marketplace = marketplaceCode(item.listingMarketplaceId);
    rows.push({
      channel: 'ebay',
      marketplace,
      order_id: order.orderId,
      line_id: item.legacyItemId ? `${item.legacyItemId}-${item.lineItemId}` : item.lineItemId,
      sku,
      title: item.title ?? null,
      quantity_units: item.quantity,
      item_price_amount: cost,
      currency_code: item.lineItemCost?.currency ?? null,
      order_status: status,
      raw_status: `${order.orderPaymentStatus}/${item.lineItemFulfillmentStatus ?? order.orderFulfillmentStatus}`,
      fulfilment: 'merchant',
      location_id: feedLocation(ctx.config, { channel: 'ebay', account: ctx.channel.account, marketplace, fulfilment: 'merchant', sku }),
      ship_country_code: country,
      ordered_at: orderedAt,
      shipped_at: null, // getOrders does not say when; the shipping fulfilments endpoint would
      ship_by_at: toUtc(item.lineItemFulfillmentInstructions?.shipByDate),
      last_updated_at: toUtc(order.lastModifiedDate),
    });
  }
  return { rows, rejects };
}

/** The `filter` parameter of one window (eBay wants millisecond UTC instants). */
export function lastModifiedFilter(from: string, to: string): string {
  return `lastmodifieddate:[${from}..${to}]`;
}

export const orders: StreamDefinition<EbayConfig, EbayReadApi> = {
  name: 'orders',
  cursorField: 'lastModifiedDate',
  mode: 'incremental',
  tables: ['order_line'],
  defaultLookbackHours: 48,
  // 90-day rule (error 30830): keep an hour of margin so a slow first page is not refused.
  rules: { lookbackMs: 48 * HOUR_MS, maxAgeMs: 90 * DAY_MS - HOUR_MS, maxSpanMs: 30 * DAY_MS, endLagMs: 60_000 },
  async pull(ctx, window, sink) {
    let offset = 0;
    for (;;) {
      const page = await ctx.api.get<OrdersPage>('getOrders', '/sell/fulfillment/v1/order', {
        filter: lastModifiedFilter(window.from, window.to),
        limit: PAGE_LIMIT,
        offset,
      });
      sink.read(page.orders.length);
      for (const order of page.orders) {
        const mapped = ebayOrderToLines(order, ctx);
        sink.rows('order_line', mapped.rows);
        sink.rejects(mapped.rejects);
      }
      if (!page.next || page.orders.length === 0) break;
      offset += page.orders.length;
      if ((offset / PAGE_LIMIT) % 20 === 0) ctx.progress(`${offset} of ${page.total} orders`);
    }
  },
};
