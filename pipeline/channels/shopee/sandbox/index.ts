// The Shopee sandbox: the Open Platform v2 gateway (signed common parameters, 5-minute
// timestamps, expiring access tokens, rotating refresh tokens), stock endpoints (./product.ts)
// and orders (./routes/orders.ts), on the shared SandboxServer (faults, call counting, /_sandbox).
import { join } from 'node:path';
import type { Clock } from '../../http/clock';
import type { FaultOptions } from '../../sandbox/faults';
import type { SandboxListing } from '../../sandbox/listings';
import { SandboxServer, type SandboxRoutes } from '../../sandbox/server';
import { gatewayRoutes, type GatewayOptions } from './gateway';
import { routes as productRoutes } from './product';
import { ShopeeStore } from './store';

export { seedOrders } from './seed';

export interface ShopeeSandboxOptions extends GatewayOptions {
  /** The refresh token the shop was "authorized" with (the first of the rotation chain). */
  refreshToken: string;
  faults?: Partial<FaultOptions>;
  extraRoutes?: SandboxRoutes<ShopeeStore>[];
  rateLimits?: boolean;
  clock?: Clock;
  port?: number;
}

export type ShopeeSandbox = SandboxServer<ShopeeStore>;

export function createShopeeSandbox(listings: SandboxListing[], options: ShopeeSandboxOptions): ShopeeSandbox {
  const own = listings.filter((l) => l.channel === 'shopee');
  return new SandboxServer({
    channel: 'shopee',
    store: new ShopeeStore(own, options.refreshToken),
    listings: own,
    routes: [gatewayRoutes(options), productRoutes, ...(options.extraRoutes ?? [])],
    routesDir: join(__dirname, 'routes'),
    faultShape: {
      serverError: (reply) => reply.code(500).send({ request_id: 'sandbox', error: 'error_server', message: 'Something wrong. Please try later.' }),
      throttled: (reply) => reply.code(429).send({ request_id: 'sandbox', error: 'error_too_many_request', message: 'Too many requests: slow down.' }),
    },
    faults: options.faults,
    rateLimits: options.rateLimits,
    clock: options.clock,
    port: options.port,
  });
}
