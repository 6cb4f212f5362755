// Orders in the Shopee sandbox: get_order_list (time_range_field create_time|update_time, unix
// seconds, both bounds inclusive, at most 15 days apart; page_size 1–100; an opaque cursor with
// `more`/`next_cursor`; order_status only with response_optional_fields=order_status) and
// get_order_detail (≤ 50 order_sn; item_list only when asked for). Tests seed orders with
// `shopeeOrderBook(sandbox.store)` or POST /_sandbox/orders.
import { OrderBook, QueryCache } from '../../../sandbox/orderBook';
import type { SandboxRoutes } from '../../../sandbox/server';
import { MAX_ORDERS_PER_DETAIL, MAX_WINDOW_SECONDS, ORDER_DETAIL_PATH, ORDER_LIST_PATH, ORDER_PAGE_SIZE, type ShopeeOrder } from '../../streams/orders';
import { ShopeeFault, type ShopeeStore } from '../store';

const books = new WeakMap<ShopeeStore, OrderBook<ShopeeOrder>>();

export function shopeeOrderBook(store: ShopeeStore): OrderBook<ShopeeOrder> {
  let book = books.get(store);
  if (!book) {
    book = new OrderBook<ShopeeOrder>((o) => o.order_sn, (o) => new Date(o.update_time * 1000).toISOString());
    books.set(store, book);
  }
  return book;
}

/** Adds (or, with `replace`, replaces the book with) native orders; returns the book's size. */
export function loadOrders(store: ShopeeStore, orders: readonly ShopeeOrder[], replace = false): number {
  const book = shopeeOrderBook(store);
  if (replace) book.load(orders);
  else for (const order of orders) book.upsert(order);
  return book.size;
}

const fields = (raw: string | undefined) => new Set((raw ?? '').split(',').map((f) => f.trim()).filter(Boolean));

export const routes: SandboxRoutes<ShopeeStore> = (app, ctx) => {
  const book = shopeeOrderBook(ctx.store);
  const cache = new QueryCache<ShopeeOrder>();

  ctx.store.handlers.set(`GET ${ORDER_LIST_PATH}`, ({ query }) => {
    const field = query.time_range_field;
    if (field !== 'create_time' && field !== 'update_time') throw new ShopeeFault('error_param', 'time_range_field must be create_time or update_time.');
    const from = Number(query.time_from);
    const to = Number(query.time_to);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) throw new ShopeeFault('error_param', 'time_from and time_to must be unix seconds with time_from <= time_to.');
    if (to - from > MAX_WINDOW_SECONDS) throw new ShopeeFault('error_param', 'The maximum date range that may be specified with the time_from and time_to fields is 15 days.');
    const pageSize = Number(query.page_size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ORDER_PAGE_SIZE) throw new ShopeeFault('error_param', `page_size must be between 1 and ${ORDER_PAGE_SIZE}.`);
    const offset = query.cursor ? Number(query.cursor) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new ShopeeFault('error_param', 'Invalid cursor.');
    const matches = cache.get(JSON.stringify([field, from, to, query.order_status ?? null]), book.version, () =>
      (field === 'update_time' ? book.range(from * 1000, (to + 1) * 1000).map((e) => e.record) : book.all().filter((o) => o.create_time >= from && o.create_time <= to))
        .filter((o) => !query.order_status || o.order_status === query.order_status),
    );
    const page = matches.slice(offset, offset + pageSize);
    const withStatus = fields(query.response_optional_fields).has('order_status');
    const more = offset + pageSize < matches.length;
    return {
      response: {
        more,
        next_cursor: more ? String(offset + pageSize) : '',
        order_list: page.map((o) => (withStatus ? { order_sn: o.order_sn, order_status: o.order_status } : { order_sn: o.order_sn })),
      },
    };
  });

  ctx.store.handlers.set(`GET ${ORDER_DETAIL_PATH}`, ({ query }) => {
    const sns = (query.order_sn_list ?? '').split(',').filter(Boolean);
    if (sns.length === 0 || sns.length > MAX_ORDERS_PER_DETAIL) throw new ShopeeFault('error_param', `order_sn_list must have 1 to ${MAX_ORDERS_PER_DETAIL} order_sn.`);
    const wanted = fields(query.response_optional_fields);
    const found = sns.map((sn) => book.get(sn)).filter((o): o is ShopeeOrder => o !== undefined);
    return {
      response: {
        order_list: found.map((o) => {
          const { item_list, pickup_done_time, recipient_address, ...always } = o;
          return {
            ...always,
            ...(wanted.has('item_list') ? { item_list } : {}),
            ...(wanted.has('pickup_done_time') ? { pickup_done_time } : {}),
            ...(wanted.has('recipient_address') ? { recipient_address } : {}),
          };
        }),
      },
    };
  });

  app.post<{ Body: { orders?: ShopeeOrder[]; replace?: boolean } }>('/_sandbox/orders', async (request) => {
    return { orders: loadOrders(ctx.store, request.body?.orders ?? [], request.body?.replace) };
  });
};
