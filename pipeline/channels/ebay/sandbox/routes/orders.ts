// Fulfillment `getOrders` in the eBay sandbox (channels.md §2.5): GET /sell/fulfillment/v1/order
// with `filter=lastmodifieddate:[from..to]` (or creationdate), `limit` ≤ 200, `offset` paging,
// the 90-day rule and the documented error ids (30810 bad date, 30820 start missing, 30830 start
// older than 90 days, 30840 start after end, 30850 future, 31000 offset, 31100 limit). Tests and
// the benchmark seed orders with `ebayOrderBook(sandbox.store)` or POST /_sandbox/orders.
import type { SandboxRoutes } from '../../../sandbox/server';
import { OrderBook, QueryCache } from '../../../sandbox/orderBook';
import type { EbayOrder } from '../../streams/orders';
import { INVALID_TOKEN, type EbayError } from '../errors';
import type { EbayStore } from '../store';

const books = new WeakMap<EbayStore, OrderBook<EbayOrder>>();

export function ebayOrderBook(store: EbayStore): OrderBook<EbayOrder> {
  let book = books.get(store);
  if (!book) {
    book = new OrderBook<EbayOrder>((o) => o.orderId, (o) => o.lastModifiedDate);
    books.set(store, book);
  }
  return book;
}

const DAY_MS = 86_400_000;

const fulfillmentError = (errorId: number, message: string): EbayError => ({ errorId, domain: 'API_FULFILLMENT', category: 'REQUEST', message });

export type DateFilter = { field: 'lastmodifieddate' | 'creationdate'; fromMs: number; toMs: number | null };

/** Parses `lastmodifieddate:[a..b]` / `creationdate:[a..]`; creationdate wins when both are given. */
export function parseOrderFilter(filter: string, nowMs: number): DateFilter | EbayError {
  const terms = new Map<string, string>();
  for (const match of filter.matchAll(/(\w+):([[{][^\]}]*[\]}])/g)) terms.set(match[1].toLowerCase(), match[2]);
  const field = terms.has('creationdate') ? 'creationdate' : terms.has('lastmodifieddate') ? 'lastmodifieddate' : null;
  if (!field) return fulfillmentError(30800, 'Invalid filter value.');
  const range = /^\[(.*?)\.\.(.*)\]$/.exec(terms.get(field)!);
  if (!range) return fulfillmentError(30810, 'Invalid date format.');
  if (!range[1]) return fulfillmentError(30820, 'Start date is missing.');
  const fromMs = Date.parse(range[1]);
  const toMs = range[2] ? Date.parse(range[2]) : null;
  if (Number.isNaN(fromMs) || (toMs !== null && Number.isNaN(toMs))) return fulfillmentError(30810, 'Invalid date format.');
  if (fromMs > nowMs || (toMs !== null && toMs > nowMs)) return fulfillmentError(30850, 'Dates cannot be in the future.');
  if (toMs !== null && fromMs > toMs) return fulfillmentError(30840, 'Start date must be before end date.');
  if (nowMs - fromMs > 90 * DAY_MS || (toMs !== null && toMs - fromMs > 90 * DAY_MS)) {
    return fulfillmentError(30830, 'Start date must be within 90 days of end date and current date.');
  }
  return { field, fromMs, toMs };
}

export const routes: SandboxRoutes<EbayStore> = (app, ctx) => {
  const book = ebayOrderBook(ctx.store);
  const cache = new QueryCache<EbayOrder>();

  app.get<{ Querystring: Record<string, string> }>('/sell/fulfillment/v1/order', async (request, reply) => {
    ctx.countCall('getOrders');
    if (!/^Bearer \S+/.test(String(request.headers.authorization ?? ''))) return reply.code(401).send({ errors: [INVALID_TOKEN()] });
    const q = request.query;
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return reply.code(400).send({ errors: [fulfillmentError(31100, 'Invalid limit. Supported ranges 1 - 200.')] });
    const offset = q.offset === undefined ? 0 : Number(q.offset);
    if (!Number.isInteger(offset) || offset < 0) return reply.code(400).send({ errors: [fulfillmentError(31000, 'Invalid offset.')] });
    const now = ctx.clock.now();
    const parsed: DateFilter | EbayError = q.filter ? parseOrderFilter(q.filter, now) : { field: 'creationdate', fromMs: now - 90 * DAY_MS, toMs: null };
    if ('errorId' in parsed) return reply.code(400).send({ errors: [parsed] });
    const toMs = parsed.toMs ?? now + 1;
    const matches = cache.get(`${parsed.field}|${parsed.fromMs}|${toMs}`, book.version, () =>
      parsed.field === 'lastmodifieddate'
        ? book.range(parsed.fromMs, toMs + 1).map((e) => e.record) // eBay's range end is inclusive
        : book.all().filter((o) => {
            const created = Date.parse(o.creationDate);
            return created >= parsed.fromMs && created <= toMs;
          }),
    );
    const page = matches.slice(offset, offset + limit);
    const href = `/sell/fulfillment/v1/order?${new URLSearchParams({ ...q, limit: String(limit), offset: String(offset) })}`;
    const next = offset + limit < matches.length ? `/sell/fulfillment/v1/order?${new URLSearchParams({ ...q, limit: String(limit), offset: String(offset + limit) })}` : undefined;
    return { href, total: matches.length, limit, offset, ...(next ? { next } : {}), orders: page };
  });

  app.post<{ Body: { orders: EbayOrder[]; replace?: boolean } }>('/_sandbox/orders', async (request) => {
    const orders = request.body?.orders ?? [];
    if (request.body?.replace) book.load(orders);
    else for (const order of orders) book.upsert(order);
    return { orders: book.size };
  });
};
