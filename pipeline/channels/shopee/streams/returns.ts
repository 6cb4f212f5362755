// Shopee returns and refunds: v2.returns.get_return_list, one page (page_no from 0, `more`) of
// the returns created in a window of at most 15 days (create_time_from/_to, unix seconds) — the
// list is filtered by creation, so a later status change is only caught inside the lookback.
// Each returned item (`item[]`: item_id, model_id, item_sku/variation_sku, amount) becomes one
// canonical return_line; Shopee's reason codes are mapped onto the cross-channel taxonomy here.
import { feedLocation, type FeedRule } from '../../../model/feeds';
import { normaliseReturnReason, type ReturnReason } from '../../../model/returnReasons';
import type { Mapped, RejectedRecord, ReturnLineRow } from '../../../model/rows';
import { toAmount } from '../../../model/rows';
import type { StreamDefinition } from '../../contract/streams';
import { DAY_MS } from '../../contract/window';
import { shopeeCurrency, type ShopeeConfig } from '../config';
import type { ShopeeReadApi } from './api';
import { windowSeconds } from './orders';

export const RETURN_LIST_PATH = '/api/v2/returns/get_return_list';
export const RETURN_PAGE_SIZE = 100;

export interface ShopeeReturnItem {
  item_id: number;
  model_id?: number;
  name?: string;
  item_sku?: string;
  variation_sku?: string;
  amount: number;
  item_price?: number;
  refund_amount?: number;
}

export interface ShopeeReturn {
  return_sn: string | number;
  order_sn: string;
  reason?: string;
  text_reason?: string;
  refund_amount?: number;
  currency?: string;
  create_time: number;
  update_time: number;
  status: string;
  item?: ShopeeReturnItem[];
}

export interface ReturnListResponse {
  more: boolean;
  return?: ShopeeReturn[];
  /** Some SDKs name the list `returns`; read either. */
  returns?: ShopeeReturn[];
}

/** Shopee return reasons (ReturnReason enum of the Returns module) → the taxonomy. */
const SHOPEE_REASONS: Record<string, ReturnReason> = {
  NONRECEIPT: 'LATE_DELIVERY',
  WRONG_ITEM: 'WRONG_ITEM_SENT',
  ITEM_WRONGDAMAGED: 'WRONG_ITEM_SENT',
  ITEM_DAMAGED: 'DAMAGED_IN_TRANSIT',
  DIFFERENT_DESCRIPTION: 'NOT_AS_DESCRIBED',
  EXPECTATION_FAILED: 'NOT_AS_DESCRIBED',
  ITEM_FAKE: 'NOT_AS_DESCRIBED',
  ITEM_DEFECTIVE: 'DEFECTIVE',
  FUNCTIONAL_DMG: 'DEFECTIVE',
  ITEM_MISSING: 'MISSING_PARTS',
  PHYSICAL_DMG: 'DAMAGED_IN_TRANSIT',
  CHANGE_MIND: 'CHANGED_MIND',
  MUTUAL_AGREE: 'OTHER',
  OTHER: 'OTHER',
};

export function shopeeReturnReason(raw: string | null | undefined): ReturnReason {
  if (!raw || raw === 'NONE') return 'UNKNOWN';
  return SHOPEE_REASONS[raw.toUpperCase()] ?? normaliseReturnReason(raw);
}

/** One Shopee return → its return lines (pure). */
export function shopeeReturnToLines(ret: ShopeeReturn, ctx: { config: { feeds: readonly FeedRule[] }; channel: Pick<ShopeeConfig, 'account' | 'region' | 'currency'> }): Mapped<ReturnLineRow> {
  const returnSn = String(ret.return_sn ?? '');
  const rows: ReturnLineRow[] = [];
  const rejects: RejectedRecord[] = [];
  const returnedAt = typeof ret.create_time === 'number' && ret.create_time > 0 ? new Date(ret.create_time * 1000).toISOString() : null;
  if (!returnedAt) return { rows, rejects: [{ record: `return ${returnSn}`, field: 'create_time', reason: 'missing or invalid create_time', raw_value: String(ret.create_time ?? '') }] };
  const items = ret.item ?? [];
  for (const item of items) {
    const lineId = `${returnSn}:${item.item_id}:${item.model_id ?? 0}`;
    const sku = item.variation_sku?.trim() || item.item_sku?.trim() || '';
    if (!sku) {
      rejects.push({ record: `return ${returnSn} item ${item.item_id}:${item.model_id ?? 0}`, field: 'variation_sku', reason: 'missing SKU (neither variation_sku nor item_sku is set)', raw_value: item.name ?? null });
      continue;
    }
    if (!Number.isInteger(item.amount) || item.amount < 0) {
      rejects.push({ record: `return ${returnSn} item ${item.item_id}:${item.model_id ?? 0}`, field: 'amount', reason: 'not a non-negative integer', raw_value: String(item.amount) });
      continue;
    }
    // A return of one item carries the refund on the return itself.
    const refund = toAmount(item.refund_amount ?? (items.length === 1 ? ret.refund_amount : undefined));
    rows.push({
      channel: 'shopee',
      marketplace: ctx.channel.region,
      return_line_id: lineId,
      order_id: ret.order_sn || null,
      sku,
      quantity_units: item.amount,
      returned_at: returnedAt,
      raw_reason: ret.reason ?? null,
      reason_code: shopeeReturnReason(ret.reason),
      disposition: 'unknown',
      is_restocked: false,
      raw_status: ret.status ?? null,
      customer_comment: ret.text_reason?.trim() || null,
      location_id: feedLocation(ctx.config, { channel: 'shopee', account: ctx.channel.account, marketplace: ctx.channel.region, fulfilment: 'merchant', sku }),
      refund_amount: refund,
      currency_code: refund === null ? null : (ret.currency ?? shopeeCurrency(ctx.channel)),
    });
  }
  return { rows, rejects };
}

export const returns: StreamDefinition<ShopeeConfig, ShopeeReadApi> = {
  name: 'returns',
  cursorField: 'create_time',
  mode: 'incremental',
  tables: ['return_line'],
  // Filtered by creation: re-read two weeks to pick up refunds and status changes of recent returns.
  defaultLookbackHours: 14 * 24,
  rules: { lookbackMs: 14 * DAY_MS, maxSpanMs: 15 * DAY_MS, endLagMs: 60_000 },
  async pull(ctx, window, sink) {
    const { time_from, time_to } = windowSeconds(window);
    if (time_to < time_from) return;
    for (let page = 0; ; page++) {
      const answer = await ctx.api.get<ReturnListResponse>(RETURN_LIST_PATH, { page_no: page, page_size: RETURN_PAGE_SIZE, create_time_from: time_from, create_time_to: time_to });
      const list = answer.return ?? answer.returns ?? [];
      sink.read(list.length);
      for (const ret of list) {
        const mapped = shopeeReturnToLines(ret, ctx);
        sink.rows('return_line', mapped.rows);
        sink.rejects(mapped.rejects);
      }
      if (!answer.more || list.length === 0) break;
    }
  },
};
