// Shopee orders by update time: v2.order.get_order_list (time_range_field=update_time, a window of
// at most 15 days, page_size ≤ 100, paged by cursor while `more`) gives order_sn, then
// v2.order.get_order_detail (≤ 50 order_sn per call, item_list requested) gives the lines. Each
// item of item_list becomes one canonical order_line, its model_sku (else item_sku) as the SKU.
import type { FeedRule } from '../../../model/feeds';
import { feedLocation } from '../../../model/feeds';
import type { Mapped, OrderLineRow, RejectedRecord } from '../../../model/rows';
import { toAmount } from '../../../model/rows';
import type { StreamDefinition } from '../../contract/streams';
import { DAY_MS, HOUR_MS } from '../../contract/window';
import { shopeeCurrency, type ShopeeConfig } from '../config';
import type { ShopeeReadApi } from './api';

export const ORDER_LIST_PATH = '/api/v2/order/get_order_list';
export const ORDER_DETAIL_PATH = '/api/v2/order/get_order_detail';
export const ORDER_PAGE_SIZE = 100;
export const MAX_ORDERS_PER_DETAIL = 50;
/** "The maximum date range that may be specified with the time_from and time_to fields is 15 days." */
export const MAX_WINDOW_SECONDS = 15 * 24 * 3600;
export const DETAIL_FIELDS = 'item_list,pay_time,pickup_done_time,recipient_address,cancel_reason';

export interface ShopeeOrderItem {
  item_id: number;
  item_name?: string;
  item_sku?: string;
  model_id?: number;
  model_name?: string;
  model_sku?: string;
  model_quantity_purchased: number;
  model_original_price?: number;
  model_discounted_price?: number;
}

export interface ShopeeOrder {
  order_sn: string;
  region?: string;
  currency?: string;
  order_status: string;
  /** Unix seconds. */
  create_time: number;
  update_time: number;
  pickup_done_time?: number;
  /** Unix seconds: the deadline to ship the parcel. */
  ship_by_date?: number;
  recipient_address?: { region?: string } | null;
  item_list?: ShopeeOrderItem[];
}

export interface OrderListResponse {
  more: boolean;
  next_cursor?: string;
  order_list?: { order_sn: string; order_status?: string }[];
}

export interface OrderDetailResponse {
  order_list?: ShopeeOrder[];
}

/** Shopee order status → canonical status. */
export function shopeeStatus(status: string): OrderLineRow['order_status'] | null {
  switch (status) {
    case 'UNPAID':
    case 'INVOICE_PENDING':
    case 'PENDING':
      return 'pending';
    case 'READY_TO_SHIP':
    case 'PROCESSED':
    case 'RETRY_SHIP':
    case 'IN_CANCEL': // the buyer asked to cancel; until the seller decides, the goods are still owed
      return 'unshipped';
    case 'SHIPPED':
    case 'TO_CONFIRM_RECEIVE':
    case 'COMPLETED':
      return 'shipped';
    case 'TO_RETURN':
      return 'refunded';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return null;
  }
}

const instant = (seconds: number | undefined | null): string | null => (typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString() : null);

/** One Shopee order → its order lines (pure). */
export function shopeeOrderToLines(order: ShopeeOrder, ctx: { config: { feeds: readonly FeedRule[] }; channel: Pick<ShopeeConfig, 'account' | 'region' | 'currency'> }): Mapped<OrderLineRow> {
  const orderId = String(order.order_sn ?? '');
  const rows: OrderLineRow[] = [];
  const rejects: RejectedRecord[] = [];
  const orderedAt = instant(order.create_time);
  if (!orderId) return { rows, rejects: [{ record: 'order ?', field: 'order_sn', reason: 'missing order_sn', raw_value: null }] };
  if (!orderedAt) return { rows, rejects: [{ record: `order ${orderId}`, field: 'create_time', reason: 'missing or invalid create_time', raw_value: String(order.create_time ?? '') }] };
  const status = shopeeStatus(order.order_status);
  if (!status) return { rows, rejects: [{ record: `order ${orderId}`, field: 'order_status', reason: 'unknown Shopee order status', raw_value: order.order_status ?? null }] };
  const marketplace = ctx.channel.region;
  const seen = new Map<string, number>();
  for (const item of order.item_list ?? []) {
    const base = `${item.item_id}:${item.model_id ?? 0}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const lineId = n === 1 ? base : `${base}:${n}`;
    const sku = (item.model_sku?.trim() || item.item_sku?.trim()) ?? '';
    if (!sku) {
      rejects.push({ record: `order ${orderId} line ${lineId}`, field: 'model_sku', reason: 'missing SKU (neither model_sku nor item_sku is set)', raw_value: item.item_name ?? null });
      continue;
    }
    const quantity = item.model_quantity_purchased;
    if (!Number.isInteger(quantity) || quantity < 0) {
      rejects.push({ record: `order ${orderId} line ${lineId}`, field: 'model_quantity_purchased', reason: 'not a non-negative integer', raw_value: String(quantity) });
      continue;
    }
    const unit = toAmount(item.model_discounted_price ?? item.model_original_price);
    rows.push({
      channel: 'shopee',
      marketplace,
      order_id: orderId,
      line_id: lineId,
      sku,
      title: item.model_name ? `${item.item_name ?? ''} (${item.model_name})`.trim() : (item.item_name ?? null),
      quantity_units: quantity,
      item_price_amount: unit === null ? null : Math.round(unit * quantity * 10_000) / 10_000,
      currency_code: order.currency ?? shopeeCurrency(ctx.channel),
      order_status: status,
      raw_status: order.order_status,
      fulfilment: 'merchant',
      location_id: feedLocation(ctx.config, { channel: 'shopee', account: ctx.channel.account, marketplace, fulfilment: 'merchant', sku }),
      ship_country_code: order.recipient_address?.region ?? order.region ?? null,
      ordered_at: orderedAt,
      shipped_at: instant(order.pickup_done_time),
      ship_by_at: instant(order.ship_by_date),
      last_updated_at: instant(order.update_time),
    });
  }
  return { rows, rejects };
}

/** The [time_from, time_to] seconds of a window [from, to): both inclusive on Shopee's side. */
export function windowSeconds(window: { from: string; to: string }): { time_from: number; time_to: number } {
  const time_from = Math.ceil(Date.parse(window.from) / 1000);
  const time_to = Math.ceil(Date.parse(window.to) / 1000) - 1;
  return { time_from, time_to: Math.min(time_to, time_from + MAX_WINDOW_SECONDS) };
}

export const orders: StreamDefinition<ShopeeConfig, ShopeeReadApi> = {
  name: 'orders',
  cursorField: 'update_time',
  mode: 'incremental',
  tables: ['order_line'],
  defaultLookbackHours: 48,
  rules: { lookbackMs: 48 * HOUR_MS, maxSpanMs: 15 * DAY_MS, endLagMs: 60_000 },
  async pull(ctx, window, sink) {
    const range = windowSeconds(window);
    if (range.time_to < range.time_from) return;
    let cursor = '';
    for (let page = 1; ; page++) {
      const list = await ctx.api.get<OrderListResponse>(ORDER_LIST_PATH, {
        time_range_field: 'update_time',
        ...range,
        page_size: ORDER_PAGE_SIZE,
        cursor,
        response_optional_fields: 'order_status',
      });
      const sns = (list.order_list ?? []).map((o) => o.order_sn);
      for (let i = 0; i < sns.length; i += MAX_ORDERS_PER_DETAIL) {
        const detail = await ctx.api.get<OrderDetailResponse>(ORDER_DETAIL_PATH, { order_sn_list: sns.slice(i, i + MAX_ORDERS_PER_DETAIL).join(','), response_optional_fields: DETAIL_FIELDS });
        const found = detail.order_list ?? [];
        sink.read(found.length);
        for (const order of found) {
          const mapped = shopeeOrderToLines(order, ctx);
          sink.rows('order_line', mapped.rows);
          sink.rejects(mapped.rejects);
        }
      }
      ctx.progress(`shopee orders page ${page}: ${sns.length} orders`);
      if (!list.more || !list.next_cursor || sns.length === 0) break;
      cursor = list.next_cursor;
    }
  },
};
