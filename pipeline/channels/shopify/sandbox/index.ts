// The Shopify sandbox: Admin GraphQL at /admin/api/{version}/graphql.json with the inventory
// contract (CAS per API version, 250-entry inputs, cost bucket, @idempotent replay). Extra
// GraphQL root fields (orders…) go in ./routes/*.ts, registered into store.graphql.
import { join } from 'node:path';
import type { FaultOptions } from '../../sandbox/faults';
import type { SandboxListing } from '../../sandbox/listings';
import { SandboxServer, type SandboxRoutes } from '../../sandbox/server';
import type { Clock } from '../../http/clock';
import { DEFAULT_SHOPIFY_COST, graphqlEndpoint, throttled, type ShopifyCostOptions } from './endpoint';
import { routes as inventoryRoutes } from './inventory';
import { ShopifyStore } from './store';

export interface ShopifySandboxOptions {
  /** The token the sandbox accepts; null accepts any non-empty token. */
  accessToken?: string | null;
  cost?: Partial<ShopifyCostOptions>;
  faults?: Partial<FaultOptions>;
  /** Route modules added after the channel's own (tests; later order/report endpoints). */
  extraRoutes?: SandboxRoutes<ShopifyStore>[];
  rateLimits?: boolean;
  clock?: Clock;
  port?: number;
}

export type ShopifySandbox = SandboxServer<ShopifyStore>;

export function createShopifySandbox(listings: SandboxListing[], options: ShopifySandboxOptions = {}): ShopifySandbox {
  const cost = { ...DEFAULT_SHOPIFY_COST, ...options.cost };
  return new SandboxServer({
    channel: 'shopify',
    store: new ShopifyStore(listings),
    listings: listings.filter((l) => l.channel === 'shopify'),
    routes: [graphqlEndpoint({ accessToken: options.accessToken ?? null, cost }), inventoryRoutes, ...(options.extraRoutes ?? [])],
    routesDir: join(__dirname, 'routes'),
    faultShape: {
      serverError: (reply) => reply.code(503).send({ errors: 'Service Unavailable: the shop is temporarily unavailable' }),
      throttled: (reply, retryAfter) =>
        throttled(reply.header('retry-after', String(retryAfter)), 429, 0, { maximumAvailable: cost.maximumAvailable, currentlyAvailable: 0, restoreRate: cost.restoreRate }),
    },
    faults: options.faults,
    rateLimits: options.rateLimits,
    clock: options.clock,
    port: options.port,
  });
}
