// `aliexpress.solution.order.get` in the AliExpress sandbox (channels.md §4): param0 is an
// OrderQuery whose modified_date_start/end (and create_date_*) are US Pacific wall times;
// page_size ≤ 50 with current_page; FINISH orders are returned only when asked for alone
// (order_status=FINISH), open ones by order_status_list (or when no status is named). Tests and
// the benchmark seed orders with `aliexpressOrderBook(sandbox.store)` or POST /_sandbox/orders.
import type { SandboxRoutes } from '../../../sandbox/server';
import { OrderBook, QueryCache } from '../../../sandbox/orderBook';
import { pacificToUtc } from '../../streams/pacificTime';
import type { AliexpressOrder } from '../../streams/orders';
import { GatewayFault, type AliExpressStore } from '../store';

const books = new WeakMap<AliExpressStore, OrderBook<AliexpressOrder>>();

export function aliexpressOrderBook(store: AliExpressStore): OrderBook<AliexpressOrder> {
  let book = books.get(store);
  if (!book) {
    // Orders are filed by their update time in UTC (gmt_update is Pacific wall time).
    book = new OrderBook<AliexpressOrder>((o) => String(o.order_id), (o) => pacificToUtc(o.gmt_update) ?? '');
    books.set(store, book);
  }
  return book;
}

export const MAX_PAGE_SIZE = 50;

export const routes: SandboxRoutes<AliExpressStore> = (app, ctx) => {
  const book = aliexpressOrderBook(ctx.store);
  const cache = new QueryCache<AliexpressOrder>();

  ctx.store.methods.set('aliexpress.solution.order.get', (params) => {
    let query: Record<string, unknown>;
    try {
      query = JSON.parse(params.param0 ?? '{}') as Record<string, unknown>;
    } catch {
      throw new GatewayFault('isv.invalid-parameter', 'param0 is not valid JSON');
    }
    const pageSize = Number(query.page_size ?? 20);
    const page = Number(query.current_page ?? 1);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new GatewayFault('isv.invalid-parameter', `page_size must be 1–${MAX_PAGE_SIZE}`);
    if (!Number.isInteger(page) || page < 1) throw new GatewayFault('isv.invalid-parameter', 'current_page must be ≥ 1');
    const time = (field: string, fallback: number): number => {
      if (query[field] === undefined) return fallback;
      const utc = pacificToUtc(String(query[field]));
      if (!utc) throw new GatewayFault('isv.invalid-parameter', `${field} must be "yyyy-MM-dd HH:mm:ss" (US Pacific time)`);
      return Date.parse(utc);
    };
    const fromMs = time('modified_date_start', -Infinity);
    const toMs = time('modified_date_end', Infinity); // inclusive, to the second
    const wantFinish = query.order_status === 'FINISH';
    const list = Array.isArray(query.order_status_list) ? new Set(query.order_status_list.map(String)) : null;
    const single = typeof query.order_status === 'string' ? query.order_status : null;
    const key = JSON.stringify([fromMs, toMs, query.order_status ?? null, query.order_status_list ?? null]);
    const matches = cache.get(key, book.version, () =>
      (Number.isFinite(fromMs) || Number.isFinite(toMs) ? book.range(fromMs, toMs + 1000) : book.slice(0, book.size))
        .map((e) => e.record)
        .filter((o) => (wantFinish ? o.order_status === 'FINISH' : o.order_status !== 'FINISH'))
        .filter((o) => (list ? list.has(o.order_status) : single && !wantFinish ? o.order_status === single : true)),
    );
    const slice = matches.slice((page - 1) * pageSize, page * pageSize);
    ctx.countCall('order.get');
    return {
      result: {
        success: true,
        total_count: matches.length,
        current_page: page,
        page_size: pageSize,
        total_page: Math.max(1, Math.ceil(matches.length / pageSize)),
        target_list: { order_dto: slice },
      },
    };
  });

  app.post<{ Body: { orders: AliexpressOrder[]; replace?: boolean } }>('/_sandbox/orders', async (request) => {
    const orders = request.body?.orders ?? [];
    if (request.body?.replace) book.load(orders);
    else for (const order of orders) book.upsert(order);
    return { orders: book.size };
  });
};
