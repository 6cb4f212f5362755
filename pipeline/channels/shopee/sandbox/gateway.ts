// Every /api/v2/* call of the Shopee sandbox: checks the common parameters the way the developer
// guide describes them — partner_id, a unix-seconds timestamp no more than 5 minutes off, the
// HMAC-SHA256 sign (public base string for auth endpoints, shop base string otherwise), and for
// Shop APIs shop_id and a live access_token — then dispatches to the store's handler and wraps
// the answer in `{ request_id, error: "", message: "", response }`. Errors are `{ request_id,
// error, message }` with an HTTP status (codes marked unverified in docs/channels/shopee.md).
// With `rateLimits`, more than the emulated pace answers HTTP 429.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenBucket, type TokenBucketOptions } from '../../http/tokenBucket';
import { randomUuid } from '../../sandbox/rng';
import type { SandboxContext, SandboxRoutes } from '../../sandbox/server';
import { signPublic, signShop, TIMESTAMP_VALIDITY_SECONDS } from '../api/sign';
import { ShopeeFault, type ShopeeStore } from './store';

export interface GatewayOptions {
  partnerId: number;
  partnerKey: string;
  shopId: number;
  shopName?: string;
  region?: string;
  /** The pace enforced with `rateLimits` (Shopee publishes none; the sandbox's own choice). */
  rate?: TokenBucketOptions;
}

/** Endpoints signed with the public base string (no access token, no shop). */
const PUBLIC_PATHS = new Set(['/api/v2/auth/token/get', '/api/v2/auth/access_token/get']);

export const SANDBOX_RATE: TokenBucketOptions = { ratePerSecond: 20, burst: 20 };

export function operationOf(path: string): string {
  return path.replace(/^\/api\/v2\//, '').replace(/\//g, '.');
}

export function gatewayRoutes(options: GatewayOptions): SandboxRoutes<ShopeeStore> {
  return (app, ctx) => {
    const bucket = new TokenBucket(options.rate ?? SANDBOX_RATE, ctx.clock);
    const requestId = () => randomUuid(() => ctx.faults.next()).replace(/-/g, '');
    const fail = (reply: FastifyReply, status: number, error: string, message: string) => reply.code(status).send({ request_id: requestId(), error, message });

    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0];
      const query = Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      const body = request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body) ? (request.body as Record<string, unknown>) : {};
      ctx.countCall(operationOf(path));
      if (ctx.rateLimits && !bucket.tryTake()) return fail(reply, 429, 'error_too_many_request', 'Too many requests: slow down.');

      const nowMs = ctx.clock.now();
      if (String(options.partnerId) !== query.partner_id) return fail(reply, 403, 'error_param', 'Invalid partner_id.');
      const timestamp = Number(query.timestamp);
      if (!/^\d+$/.test(query.timestamp ?? '')) return fail(reply, 400, 'error_param', 'timestamp is required (unix seconds).');
      if (Math.abs(Math.floor(nowMs / 1000) - timestamp) > TIMESTAMP_VALIDITY_SECONDS) return fail(reply, 403, 'error_param', 'Invalid timestamp: it is more than 5 minutes off.');

      const isPublic = PUBLIC_PATHS.has(path);
      const expected = isPublic
        ? signPublic(options.partnerKey, options.partnerId, path, query.timestamp)
        : signShop(options.partnerKey, { partnerId: options.partnerId, path, timestamp: query.timestamp, accessToken: query.access_token ?? '', shopId: query.shop_id ?? '' });
      if (query.sign !== expected) return fail(reply, 403, 'error_sign', 'Wrong sign.');
      if (!isPublic) {
        if (query.shop_id !== String(options.shopId)) return fail(reply, 403, 'error_auth', 'Invalid shop_id: the shop has not authorized this partner.');
        const token = ctx.store.auth.check(query.access_token ?? '', nowMs);
        if (token === 'unknown') return fail(reply, 403, 'invalid_acceess_token', 'Invalid access_token.');
        if (token === 'expired') return fail(reply, 403, 'invalid_acceess_token', 'Invalid access_token: the access_token has expired.');
      }
      const handler = ctx.store.handlers.get(`${request.method} ${path}`);
      if (!handler) return fail(reply, 404, 'error_not_found', `Unknown API ${request.method} ${path}.`);
      try {
        const answer = handler({ query, body, nowMs });
        if (answer.topLevel) return { request_id: requestId(), error: '', message: '', ...answer.topLevel };
        return { request_id: requestId(), error: '', message: '', response: answer.response };
      } catch (err) {
        if (err instanceof ShopeeFault) return fail(reply, err.status, err.error, err.message);
        throw err;
      }
    };

    app.get('/api/v2/*', handle);
    app.post('/api/v2/*', handle);
    authRoutes(ctx, options);
  };
}

function authRoutes(ctx: SandboxContext<ShopeeStore>, options: GatewayOptions): void {
  const { store } = ctx;
  store.handlers.set('POST /api/v2/auth/access_token/get', ({ body, nowMs }) => {
    if (typeof body.refresh_token !== 'string' || !body.refresh_token) throw new ShopeeFault('error_param', 'refresh_token is required.');
    if (Number(body.shop_id) !== options.shopId) throw new ShopeeFault('error_auth', 'Invalid shop_id.', 403);
    if (Number(body.partner_id) !== options.partnerId) throw new ShopeeFault('error_param', 'partner_id in the body does not match.');
    const issued = store.auth.refresh(body.refresh_token, nowMs);
    return { topLevel: { ...issued, partner_id: options.partnerId, shop_id: options.shopId } };
  });
  store.handlers.set('GET /api/v2/shop/get_shop_info', () => ({ topLevel: { shop_name: options.shopName ?? 'Crossdock sandbox shop', region: options.region ?? 'SG', status: 'NORMAL' } }));
}
