// Seeding the Mercado Libre sandbox's order history: native orders as POST /_sandbox/orders takes
// them, or channel-neutral SandboxOrders (the demo) converted to what GET /orders/search answers.
// Mercado Libre has no returns endpoint here: returns of neutral orders are not carried.
import type { RunningSandbox } from '../../sandbox/server';
import { lastChange, type SandboxOrder, type SeededOrders } from '../../contract/sandboxOrders';
import type { MlOrder } from '../streams/orders';
import type { MercadoLibreStore } from './store';

/** Adds (or, with `replace`, replaces the book with) native orders; returns the book's size. */
export function loadOrders(store: MercadoLibreStore, orders: readonly MlOrder[], replace = false): number {
  if (replace) store.orders.load(orders);
  else for (const order of orders) store.orders.upsert(order);
  return store.orders.size;
}

const STATUS: Record<SandboxOrder['status'], string> = { pending: 'payment_in_process', unshipped: 'paid', shipped: 'paid', cancelled: 'cancelled' };

/** One neutral order as Mercado Libre's orders API spells it (`order.id` must be digits). */
export function mlOrderFrom(order: SandboxOrder, sellerId: number): MlOrder {
  const id = Number(order.order_id);
  if (!/^\d+$/.test(order.order_id) || !Number.isSafeInteger(id)) throw new RangeError(`a Mercado Libre order id is a number, got "${order.order_id}"`);
  const items = order.lines.map((line) => {
    const variation = line.channel_inventory_item_id && /^\d+$/.test(line.channel_inventory_item_id) ? Number(line.channel_inventory_item_id) : null;
    return {
      item: { id: line.channel_listing_id ?? '', title: line.title, seller_sku: line.sku, variation_id: variation },
      quantity: line.quantity,
      unit_price: line.unit_price,
      currency_id: order.currency,
    };
  });
  const total = Math.round(order.lines.reduce((sum, l) => sum + l.unit_price * l.quantity, 0) * 100) / 100;
  const paid = order.status !== 'pending';
  return {
    id,
    status: STATUS[order.status],
    date_created: order.created_at,
    date_closed: paid ? order.created_at : null,
    date_last_updated: lastChange(order),
    currency_id: order.currency,
    total_amount: total,
    order_items: items,
    payments: paid ? [{ id: id * 10 + 1, status: order.status === 'cancelled' ? 'refunded' : 'approved' }] : [],
    shipping: { id: order.status === 'cancelled' ? null : id + 1 },
    seller: { id: sellerId },
    tags: order.status === 'shipped' ? ['paid', 'shipped'] : order.status === 'unshipped' ? ['paid', 'not_delivered'] : [],
  };
}

/** ChannelSandbox.seedOrders: replaces the sandbox's order history with these orders. */
export function seedOrders(sandbox: RunningSandbox, orders: readonly SandboxOrder[]): SeededOrders {
  const store = sandbox.store as unknown as MercadoLibreStore;
  loadOrders(store, orders.map((o) => mlOrderFrom(o, store.sellerId)), true);
  return { orders: orders.length, returns: 0 };
}
