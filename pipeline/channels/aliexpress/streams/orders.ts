// AliExpress orders by modification time: `aliexpress.solution.order.get` with an OrderQuery
// whose modified_date_start/end are US Pacific wall times, paged by current_page. FINISH orders
// are only returned when asked for alone, so every window is pulled twice: the open statuses,
// then FINISH (channels.md §4).
import type { FeedRule } from '../../../model/feeds';
import type { AliexpressConfig } from '../config';
import { feedLocation } from '../../../model/feeds';
import type { Mapped, OrderLineRow, RejectedRecord } from '../../../model/rows';
import { toAmount } from '../../../model/rows';
import type { StreamDefinition } from '../../contract/streams';
import { HOUR_MS, DAY_MS } from '../../contract/window';
import type { AliexpressReadApi } from './api';
import { pacificToUtc, utcToPacific } from './pacificTime';

export const PAGE_SIZE = 50;

export const OPEN_STATUSES = [
  'PLACE_ORDER_SUCCESS', 'IN_CANCEL', 'WAIT_SELLER_SEND_GOODS', 'SELLER_PART_SEND_GOODS', 'WAIT_BUYER_ACCEPT_GOODS',
  'FUND_PROCESSING', 'IN_ISSUE', 'IN_FROZEN', 'WAIT_SELLER_EXAMINE_MONEY', 'RISK_CONTROL',
] as const;

interface AeMoney {
  amount: string;
  currency_code: string;
}

export interface AliexpressOrder {
  order_id: number | string;
  gmt_create: string;
  gmt_update: string;
  order_status: string;
  end_reason?: string | null;
  receipt_country?: string | null;
  product_list: {
    order_product_dto: {
      child_id: number | string;
      product_id: number | string;
      sku_code?: string | null;
      product_name?: string | null;
      product_count: number;
      total_product_amount?: AeMoney | null;
    }[];
  };
}

export interface OrderGetAnswer {
  result: {
    success: boolean;
    error_code?: string;
    error_message?: string;
    total_count: number;
    current_page: number;
    page_size: number;
    total_page: number;
    target_list?: { order_dto: AliexpressOrder[] };
  };
}

/** AliExpress order status → canonical status (end_reason tells how a FINISH order ended). */
export function aliexpressStatus(status: string, endReason: string | null | undefined): OrderLineRow['order_status'] {
  switch (status) {
    case 'PLACE_ORDER_SUCCESS':
    case 'WAIT_SELLER_EXAMINE_MONEY':
    case 'RISK_CONTROL':
      return 'pending';
    case 'IN_CANCEL':
    case 'WAIT_SELLER_SEND_GOODS':
    case 'SELLER_PART_SEND_GOODS':
      return 'unshipped';
    case 'FINISH':
      if (/refund/i.test(endReason ?? '')) return 'refunded';
      if (/cancel|close|timeout/i.test(endReason ?? '')) return 'cancelled';
      return 'shipped';
    default:
      return 'shipped'; // WAIT_BUYER_ACCEPT_GOODS, FUND_PROCESSING, IN_ISSUE, IN_FROZEN: goods are out
  }
}

/** One AliExpress order → its order lines (pure; Pacific times become UTC). */
export function aliexpressOrderToLines(order: AliexpressOrder, ctx: { config: { feeds: readonly FeedRule[] }; channel: Pick<AliexpressConfig, 'account' | 'marketplace' | 'currency'> }): Mapped<OrderLineRow> {
  const orderId = String(order.order_id);
  const rows: OrderLineRow[] = [];
  const rejects: RejectedRecord[] = [];
  const orderedAt = pacificToUtc(order.gmt_create);
  if (!orderedAt) return { rows, rejects: [{ record: `order ${orderId}`, field: 'gmt_create', reason: 'unparseable date', raw_value: order.gmt_create }] };
  const status = aliexpressStatus(order.order_status, order.end_reason);
  for (const item of order.product_list?.order_product_dto ?? []) {
    const sku = item.sku_code?.trim();
    const lineId = String(item.child_id);
    if (!sku) {
      rejects.push({ record: `order ${orderId} line ${lineId}`, field: 'sku_code', reason: 'missing SKU', raw_value: item.product_name ?? null });
      continue;
    }
    rows.push({
      channel: 'aliexpress',
      marketplace: ctx.channel.marketplace,
      order_id: orderId,
      line_id: lineId,
      sku,
      title: item.product_name ?? null,
      quantity_units: item.product_count,
      item_price_amount: toAmount(item.total_product_amount?.amount),
      currency_code: item.total_product_amount?.currency_code ?? ctx.channel.currency,
      order_status: status,
      raw_status: order.end_reason ? `${order.order_status}/${order.end_reason}` : order.order_status,
      fulfilment: 'merchant',
      location_id: feedLocation(ctx.config, { channel: 'aliexpress', account: ctx.channel.account, marketplace: ctx.channel.marketplace, fulfilment: 'merchant', sku }),
      ship_country_code: order.receipt_country ?? null,
      ordered_at: orderedAt,
      shipped_at: null,
      ship_by_at: null, // order.get carries no ship-by deadline
      last_updated_at: pacificToUtc(order.gmt_update),
    });
  }
  return { rows, rejects };
}

export const orders: StreamDefinition<AliexpressConfig, AliexpressReadApi> = {
  name: 'orders',
  cursorField: 'gmt_update',
  mode: 'incremental',
  tables: ['order_line'],
  defaultLookbackHours: 48,
  rules: { lookbackMs: 48 * HOUR_MS, maxSpanMs: 30 * DAY_MS, endLagMs: 60_000 },
  async pull(ctx, window, sink) {
    // Pacific wall times have whole seconds; the end is exclusive, so ask up to the second before.
    const start = utcToPacific(window.from);
    const end = utcToPacific(new Date(Date.parse(window.to) - 1000).toISOString());
    for (const statusFilter of [{ order_status_list: [...OPEN_STATUSES] }, { order_status: 'FINISH' }]) {
      for (let page = 1; ; page++) {
        const answer = await ctx.api.call<OrderGetAnswer>('aliexpress.solution.order.get', {
          param0: JSON.stringify({ modified_date_start: start, modified_date_end: end, page_size: PAGE_SIZE, current_page: page, ...statusFilter }),
        });
        const result = answer.result;
        if (!result.success) throw new Error(`aliexpress order.get failed: ${result.error_code ?? ''} ${result.error_message ?? ''}`);
        const list = result.target_list?.order_dto ?? [];
        sink.read(list.length);
        for (const order of list) {
          const mapped = aliexpressOrderToLines(order, ctx);
          sink.rows('order_line', mapped.rows);
          sink.rejects(mapped.rejects);
        }
        if (page >= result.total_page || list.length === 0) break;
      }
    }
  },
};
