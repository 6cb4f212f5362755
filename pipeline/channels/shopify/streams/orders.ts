// Shopify orders (with their refunds and returns) by `updated_at`: GraphQL `orders` sorted by
// UPDATED_AT, filtered `updated_at:>=from updated_at:<to`, cursor-paged (channels.md §1.5). A
// refund or return months later bumps the order's updatedAt, so the next window re-reads the whole
// order and the natural-key upsert replaces its lines (status `refunded`) and adds return lines.
import type { FeedRule } from '../../../model/feeds';
import type { ShopifyConfig } from '../config';
import { feedLocation } from '../../../model/feeds';
import { normaliseReturnReason } from '../../../model/returnReasons';
import type { Mapped, OrderLineRow, RejectedRecord, ReturnLineRow } from '../../../model/rows';
import { toAmount, toUtc } from '../../../model/rows';
import type { StreamDefinition } from '../../contract/streams';
import { DAY_MS, HOUR_MS } from '../../contract/window';
import { gidNumber, type ShopifyReadApi } from './api';

/** Orders per page and line items per order: keeps the requested cost under Shopify's 1000 per query. */
export const ORDERS_PAGE = 7;
export const LINE_ITEMS_PAGE = 10;

export const ORDERS_QUERY = `query CrossdockOrders($first: Int!, $after: String, $query: String!, $lineItems: Int!) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name createdAt updatedAt cancelledAt
      displayFinancialStatus displayFulfillmentStatus currencyCode
      shippingAddress { countryCodeV2 }
      lineItems(first: $lineItems) {
        pageInfo { hasNextPage endCursor }
        nodes { id sku title quantity unfulfilledQuantity discountedTotalSet { shopMoney { amount currencyCode } } }
      }
      fulfillments(first: 3) { createdAt status }
      refunds(first: 2) {
        id createdAt
        refundLineItems(first: 5) { nodes { quantity restockType lineItem { id } subtotalSet { shopMoney { amount currencyCode } } } }
      }
      returns(first: 2) {
        nodes {
          id status createdAt
          returnLineItems(first: 5) { nodes { ... on ReturnLineItem { id quantity returnReason customerNote fulfillmentLineItem { lineItem { id sku } } } } }
        }
      }
    }
  }
}`;

/**
 * The requested (static) cost of ORDERS_QUERY by Shopify's rules: scalars 0, objects 1, a
 * connection 2 + first × its selection. Per order: the page's pageInfo and nodes objects (2), the
 * address (1), lineItems (2 + n × 4 with their pageInfo and money objects), fulfillments (2),
 * refunds (2 + 2 × 22) and returns (2 + 2 × 18). Nested `first`s multiply, which is why pages are
 * small: the bucket must hold this much before the query runs. The sandbox computes the same
 * from the query text (test/unit/scheduler checks that they agree).
 */
export function ordersQueryCost(first: number, lineItems: number): number {
  const perOrder = 2 + 1 + (2 + lineItems * 4) + 2 + (2 + 2 * (2 + 5 * 4)) + (2 + 2 * (1 + 2 + 5 * 3));
  return 2 + first * perOrder;
}

/** The rest of a big order's line items (orders with more than LINE_ITEMS_PAGE lines). */
export const MORE_LINE_ITEMS_PAGE = 100;
export const MORE_LINE_ITEMS_QUERY = `query CrossdockOrderLines($id: ID!, $first: Int!, $after: String) {
  order(id: $id) {
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id sku title quantity unfulfilledQuantity discountedTotalSet { shopMoney { amount currencyCode } } }
    }
  }
}`;

/** order (1) + lineItems: 2 + first × (pageInfo + node + money objects). */
export function moreLineItemsCost(first: number): number {
  return 1 + 2 + first * 4;
}

interface Money {
  shopMoney: { amount: string; currencyCode: string };
}

export interface ShopifyOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  currencyCode: string;
  shippingAddress: { countryCodeV2: string | null } | null;
  lineItems: { pageInfo?: { hasNextPage: boolean; endCursor?: string | null }; nodes: { id: string; sku: string | null; title: string | null; quantity: number; unfulfilledQuantity: number; discountedTotalSet: Money | null }[] };
  fulfillments: { createdAt: string; status: string }[];
  refunds: { id: string; createdAt: string; refundLineItems: { nodes: { quantity: number; restockType: string; lineItem: { id: string }; subtotalSet: Money | null }[] } }[];
  returns: {
    nodes: {
      id: string;
      status: string;
      createdAt: string;
      returnLineItems: { nodes: { id: string; quantity: number; returnReason: string | null; customerNote: string | null; fulfillmentLineItem: { lineItem: { id: string; sku: string | null } } | null }[] };
    }[];
  };
}

export interface OrdersPage {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ShopifyOrder[] };
}

export interface ShopifyMapContext {
  config: { feeds: readonly FeedRule[] };
  channel: Pick<ShopifyConfig, 'account' | 'marketplace'>;
}

const PENDING_FINANCIAL = new Set(['PENDING', 'AUTHORIZED', 'EXPIRED']);

/**
 * One Shopify order → its order lines and return lines (pure). Keys match the orders export
 * parser (pipeline/channels/shopify/files/ordersExport.ts), so an export and an API pull of the
 * same order land on the same rows: order_id is the order name ("#1001"), line_id the line's
 * 1-based position in the order.
 */
export function shopifyOrderToRows(order: ShopifyOrder, ctx: ShopifyMapContext): { lines: Mapped<OrderLineRow>; returns: Mapped<ReturnLineRow> } {
  const orderId = order.name;
  const lines: OrderLineRow[] = [];
  const returns: ReturnLineRow[] = [];
  const rejects: RejectedRecord[] = [];
  const orderedAt = toUtc(order.createdAt);
  if (!orderedAt) {
    rejects.push({ record: `order ${orderId}`, field: 'createdAt', reason: 'unparseable date', raw_value: order.createdAt });
    return { lines: { rows: [], rejects }, returns: { rows: [], rejects: [] } };
  }
  const refundedUnits = new Map<string, number>();
  const refundedAmount = new Map<string, number>();
  const restocked = new Set<string>();
  for (const refund of order.refunds ?? []) {
    for (const item of refund.refundLineItems.nodes) {
      const lineId = gidNumber(item.lineItem.id);
      refundedUnits.set(lineId, (refundedUnits.get(lineId) ?? 0) + item.quantity);
      refundedAmount.set(lineId, (refundedAmount.get(lineId) ?? 0) + (toAmount(item.subtotalSet?.shopMoney.amount) ?? 0));
      if (item.restockType === 'RETURN') restocked.add(lineId);
    }
  }
  const firstFulfilment = (order.fulfillments ?? []).map((f) => toUtc(f.createdAt)).filter((t): t is string => t !== null).sort()[0] ?? null;
  const financial = order.displayFinancialStatus ?? '';
  const skuOf = new Map<string, string>();
  if (order.lineItems.pageInfo?.hasNextPage) {
    // The pull completes big orders first (completeLineItems); an incomplete one would understate it.
    rejects.push({ record: `order ${orderId}`, field: 'lineItems', reason: 'line items incomplete (more pages than fetched)', raw_value: order.name });
    return { lines: { rows: [], rejects }, returns: { rows: [], rejects: [] } };
  }
  const position = new Map(order.lineItems.nodes.map((item, i) => [gidNumber(item.id), String(i + 1)]));
  for (const item of order.lineItems.nodes) {
    const gidLine = gidNumber(item.id);
    const lineId = position.get(gidLine)!;
    const record = `order ${orderId} line ${lineId}`;
    const sku = item.sku?.trim();
    if (!sku) {
      rejects.push({ record, field: 'sku', reason: 'missing SKU', raw_value: item.title });
      continue;
    }
    skuOf.set(gidLine, sku);
    let status: OrderLineRow['order_status'];
    if (order.cancelledAt) status = 'cancelled';
    else if (item.quantity > 0 && (refundedUnits.get(gidLine) ?? 0) >= item.quantity) status = 'refunded';
    else if (PENDING_FINANCIAL.has(financial)) status = 'pending';
    else if (item.unfulfilledQuantity === 0) status = 'shipped';
    else status = 'unshipped';
    const money = item.discountedTotalSet?.shopMoney;
    lines.push({
      channel: 'shopify',
      marketplace: ctx.channel.marketplace,
      order_id: orderId,
      line_id: lineId,
      sku,
      title: item.title,
      quantity_units: item.quantity,
      item_price_amount: toAmount(money?.amount),
      currency_code: money?.currencyCode ?? order.currencyCode,
      order_status: status,
      raw_status: `${financial}/${order.displayFulfillmentStatus ?? ''}`,
      fulfilment: 'merchant',
      location_id: feedLocation(ctx.config, { channel: 'shopify', account: ctx.channel.account, marketplace: ctx.channel.marketplace, fulfilment: 'merchant', sku }),
      ship_country_code: order.shippingAddress?.countryCodeV2 ?? null,
      ordered_at: orderedAt,
      shipped_at: status === 'shipped' ? firstFulfilment : null,
      ship_by_at: null, // Shopify orders promise no ship-by date
      last_updated_at: toUtc(order.updatedAt),
    });
  }
  for (const ret of order.returns?.nodes ?? []) {
    if (ret.status === 'CANCELED' || ret.status === 'DECLINED') continue;
    for (const item of ret.returnLineItems.nodes) {
      const lineItem = item.fulfillmentLineItem?.lineItem;
      const lineId = lineItem ? gidNumber(lineItem.id) : null;
      const sku = lineItem?.sku?.trim() || (lineId ? skuOf.get(lineId) : undefined);
      const record = `order ${orderId} return line ${gidNumber(item.id)}`;
      if (!sku) {
        rejects.push({ record, field: 'sku', reason: 'missing SKU', raw_value: lineId });
        continue;
      }
      const returnedAt = toUtc(ret.createdAt) ?? orderedAt;
      const isRestocked = lineId !== null && restocked.has(lineId);
      const refund = lineId ? refundedAmount.get(lineId) : undefined;
      returns.push({
        channel: 'shopify',
        marketplace: ctx.channel.marketplace,
        return_line_id: gidNumber(item.id),
        order_id: orderId,
        sku,
        quantity_units: item.quantity,
        returned_at: returnedAt,
        raw_reason: item.returnReason,
        reason_code: normaliseReturnReason(item.returnReason),
        disposition: isRestocked ? 'sellable' : 'unknown',
        is_restocked: isRestocked,
        raw_status: ret.status,
        customer_comment: item.customerNote,
        location_id: feedLocation(ctx.config, { channel: 'shopify', account: ctx.channel.account, marketplace: ctx.channel.marketplace, fulfilment: 'merchant', sku }),
        refund_amount: refund ?? null,
        currency_code: refund !== undefined ? order.currencyCode : null,
      });
    }
  }
  return { lines: { rows: lines, rejects }, returns: { rows: returns, rejects: [] } };
}

/** The search filter of one window (Shopify's query syntax; instants in UTC). */
export function updatedAtFilter(from: string, to: string): string {
  return `updated_at:>='${from}' AND updated_at:<'${to}'`;
}

interface MoreLinesPage {
  order: { lineItems: ShopifyOrder['lineItems'] } | null;
}

/** Fetches the remaining line item pages of a big order into it (rare: > LINE_ITEMS_PAGE lines). */
async function completeLineItems(api: ShopifyReadApi, order: ShopifyOrder): Promise<void> {
  let after = order.lineItems.pageInfo?.endCursor ?? null;
  while (after) {
    const page: MoreLinesPage = await api.query<MoreLinesPage>('orderLineItems', MORE_LINE_ITEMS_QUERY, { id: order.id, first: MORE_LINE_ITEMS_PAGE, after }, moreLineItemsCost(MORE_LINE_ITEMS_PAGE));
    if (!page.order) return; // deleted meanwhile: the order is refused as incomplete
    order.lineItems.nodes.push(...page.order.lineItems.nodes);
    after = page.order.lineItems.pageInfo?.hasNextPage ? (page.order.lineItems.pageInfo.endCursor ?? null) : null;
    order.lineItems.pageInfo = { hasNextPage: after !== null, endCursor: after };
  }
}

export const orders: StreamDefinition<ShopifyConfig, ShopifyReadApi> = {
  name: 'orders',
  cursorField: 'updatedAt',
  mode: 'incremental',
  tables: ['order_line', 'return_line'],
  defaultLookbackHours: 48,
  // Pagination reaches at most 25,000 orders per filter: keep windows short enough on busy shops.
  rules: { lookbackMs: 48 * HOUR_MS, maxSpanMs: 7 * DAY_MS, endLagMs: 60_000 },
  async pull(ctx, window, sink) {
    let after: string | null = null;
    let pages = 0;
    do {
      const page: OrdersPage = await ctx.api.query<OrdersPage>(
        'orders',
        ORDERS_QUERY,
        { first: ORDERS_PAGE, after, query: updatedAtFilter(window.from, window.to), lineItems: LINE_ITEMS_PAGE },
        ordersQueryCost(ORDERS_PAGE, LINE_ITEMS_PAGE),
      );
      sink.read(page.orders.nodes.length);
      for (const order of page.orders.nodes) {
        if (order.lineItems.pageInfo?.hasNextPage) await completeLineItems(ctx.api, order);
        const { lines, returns } = shopifyOrderToRows(order, { config: ctx.config, channel: ctx.channel });
        sink.rows('order_line', lines.rows);
        sink.rows('return_line', returns.rows);
        sink.rejects([...lines.rejects, ...returns.rejects]);
      }
      after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
      if (++pages % 20 === 0) ctx.progress(`${pages} pages`);
    } while (after);
  },
};
