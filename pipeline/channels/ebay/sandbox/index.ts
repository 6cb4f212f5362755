// The eBay sandbox: Sell Inventory API v1 (bulk_update_price_quantity with 207 partial failures,
// bulk_get_inventory_item, the two-level quantity of store.ts, 250 revisions/listing/day) behind a
// Bearer token. Extra routes (Fulfillment getOrders…) go in ./routes/*.ts and share the store.
import { join } from 'node:path';
import type { Clock } from '../../http/clock';
import type { FaultOptions } from '../../sandbox/faults';
import type { SandboxListing } from '../../sandbox/listings';
import { SandboxServer, type SandboxRoutes } from '../../sandbox/server';
import { SYSTEM_ERROR, TOO_MANY_REQUESTS } from './errors';
import { inventoryRoutes } from './inventory';
import { EbayStore } from './store';

export interface EbaySandboxOptions {
  /** The user token the sandbox accepts; null accepts any Bearer token. */
  accessToken?: string | null;
  rejectZeroQuantity?: boolean;
  faults?: Partial<FaultOptions>;
  /** Route modules added after the channel's own (tests; later order/report endpoints). */
  extraRoutes?: SandboxRoutes<EbayStore>[];
  rateLimits?: boolean;
  clock?: Clock;
  port?: number;
}

export type EbaySandbox = SandboxServer<EbayStore>;

export function createEbaySandbox(listings: SandboxListing[], options: EbaySandboxOptions = {}): EbaySandbox {
  return new SandboxServer({
    channel: 'ebay',
    store: new EbayStore(listings),
    listings: listings.filter((l) => l.channel === 'ebay'),
    routes: [inventoryRoutes({ accessToken: options.accessToken ?? null, rejectZeroQuantity: options.rejectZeroQuantity ?? false }), ...(options.extraRoutes ?? [])],
    routesDir: join(__dirname, 'routes'),
    faultShape: {
      serverError: (reply) => reply.code(500).send({ errors: [SYSTEM_ERROR()] }),
      throttled: (reply, retryAfter) => reply.code(429).header('retry-after', String(retryAfter)).send({ errors: [TOO_MANY_REQUESTS()] }),
    },
    faults: options.faults,
    rateLimits: options.rateLimits,
    clock: options.clock,
    port: options.port,
  });
}
