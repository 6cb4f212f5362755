// Orders and inventory reads in the Shopify sandbox's GraphQL schema, for the pull connector:
// `orders(first, after, sortKey: UPDATED_AT, query: "updated_at:>='…' AND updated_at:<'…'")`
// with keyset cursors (≤ 250 per page), nested lineItems/refunds/returns connections, `shop`,
// and `location(id) { inventoryLevels }` over the sandbox's inventory levels. Cost and throttling
// come from the shared GraphQL endpoint. Tests and the benchmark seed orders with
// `shopifyOrderBook(sandbox.store)` or POST /_sandbox/orders.
import type { SandboxRoutes } from '../../../sandbox/server';
import { OrderBook, decodeCursor, encodeCursor } from '../../../sandbox/orderBook';
import type { ShopifyOrder } from '../../streams/orders';
import { GqlRequestError, type ShopifyStore } from '../store';

const books = new WeakMap<ShopifyStore, OrderBook<ShopifyOrder>>();

/** The order history of one Shopify sandbox (native GraphQL shape, as a client receives it). */
export function shopifyOrderBook(store: ShopifyStore): OrderBook<ShopifyOrder> {
  let book = books.get(store);
  if (!book) {
    book = new OrderBook<ShopifyOrder>((o) => o.id, (o) => o.updatedAt);
    books.set(store, book);
  }
  return book;
}

/** Reads `updated_at:>='X'` / `updated_at:<'Y'` terms (the only filters the connector sends). */
export function parseUpdatedAtQuery(query: string): { fromMs: number; toMs: number } {
  let fromMs = -Infinity;
  let toMs = Infinity;
  for (const match of query.matchAll(/updated_at:(>=|>|<=|<)'?([^'\s]+)'?/g)) {
    const ms = Date.parse(match[2]);
    if (Number.isNaN(ms)) throw new GqlRequestError(`Invalid search query: updated_at value "${match[2]}"`, 'INVALID_SEARCH_QUERY');
    if (match[1] === '>=') fromMs = ms;
    else if (match[1] === '>') fromMs = ms + 1;
    else if (match[1] === '<') toMs = ms;
    else toMs = ms + 1;
  }
  return { fromMs, toMs };
}

/** A nested connection with offset cursors (`first`, `after`). */
function connection<T>(items: T[], first: unknown, after?: unknown): { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] } {
  const n = Number(first ?? 10);
  const start = after ? Number(Buffer.from(String(after), 'base64url').toString('utf8')) || 0 : 0;
  const nodes = items.slice(start, start + n);
  const end = start + nodes.length;
  return { pageInfo: { hasNextPage: end < items.length, endCursor: nodes.length ? Buffer.from(String(end)).toString('base64url') : null }, nodes };
}

function checkFirst(first: unknown): number {
  const n = Number(first);
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new GqlRequestError('first must be between 1 and 250', 'argumentLiteralsIncompatible');
  return n;
}

/** A stored order as a resolver object: nested connections take their own `first`. */
function orderNode(order: ShopifyOrder): Record<string, unknown> {
  return {
    ...order,
    __typename: 'Order',
    lineItems: ({ first, after }: Record<string, unknown>) => connection(order.lineItems.nodes, first, after),
    fulfillments: ({ first }: Record<string, unknown>) => order.fulfillments.slice(0, Number(first ?? 10)),
    refunds: ({ first }: Record<string, unknown>) =>
      order.refunds.slice(0, Number(first ?? 10)).map((refund) => ({
        ...refund,
        refundLineItems: ({ first: n }: Record<string, unknown>) => connection(refund.refundLineItems.nodes, n),
      })),
    returns: ({ first }: Record<string, unknown>) =>
      connection(
        order.returns.nodes.map((ret) => ({
          ...ret,
          returnLineItems: ({ first: n }: Record<string, unknown>) => connection(ret.returnLineItems.nodes.map((item) => ({ __typename: 'ReturnLineItem', ...item })), n),
        })),
        first,
      ),
  };
}

export const routes: SandboxRoutes<ShopifyStore> = (app, ctx) => {
  const store = ctx.store;
  const book = shopifyOrderBook(store);

  store.graphql.query.set('shop', () => ({ __typename: 'Shop', name: 'Crossdock sandbox shop' }));

  store.graphql.query.set('order', (args) => {
    const order = book.get(String(args.id));
    return order ? orderNode(order) : null;
  });

  store.graphql.query.set('orders', (args) => {
    const first = checkFirst(args.first);
    if (args.sortKey !== undefined && args.sortKey !== 'UPDATED_AT') {
      throw new GqlRequestError('the sandbox sorts orders by UPDATED_AT only', 'argumentLiteralsIncompatible');
    }
    const { fromMs, toMs } = parseUpdatedAtQuery(String(args.query ?? ''));
    let start = Number.isFinite(fromMs) ? book.lowerBound(fromMs, '') : 0;
    if (args.after) {
      const cursor = decodeCursor(String(args.after));
      if (!cursor) throw new GqlRequestError('Invalid cursor', 'argumentLiteralsIncompatible');
      start = Math.max(start, book.lowerBound(cursor.modifiedMs, cursor.id) + 1);
    }
    const end = Number.isFinite(toMs) ? book.lowerBound(toMs, '') : book.size;
    const page = book.slice(start, Math.min(end, start + first));
    const hasNextPage = start + page.length < end;
    ctx.countCall('graphql:orders');
    return {
      pageInfo: { hasNextPage, endCursor: page.length ? encodeCursor(page[page.length - 1]) : null },
      nodes: page.map((entry) => orderNode(entry.record)),
    };
  });

  store.graphql.query.set('location', (args) => {
    const locationId = String(args.id);
    if (!store.locations.has(locationId)) return null;
    const levels = [...store.levels.values()].filter((l) => l.locationId === locationId).sort((a, b) => a.inventoryItemId.localeCompare(b.inventoryItemId));
    return {
      __typename: 'Location',
      id: locationId,
      inventoryLevels: ({ first, after }: Record<string, unknown>) => {
        const n = checkFirst(first);
        const start = after ? Number(Buffer.from(String(after), 'base64url').toString('utf8')) : 0;
        const page = levels.slice(start, start + n);
        const next = start + page.length;
        return {
          pageInfo: { hasNextPage: next < levels.length, endCursor: Buffer.from(String(next)).toString('base64url') },
          nodes: page.map((level) => ({
            item: { sku: level.sku },
            quantities: ({ names }: Record<string, unknown>) =>
              (Array.isArray(names) ? names : []).map((name) => ({
                name,
                quantity: name === 'available' ? level.available : name === 'on_hand' ? level.onHand : name === 'committed' ? level.onHand - level.available : 0,
              })),
          })),
        };
      },
    };
  });

  // Inspection: seed or change orders over HTTP (the benchmark and manual demos use it).
  app.post<{ Body: { orders: ShopifyOrder[]; replace?: boolean } }>('/_sandbox/orders', async (request) => {
    const orders = request.body?.orders ?? [];
    if (request.body?.replace) book.load(orders);
    else for (const order of orders) book.upsert(order);
    return { orders: book.size };
  });
};
