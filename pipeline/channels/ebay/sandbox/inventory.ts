// Sell Inventory API v1 in the eBay sandbox: bulk_update_price_quantity (≤ 25 requests, one SKU
// each, per-entry statusCode, HTTP 207 when any entry failed; an entry may carry only offers, or
// only the SKU's shared ship-to-home quantity, or both), bulk_get_inventory_item (≤ 25 SKUs),
// getInventoryItem, getOffer and getOffers by SKU. Quantities follow store.ts: the SKU's
// ship-to-home quantity is shared by its offers, each listing shows min(ship-to-home, offer).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxRoutes } from '../../sandbox/server';
import {
  INVALID_QUANTITY,
  INVALID_TOKEN,
  INVALID_VALUE,
  NOT_FOUND,
  SKU_NOT_AVAILABLE,
  SYSTEM_ERROR,
  TOO_MANY_ITEMS,
  USER_ERROR,
  type EbayError,
} from './errors';
import type { EbayOffer, EbayStore } from './store';

export const MAX_BULK_REQUESTS = 25;

interface PriceQuantity {
  sku?: string;
  shipToLocationAvailability?: { quantity?: unknown };
  offers?: { offerId?: string; availableQuantity?: unknown; price?: unknown }[];
}

interface PriceQuantityResponse {
  statusCode: number;
  sku?: string;
  offerId?: string;
  errors?: EbayError[];
  warnings?: EbayError[];
}

const isQuantity = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Options the eBay sandbox routes read (set by createEbaySandbox). */
export interface EbayInventoryOptions {
  accessToken: string | null;
  /** Mirror the reported behaviour where quantity 0 is refused with 25004 (channels.md gotcha 8). */
  rejectZeroQuantity: boolean;
}

export function authorised(request: FastifyRequest, reply: FastifyReply, token: string | null): boolean {
  const header = request.headers.authorization ?? '';
  const ok = header.startsWith('Bearer ') && header.length > 7 && (token === null || header === `Bearer ${token}`);
  if (!ok) reply.code(401).send({ errors: [INVALID_TOKEN()] });
  return ok;
}

export function inventoryRoutes(options: EbayInventoryOptions): SandboxRoutes<EbayStore> {
  return (app, ctx) => {
    const store = ctx.store;
    const today = () => new Date(ctx.clock.now()).toISOString().slice(0, 10);

    app.post<{ Body: { requests?: PriceQuantity[] } }>('/sell/inventory/v1/bulk_update_price_quantity', async (request, reply) => {
      ctx.countCall('bulkUpdatePriceQuantity');
      if (!authorised(request, reply, options.accessToken)) return reply;
      const requests = request.body?.requests;
      if (!Array.isArray(requests) || requests.length === 0) return reply.code(400).send({ errors: [INVALID_VALUE('requests')] });
      if (requests.length > MAX_BULK_REQUESTS) return reply.code(400).send({ errors: [TOO_MANY_ITEMS(MAX_BULK_REQUESTS)] });

      const responses: PriceQuantityResponse[] = [];
      for (const entry of requests) responses.push(...applyPriceQuantity(entry));
      const allOk = responses.every((r) => r.statusCode === 200);
      return reply.code(allOk ? 200 : 207).send({ responses });
    });

    function applyPriceQuantity(entry: PriceQuantity): PriceQuantityResponse[] {
      const out: PriceQuantityResponse[] = [];
      const sku = entry.sku;
      const offers = entry.offers ?? [];
      const seen = new Set<string>();
      for (const offerUpdate of offers) {
        const offerId = String(offerUpdate.offerId ?? '');
        const fail = (statusCode: number, error: EbayError) => out.push({ statusCode, sku, offerId, errors: [error] });
        const offer = store.offers.get(offerId);
        if (!offer) { fail(404, NOT_FOUND()); continue; }
        if (seen.has(offerId)) { fail(400, USER_ERROR(`Offer ${offerId} appears more than once.`)); continue; }
        seen.add(offerId);
        if (sku !== undefined && offer.sku !== sku) { fail(400, USER_ERROR(`Offer ${offerId} does not belong to SKU ${sku}.`)); continue; }
        if (offer.status !== 'PUBLISHED') { fail(400, USER_ERROR(`Offer ${offerId} is not published; use updateOffer.`)); continue; }
        if (offerUpdate.availableQuantity === undefined && offerUpdate.price === undefined) { fail(400, INVALID_VALUE('availableQuantity')); continue; }
        if (offerUpdate.availableQuantity !== undefined && !isQuantity(offerUpdate.availableQuantity)) { fail(400, INVALID_QUANTITY()); continue; }
        if (options.rejectZeroQuantity && offerUpdate.availableQuantity === 0) { fail(400, INVALID_QUANTITY()); continue; }
        if (ctx.faults.rowError()) { fail(500, SYSTEM_ERROR()); continue; }
        if (!store.revise(offer, today(), ctx.rateLimits)) { fail(400, USER_ERROR('This listing has reached the maximum of 250 revisions per calendar day.')); continue; }
        if (offerUpdate.availableQuantity !== undefined) offer.availableQuantity = offerUpdate.availableQuantity as number;
        out.push({ statusCode: 200, sku: offer.sku, offerId });
      }
      if (entry.shipToLocationAvailability !== undefined) {
        const quantity = entry.shipToLocationAvailability.quantity;
        const fail = (statusCode: number, error: EbayError) => out.push({ statusCode, sku, errors: [error] });
        const item = sku ? store.items.get(sku) : undefined;
        if (!sku) fail(400, INVALID_VALUE('sku'));
        else if (!item) fail(400, SKU_NOT_AVAILABLE(sku));
        else if (!isQuantity(quantity)) fail(400, INVALID_QUANTITY());
        else if (options.rejectZeroQuantity && quantity === 0) fail(400, INVALID_QUANTITY());
        else if (ctx.faults.rowError()) fail(500, SYSTEM_ERROR());
        else {
          item.shipToQuantity = quantity as number;
          out.push({ statusCode: 200, sku });
        }
      }
      if (out.length === 0) out.push({ statusCode: 400, sku, errors: [INVALID_VALUE('offers')] });
      return out;
    }

    const itemJson = (item: { sku: string; shipToQuantity: number }) => ({
      sku: item.sku,
      availability: { shipToLocationAvailability: { quantity: item.shipToQuantity } },
      condition: 'NEW',
      product: { title: item.sku },
    });

    app.get<{ Params: { sku: string } }>('/sell/inventory/v1/inventory_item/:sku', async (request, reply) => {
      ctx.countCall('getInventoryItem');
      if (!authorised(request, reply, options.accessToken)) return reply;
      const item = store.items.get(request.params.sku);
      if (!item) return reply.code(404).send({ errors: [NOT_FOUND()] });
      return itemJson(item);
    });

    // bulkGetInventoryItem: { requests: [{ sku }] } (≤ 25) → { responses: [{ statusCode, sku, inventoryItem | errors }] }.
    app.post<{ Body: { requests?: { sku?: string }[] } }>('/sell/inventory/v1/bulk_get_inventory_item', async (request, reply) => {
      ctx.countCall('bulkGetInventoryItem');
      if (!authorised(request, reply, options.accessToken)) return reply;
      const requests = request.body?.requests;
      if (!Array.isArray(requests) || requests.length === 0) return reply.code(400).send({ errors: [INVALID_VALUE('requests')] });
      if (requests.length > MAX_BULK_REQUESTS) return reply.code(400).send({ errors: [TOO_MANY_ITEMS(MAX_BULK_REQUESTS)] });
      const responses = requests.map(({ sku }) => {
        const item = sku ? store.items.get(sku) : undefined;
        if (!sku) return { statusCode: 400, errors: [INVALID_VALUE('sku')] };
        if (!item) return { statusCode: 404, sku, errors: [SKU_NOT_AVAILABLE(sku)] };
        return { statusCode: 200, sku, inventoryItem: itemJson(item) };
      });
      return reply.code(responses.every((r) => r.statusCode === 200) ? 200 : 207).send({ responses });
    });

    const offerJson = (offer: EbayOffer) => ({
      offerId: offer.offerId,
      sku: offer.sku,
      marketplaceId: offer.marketplaceId,
      format: 'FIXED_PRICE',
      availableQuantity: offer.availableQuantity,
      merchantLocationKey: offer.merchantLocationKey ?? undefined,
      status: offer.status,
      listing: offer.listingId ? { listingId: offer.listingId, listingStatus: 'ACTIVE' } : undefined,
    });

    app.get<{ Params: { offerId: string } }>('/sell/inventory/v1/offer/:offerId', async (request, reply) => {
      ctx.countCall('getOffer');
      if (!authorised(request, reply, options.accessToken)) return reply;
      const offer = store.offers.get(request.params.offerId);
      if (!offer) return reply.code(404).send({ errors: [NOT_FOUND()] });
      return offerJson(offer);
    });

    app.get<{ Querystring: { sku?: string; marketplace_id?: string } }>('/sell/inventory/v1/offer', async (request, reply) => {
      ctx.countCall('getOffers');
      if (!authorised(request, reply, options.accessToken)) return reply;
      const sku = request.query.sku;
      if (!sku) return reply.code(400).send({ errors: [INVALID_VALUE('sku')] });
      const offers = store.offersOf(sku).filter((o) => !request.query.marketplace_id || o.marketplaceId === request.query.marketplace_id);
      if (offers.length === 0) return reply.code(404).send({ errors: [NOT_FOUND()] });
      return { href: request.url, limit: 25, offset: 0, size: offers.length, total: offers.length, offers: offers.map(offerJson) };
    });
  };
}
