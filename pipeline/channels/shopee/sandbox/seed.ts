// Seeding the Shopee sandbox: channel-neutral SandboxOrders (the demo) converted to the records
// get_order_detail and get_return_list answer with, loaded through the same book and list as
// POST /_sandbox/orders and /_sandbox/returns.
import type { RunningSandbox } from '../../sandbox/server';
import { lastChange, type SandboxOrder, type SeededOrders } from '../../contract/sandboxOrders';
import type { ReturnReason } from '../../../model/returnReasons';
import type { ShopeeOrder } from '../streams/orders';
import { shopeeReturnReason, type ShopeeReturn } from '../streams/returns';
import { loadOrders } from './routes/orders';
import { loadReturns } from './routes/returns';
import type { ShopeeStore } from './store';

const STATUS: Record<SandboxOrder['status'], string> = { pending: 'UNPAID', unshipped: 'READY_TO_SHIP', shipped: 'COMPLETED', cancelled: 'CANCELLED' };

// Shopee's own reason for each cross-channel reason: the first code (in this order) that the
// returns stream maps onto it, so that seeded returns read back as the reason they were given.
const REASON_CODES = ['ITEM_DEFECTIVE', 'DIFFERENT_DESCRIPTION', 'WRONG_ITEM', 'ITEM_DAMAGED', 'ITEM_MISSING', 'CHANGE_MIND', 'NONRECEIPT', 'MUTUAL_AGREE', 'OTHER'];
const REASON_OF = new Map<ReturnReason, string>();
for (const code of REASON_CODES) if (!REASON_OF.has(shopeeReturnReason(code))) REASON_OF.set(shopeeReturnReason(code), code);

const seconds = (iso: string | null): number | undefined => (iso ? Math.floor(Date.parse(iso) / 1000) : undefined);
const numeric = (id: string | null): number => (id && /^\d+$/.test(id) ? Number(id) : 0);

/** One neutral order as get_order_detail answers it (item_list, pickup_done_time, recipient_address included). */
export function shopeeOrderFrom(order: SandboxOrder, region: string): ShopeeOrder {
  return {
    order_sn: order.order_id,
    region,
    currency: order.currency,
    order_status: STATUS[order.status],
    create_time: seconds(order.created_at)!,
    update_time: seconds(lastChange(order))!,
    ...(order.shipped_at ? { pickup_done_time: seconds(order.shipped_at) } : {}),
    recipient_address: { region: order.buyer_country ?? region },
    item_list: order.lines.map((line) => {
      const modelId = numeric(line.channel_inventory_item_id);
      return {
        item_id: numeric(line.channel_listing_id),
        item_name: line.title ?? undefined,
        // An item without models carries the SKU on the item; a model carries its own.
        item_sku: modelId === 0 ? line.sku : '',
        model_id: modelId,
        model_sku: modelId === 0 ? '' : line.sku,
        model_quantity_purchased: line.quantity,
        model_original_price: line.list_price,
        model_discounted_price: line.unit_price,
      };
    }),
  };
}

/** The returns of one neutral order as get_return_list answers them. */
export function shopeeReturnsFrom(order: SandboxOrder): ShopeeReturn[] {
  return (order.returns ?? []).map((ret) => {
    const items = ret.lines.map(({ line, quantity, refund_amount }) => {
      const l = order.lines[line];
      const modelId = numeric(l.channel_inventory_item_id);
      return { item_id: numeric(l.channel_listing_id), model_id: modelId, name: l.title ?? undefined, item_sku: l.sku, variation_sku: modelId === 0 ? '' : l.sku, amount: quantity, item_price: l.unit_price, refund_amount };
    });
    const created = seconds(ret.created_at)!;
    return {
      return_sn: ret.return_id,
      order_sn: order.order_id,
      reason: REASON_OF.get(ret.reason) ?? 'OTHER',
      text_reason: ret.comment ?? '',
      refund_amount: Math.round(ret.lines.reduce((sum, l) => sum + l.refund_amount, 0) * 100) / 100,
      currency: order.currency,
      create_time: created,
      update_time: created,
      status: 'ACCEPTED',
      item: items,
    };
  });
}

/** ChannelSandbox.seedOrders: replaces the sandbox's orders and returns with these. */
export function seedOrders(sandbox: RunningSandbox, orders: readonly SandboxOrder[]): SeededOrders {
  const store = sandbox.store as unknown as ShopeeStore;
  const region = orders[0]?.marketplace ?? 'SG';
  loadOrders(store, orders.map((o) => shopeeOrderFrom(o, o.marketplace || region)), true);
  const returns = orders.flatMap(shopeeReturnsFrom);
  loadReturns(store, returns, true);
  return { orders: orders.length, returns: returns.length };
}
