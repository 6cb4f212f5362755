// Mercado Libre orders by last update: GET /orders/search?seller=<id> filtered on
// order.date_last_updated.from/.to, sort=date_asc, offset/limit paging (50 per page, the page
// size the docs show; `paging.total` says when to stop). Each order item becomes one order_line:
// line_id is "<item id>" or "<item id>-<variation id>" (an order holds one entry per item and
// variation), the SKU is the item's seller_sku (seller_custom_field as a fallback).
import type { FeedRule } from '../../../model/feeds';
import { feedLocation } from '../../../model/feeds';
import type { Mapped, OrderLineRow, RejectedRecord } from '../../../model/rows';
import { toAmount, toUtc } from '../../../model/rows';
import type { StreamDefinition } from '../../contract/streams';
import { DAY_MS, HOUR_MS } from '../../contract/window';
import { marketplaceOf, type MercadoLibreConfig } from '../config';
import type { MercadoLibreReadApi } from './api';

export const PAGE_LIMIT = 50;

export interface MlOrderItem {
  item: { id: string; title?: string | null; seller_sku?: string | null; seller_custom_field?: string | null; variation_id?: number | null };
  quantity: number;
  unit_price: number;
  currency_id?: string;
  sale_fee?: number | null;
}

export interface MlOrder {
  id: number;
  status: string;
  status_detail?: unknown;
  date_created: string;
  date_closed?: string | null;
  date_last_updated: string;
  pack_id?: number | null;
  currency_id: string;
  total_amount?: number;
  order_items: MlOrderItem[];
  payments?: { id: number; status: string }[];
  shipping?: { id: number | null } | null;
  seller?: { id: number };
  tags?: string[];
}

export interface OrdersSearchPage {
  query?: string;
  results: MlOrder[];
  paging: { total: number; offset: number; limit: number };
}

/** ML order status (+ tags, payments) → canonical status. */
export function orderStatus(order: Pick<MlOrder, 'status' | 'tags' | 'payments'>): OrderLineRow['order_status'] {
  const tags = order.tags ?? [];
  const payments = order.payments ?? [];
  if (order.status === 'cancelled' || order.status === 'invalid') return 'cancelled';
  if (payments.length > 0 && payments.every((p) => p.status === 'refunded')) return 'refunded';
  if (order.status !== 'paid') return 'pending'; // confirmed, payment_required, payment_in_process, partially_paid…
  return tags.includes('shipped') || tags.includes('delivered') ? 'shipped' : 'unshipped';
}

/** One order → its lines (pure). */
export function mlOrderToLines(order: MlOrder, ctx: { config: { feeds: readonly FeedRule[] }; channel: Pick<MercadoLibreConfig, 'account' | 'site'> }): Mapped<OrderLineRow> {
  const rows: OrderLineRow[] = [];
  const rejects: RejectedRecord[] = [];
  const orderedAt = toUtc(order.date_created);
  if (!orderedAt) return { rows, rejects: [{ record: `order ${order.id}`, field: 'date_created', reason: 'unparseable date', raw_value: order.date_created ?? null }] };
  const marketplace = marketplaceOf(ctx.channel.site);
  const status = orderStatus(order);
  for (const entry of order.order_items ?? []) {
    const itemId = entry.item?.id;
    const lineId = entry.item?.variation_id ? `${itemId}-${entry.item.variation_id}` : itemId;
    const sku = (entry.item?.seller_sku ?? entry.item?.seller_custom_field ?? '').trim();
    if (!itemId) {
      rejects.push({ record: `order ${order.id}`, field: 'order_items.item.id', reason: 'order item without an item id', raw_value: entry.item?.title ?? null });
      continue;
    }
    if (!sku) {
      rejects.push({ record: `order ${order.id} line ${lineId}`, field: 'item.seller_sku', reason: 'missing SKU (seller_sku / seller_custom_field)', raw_value: entry.item.title ?? null });
      continue;
    }
    if (!Number.isInteger(entry.quantity) || entry.quantity < 0) {
      rejects.push({ record: `order ${order.id} line ${lineId}`, field: 'quantity', reason: 'not a non-negative integer', raw_value: String(entry.quantity) });
      continue;
    }
    const unit = toAmount(entry.unit_price);
    rows.push({
      channel: 'mercadolibre',
      marketplace,
      order_id: String(order.id),
      line_id: lineId,
      sku,
      title: entry.item.title ?? null,
      quantity_units: entry.quantity,
      item_price_amount: unit === null ? null : Math.round(unit * entry.quantity * 10_000) / 10_000,
      currency_code: entry.currency_id ?? order.currency_id ?? null,
      order_status: status,
      raw_status: order.status,
      fulfilment: 'merchant',
      location_id: feedLocation(ctx.config, { channel: 'mercadolibre', account: ctx.channel.account, marketplace, fulfilment: 'merchant', sku }),
      ship_country_code: null, // not in the order; the shipment (/shipments/{id}) has the address
      ordered_at: orderedAt,
      shipped_at: null,
      ship_by_at: null, // the deadline lives on /shipments/{id}, which is not pulled
      last_updated_at: toUtc(order.date_last_updated),
    });
  }
  return { rows, rejects };
}

export const orders: StreamDefinition<MercadoLibreConfig, MercadoLibreReadApi> = {
  name: 'orders',
  cursorField: 'date_last_updated',
  mode: 'incremental',
  tables: ['order_line'],
  defaultLookbackHours: 48,
  rules: { lookbackMs: 48 * HOUR_MS, maxSpanMs: 30 * DAY_MS, endLagMs: 60_000 },
  async pull(ctx, window, sink) {
    for (let offset = 0; ; ) {
      const page = await ctx.api.get<OrdersSearchPage>('ordersSearch', '/orders/search', {
        seller: ctx.channel.sellerId,
        'order.date_last_updated.from': window.from,
        'order.date_last_updated.to': window.to,
        sort: 'date_asc',
        offset,
        limit: PAGE_LIMIT,
      });
      const results = page.results ?? [];
      sink.read(results.length);
      for (const order of results) {
        const mapped = mlOrderToLines(order, ctx);
        sink.rows('order_line', mapped.rows);
        sink.rejects(mapped.rejects);
      }
      offset += results.length;
      if (results.length === 0 || offset >= (page.paging?.total ?? 0)) break;
      if ((offset / PAGE_LIMIT) % 20 === 0) ctx.progress(`${offset} of ${page.paging.total} orders`);
    }
  },
};
