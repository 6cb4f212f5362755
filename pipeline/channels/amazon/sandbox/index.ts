// The Amazon sandbox: SP-API Listings Items 2021-08-01 and Feeds 2021-06-30 for merchant stock,
// per-operation token buckets (429 QuotaExceeded), ACCEPTED-then-visible-later, FBA listings that
// refuse quantity patches. Extra routes (Reports API, Orders…) go in ./routes/*.ts; they can add
// their operation rates with `amazonLimits(sandbox).define(...)`.
import { join } from 'node:path';
import type { Clock } from '../../http/clock';
import { systemClock } from '../../http/clock';
import type { FaultOptions } from '../../sandbox/faults';
import type { SandboxListing } from '../../sandbox/listings';
import { SandboxServer, type SandboxRoutes } from '../../sandbox/server';
import { INTERNAL_FAILURE, QUOTA_EXCEEDED, TOKEN_EXPIRED, UNAUTHORIZED } from './errors';
import { feedsRoutes } from './feeds';
import { OperationLimits } from './limits';
import { listingsRoutes } from './listings';
import type { AfnBehaviour } from './patchRules';
import { AmazonStore } from './store';

export interface AmazonSandboxOptions {
  sellerId?: string;
  /** A fixed LWA access token the sandbox accepts besides those its /_lwa endpoint mints; null accepts any. */
  accessToken?: string | null;
  /** How long after ACCEPTED a quantity shows in getListingsItem (default 2 s). */
  applyDelayMs?: number;
  afnBehaviour?: AfnBehaviour;
  feedQueueMs?: number;
  feedProcessingMs?: number;
  gzipReports?: boolean;
  faults?: Partial<FaultOptions>;
  /** Route modules added after the channel's own (tests; later order/report endpoints). */
  extraRoutes?: SandboxRoutes<AmazonStore>[];
  rateLimits?: boolean;
  clock?: Clock;
  port?: number;
}

export const SANDBOX_SELLER_ID = 'A2CROSSDOCKSBX1';

export type AmazonSandbox = SandboxServer<AmazonStore> & { limits: OperationLimits };

export function createAmazonSandbox(listings: SandboxListing[], options: AmazonSandboxOptions = {}): AmazonSandbox {
  const clock = options.clock ?? systemClock;
  const limits = new OperationLimits(clock);
  const sellerId = options.sellerId ?? SANDBOX_SELLER_ID;
  const rules = { afnBehaviour: options.afnBehaviour ?? 'reject', applyDelayMs: options.applyDelayMs ?? 2000 } as const;
  const accessToken = options.accessToken ?? null;
  const auth: SandboxRoutes<AmazonStore> = (app, ctx) => {
    app.addHook('preHandler', async (request, reply) => {
      if (request.url.startsWith('/_')) return;
      const token = request.headers['x-amz-access-token'];
      const minted = typeof token === 'string' ? ctx.store.accessTokenState(token) : 'unknown';
      if (minted === 'expired') return reply.code(403).send(TOKEN_EXPIRED());
      if (!token || (accessToken !== null && token !== accessToken && minted !== 'live')) return reply.code(403).send(UNAUTHORIZED());
      reply.header('x-amzn-requestid', `${Math.floor(ctx.faults.next() * 1e12).toString(16)}-sandbox`);
    });
  };
  const server = new SandboxServer({
    channel: 'amazon',
    store: new AmazonStore(listings, () => clock.now()),
    listings: listings.filter((l) => l.channel === 'amazon'),
    routes: [
      auth,
      listingsRoutes({ ...rules, sellerId, limits }),
      feedsRoutes({ ...rules, sellerId, limits, feedQueueMs: options.feedQueueMs ?? 500, feedProcessingMs: options.feedProcessingMs ?? 1500, gzipReports: options.gzipReports ?? false }),
      ...(options.extraRoutes ?? []),
    ],
    routesDir: join(__dirname, 'routes'),
    faultShape: {
      serverError: (reply) => reply.code(503).send(INTERNAL_FAILURE()),
      throttled: (reply, retryAfter) => reply.code(429).header('retry-after', String(retryAfter)).send(QUOTA_EXCEEDED()),
    },
    faults: options.faults,
    rateLimits: options.rateLimits,
    clock,
    port: options.port,
  });
  return Object.assign(server, { limits });
}
