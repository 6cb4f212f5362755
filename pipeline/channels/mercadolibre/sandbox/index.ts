// The Mercado Libre sandbox: POST /oauth/token (refresh_token grant, rotating single-use refresh
// tokens, access tokens that expire), GET /users/me, GET /orders/search (seller,
// order.date_last_updated.from/.to, offset/limit ≤ 51, paging.total), multiget GET /items?ids=
// (≤ 20), GET/PUT /items/{id}, GET /user-products/{id}/stock with x-version and
// PUT …/stock/type/{selling_address|seller_warehouse} answering 409 on a stale x-version. Errors
// use Mercado Libre's shape { message, error, status, cause }. With `rateLimits`, user-products
// stock calls beyond the documented 100/minute (and any call beyond `requestsPerSecond`, when
// set) answer 429 local_rate_limited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../http/clock';
import { TokenBucket } from '../../http/tokenBucket';
import type { FaultOptions } from '../../sandbox/faults';
import type { SandboxListing } from '../../sandbox/listings';
import { SandboxServer, type SandboxContext, type SandboxRoutes } from '../../sandbox/server';
import { QueryCache } from '../../sandbox/orderBook';
import type { MlOrder } from '../streams/orders';
import { loadOrders } from './seed';
import { MercadoLibreStore, SandboxAuth, type SandboxItem } from './store';

export { seedOrders } from './seed';

export interface MercadoLibreSandboxOptions {
  clientId?: string;
  clientSecret?: string;
  /** The refresh token the sandbox accepts first (each use rotates it). */
  refreshToken?: string;
  /** Access token lifetime (default 6 h, as documented: expires_in 21600). */
  accessTokenTtlMs?: number;
  sellerId?: number;
  /** Enforce a general request rate too (none documented; off by default). */
  requestsPerSecond?: number;
  faults?: Partial<FaultOptions>;
  rateLimits?: boolean;
  clock?: Clock;
  port?: number;
}

export type MercadoLibreSandbox = SandboxServer<MercadoLibreStore> & { auth: SandboxAuth };

export const mlError = (status: number, error: string, message: string) => ({ message, error, status, cause: [] as unknown[] });

export const SANDBOX_SELLER_ID = 123456789;

export function createMercadoLibreSandbox(listings: SandboxListing[], options: MercadoLibreSandboxOptions = {}): MercadoLibreSandbox {
  const sellerId = options.sellerId ?? SANDBOX_SELLER_ID;
  const store = new MercadoLibreStore(listings, sellerId);
  const auth = new SandboxAuth(options.clientId ?? 'sandbox-client', options.clientSecret ?? 'sandbox-secret', options.refreshToken ?? 'TG-sandbox-initial', options.accessTokenTtlMs ?? 21_600_000);
  const server = new SandboxServer<MercadoLibreStore>({
    channel: 'mercadolibre',
    store,
    listings: listings.filter((l) => l.channel === 'mercadolibre'),
    routes: [routes(auth, sellerId, options.requestsPerSecond)],
    faultShape: {
      serverError: (reply) => reply.code(500).send(mlError(500, 'internal_error', 'Internal server error')),
      throttled: (reply, retryAfter) => reply.code(429).header('retry-after', String(retryAfter)).send(mlError(429, 'local_rate_limited', 'Too many requests')),
    },
    faults: options.faults,
    rateLimits: options.rateLimits,
    clock: options.clock,
    port: options.port,
  }) as MercadoLibreSandbox;
  server.auth = auth;
  return server;
}

const routes =
  (auth: SandboxAuth, sellerId: number, requestsPerSecond: number | undefined): SandboxRoutes<MercadoLibreStore> =>
  (app: FastifyInstance, ctx: SandboxContext<MercadoLibreStore>) => {
    const stockBucket = new TokenBucket({ ratePerSecond: 100 / 60, burst: 100 }, ctx.clock);
    const generalBucket = requestsPerSecond ? new TokenBucket({ ratePerSecond: requestsPerSecond, burst: Math.max(1, Math.ceil(requestsPerSecond)) }, ctx.clock) : null;
    const cache = new QueryCache<MlOrder>();
    const store = ctx.store;

    /** Counts the call, checks the bearer token and the limits; false when it has answered. */
    const admit = (operation: string, request: FastifyRequest, reply: FastifyReply, stock = false): boolean => {
      ctx.countCall(operation);
      const token = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
      if (!token || !auth.valid(token, ctx.clock.now())) {
        ctx.countCall('unauthorized');
        reply.code(401).send(mlError(401, 'unauthorized', 'invalid access token'));
        return false;
      }
      if (ctx.rateLimits && ((stock && !stockBucket.tryTake()) || (generalBucket && !generalBucket.tryTake()))) {
        ctx.countCall('throttled');
        reply.code(429).send(mlError(429, 'local_rate_limited', 'Too many requests'));
        return false;
      }
      return true;
    };

    app.post<{ Body: Record<string, string> }>('/oauth/token', async (request, reply) => {
      ctx.countCall('oauthToken');
      const body = (request.body ?? {}) as Record<string, string>;
      if (body.grant_type !== 'refresh_token') return reply.code(400).send(mlError(400, 'unsupported_grant_type', 'grant_type must be refresh_token here'));
      if (body.client_id !== auth.clientId || body.client_secret !== auth.clientSecret) return reply.code(400).send(mlError(400, 'invalid_client', 'invalid client_id or client_secret'));
      const issued = auth.exchange(String(body.refresh_token ?? ''), ctx.clock.now());
      if (!issued) return reply.code(400).send(mlError(400, 'invalid_grant', 'invalid_grant'));
      return { ...issued, token_type: 'Bearer', scope: 'offline_access read write', user_id: sellerId };
    });

    app.get('/users/me', async (request, reply) => {
      if (!admit('usersMe', request, reply)) return reply;
      return { id: sellerId, nickname: 'CROSSDOCK_SANDBOX', site_id: 'MLM' };
    });

    app.get<{ Querystring: Record<string, string> }>('/orders/search', async (request, reply) => {
      if (!admit('ordersSearch', request, reply)) return reply;
      const q = request.query;
      if (!q.seller) return reply.code(400).send(mlError(400, 'bad_request', 'seller is required'));
      if (q.seller !== String(sellerId)) return reply.code(403).send(mlError(403, 'forbidden', 'caller.id does not match seller'));
      const limit = q.limit === undefined ? 50 : Number(q.limit);
      const offset = q.offset === undefined ? 0 : Number(q.offset);
      if (!Number.isInteger(limit) || limit < 1 || limit > 51) return reply.code(400).send(mlError(400, 'bad_request', 'limit must be between 1 and 51'));
      if (!Number.isInteger(offset) || offset < 0) return reply.code(400).send(mlError(400, 'bad_request', 'invalid offset'));
      const from = q['order.date_last_updated.from'] ? Date.parse(q['order.date_last_updated.from']) : -Infinity;
      const to = q['order.date_last_updated.to'] ? Date.parse(q['order.date_last_updated.to']) : Infinity;
      if (Number.isNaN(from) || Number.isNaN(to)) return reply.code(400).send(mlError(400, 'bad_request', 'invalid date filter'));
      const matches = cache.get(`${from}|${to}`, store.orders.version, () => store.orders.range(from, to).map((e) => e.record));
      const ordered = q.sort === 'date_desc' ? [...matches].reverse() : matches;
      return { query: '', results: ordered.slice(offset, offset + limit), sort: { id: q.sort ?? 'date_asc' }, paging: { total: matches.length, offset, limit } };
    });

    const itemBody = (item: SandboxItem) => ({ id: item.id, available_quantity: item.available_quantity, variations: item.variations.map((v) => ({ ...v })) });

    app.get<{ Querystring: { ids?: string } }>('/items', async (request, reply) => {
      if (!admit('getItems', request, reply)) return reply;
      const ids = String(request.query.ids ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.length > 20) return reply.code(400).send(mlError(400, 'bad_request', 'ids must list between 1 and 20 items'));
      return ids.map((id) => {
        const item = store.items.get(id);
        return item ? { code: 200, body: itemBody(item) } : { code: 404, body: mlError(404, 'not_found', `Item with id ${id} not found`) };
      });
    });

    app.get<{ Params: { id: string } }>('/items/:id', async (request, reply) => {
      if (!admit('getItem', request, reply)) return reply;
      const item = store.items.get(request.params.id);
      return item ? itemBody(item) : reply.code(404).send(mlError(404, 'not_found', `Item with id ${request.params.id} not found`));
    });

    app.put<{ Params: { id: string }; Body: { available_quantity?: number; variations?: { id: number; available_quantity?: number }[] } }>('/items/:id', async (request, reply) => {
      if (!admit('updateItem', request, reply)) return reply;
      const item = store.items.get(request.params.id);
      if (!item) return reply.code(404).send(mlError(404, 'not_found', `Item with id ${request.params.id} not found`));
      const body = request.body ?? {};
      const bad = (message: string) => reply.code(400).send({ ...mlError(400, 'validation_error', message), cause: [{ code: 'item.available_quantity.invalid', message }] });
      const isQuantity = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
      if (body.variations) {
        if (item.variations.length === 0) return bad('item has no variations');
        for (const v of body.variations) {
          if (!item.variations.some((mine) => mine.id === v.id)) return bad(`variation ${v.id} does not belong to the item`);
          if (v.available_quantity !== undefined && !isQuantity(v.available_quantity)) return bad('available_quantity must be a non-negative integer');
        }
        // Variations not named in the update are deleted, as on Mercado Libre.
        item.variations = body.variations.map((v) => {
          const mine = item.variations.find((m) => m.id === v.id)!;
          return { id: v.id, available_quantity: v.available_quantity ?? mine.available_quantity };
        });
        item.available_quantity = item.variations.reduce((sum, v) => sum + v.available_quantity, 0);
      } else if (body.available_quantity !== undefined) {
        if (item.variations.length > 0) return bad('the item has variations: update available_quantity per variation');
        if (!isQuantity(body.available_quantity)) return bad('available_quantity must be a non-negative integer');
        item.available_quantity = body.available_quantity;
      }
      return itemBody(item);
    });

    app.get<{ Params: { id: string } }>('/user-products/:id/stock', async (request, reply) => {
      if (!admit('getUserProductStock', request, reply, true)) return reply;
      const up = store.userProducts.get(request.params.id);
      if (!up) return reply.code(404).send(mlError(404, 'not_found', `user product ${request.params.id} not found`));
      return reply.header('x-version', String(up.version)).send({ id: up.id, user_id: up.user_id, locations: up.locations.map((l) => ({ ...l })) });
    });

    app.put<{ Params: { id: string; type: string }; Body: { quantity?: number; locations?: { store_id: string; quantity: number }[] } }>('/user-products/:id/stock/type/:type', async (request, reply) => {
      if (!admit('updateUserProductStock', request, reply, true)) return reply;
      const up = store.userProducts.get(request.params.id);
      if (!up) return reply.code(404).send(mlError(404, 'not_found', `user product ${request.params.id} not found`));
      const version = request.headers['x-version'];
      if (version === undefined) return reply.code(400).send(mlError(400, 'bad_request', 'x-version header is required'));
      if (String(version) !== String(up.version)) return reply.code(409).send(mlError(409, 'conflict', `version ${String(version)} does not match the current version ${up.version}`));
      const body = request.body ?? {};
      const isQuantity = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
      if (request.params.type === 'selling_address') {
        const loc = up.locations.find((l) => l.type === 'selling_address');
        if (!loc) return reply.code(400).send(mlError(400, 'bad_request', 'the user product has no selling_address location'));
        if (!isQuantity(body.quantity)) return reply.code(400).send(mlError(400, 'bad_request', 'quantity must be a non-negative integer'));
        loc.quantity = body.quantity!;
      } else if (request.params.type === 'seller_warehouse') {
        for (const entry of body.locations ?? []) {
          const loc = up.locations.find((l) => l.type === 'seller_warehouse' && String(l.store_id) === String(entry.store_id));
          if (!loc) return reply.code(400).send(mlError(400, 'bad_request', `no seller_warehouse location ${entry.store_id}`));
          if (!isQuantity(entry.quantity)) return reply.code(400).send(mlError(400, 'bad_request', 'quantity must be a non-negative integer'));
        }
        for (const entry of body.locations ?? []) up.locations.find((l) => String(l.store_id) === String(entry.store_id))!.quantity = entry.quantity;
      } else return reply.code(400).send(mlError(400, 'bad_request', `stock type ${request.params.type} cannot be edited`));
      up.version += 1;
      return reply.header('x-version', String(up.version)).send({ id: up.id, user_id: up.user_id, locations: up.locations.map((l) => ({ ...l })) });
    });

    app.post<{ Body: { orders: MlOrder[]; replace?: boolean } }>('/_sandbox/orders', async (request) => {
      return { orders: loadOrders(store, request.body?.orders ?? [], request.body?.replace) };
    });
  };
