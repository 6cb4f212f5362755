// The AliExpress sandbox: the Open Platform gateway (/sync, signed) with the batch inventory
// update (all-or-nothing, 20 × 200 limits) and product.info.get. Extra methods (order queries…)
// go in ./routes/*.ts and register into store.methods.
import { join } from 'node:path';
import type { Clock } from '../../http/clock';
import type { FaultOptions } from '../../sandbox/faults';
import type { SandboxListing } from '../../sandbox/listings';
import { SandboxServer, type SandboxRoutes } from '../../sandbox/server';
import { gatewayRoutes, type GatewayOptions } from './gateway';
import { routes as inventoryRoutes } from './inventory';
import { AliExpressStore } from './store';

export interface AliExpressSandboxOptions extends Partial<GatewayOptions> {
  faults?: Partial<FaultOptions>;
  /** Route modules added after the channel's own (tests; later order/report endpoints). */
  extraRoutes?: SandboxRoutes<AliExpressStore>[];
  rateLimits?: boolean;
  clock?: Clock;
  port?: number;
}

export type AliExpressSandbox = SandboxServer<AliExpressStore>;

export function createAliExpressSandbox(listings: SandboxListing[], options: AliExpressSandboxOptions = {}): AliExpressSandbox {
  return new SandboxServer({
    channel: 'aliexpress',
    store: new AliExpressStore(listings),
    listings: listings.filter((l) => l.channel === 'aliexpress'),
    routes: [gatewayRoutes({ appKey: options.appKey ?? null, appSecret: options.appSecret ?? null, session: options.session ?? null }), inventoryRoutes, ...(options.extraRoutes ?? [])],
    routesDir: join(__dirname, 'routes'),
    faultShape: {
      serverError: (reply) => reply.code(503).send({ type: 'ISP', code: 'ServiceUnavailable', message: 'The service is temporarily unavailable', request_id: 'sandbox' }),
      // The gateway throttles with HTTP 200 and an ApiCallLimit body naming the ban's length.
      throttled: (reply, retryAfter) => reply.code(200).send({ type: 'ISP', code: 'ApiCallLimit', message: `This ban will last for ${retryAfter} more seconds`, request_id: 'sandbox' }),
    },
    faults: options.faults,
    rateLimits: options.rateLimits,
    clock: options.clock,
    port: options.port,
  });
}
