// Listings Items API 2021-08-01 in the Amazon sandbox: patchListingsItem (ACCEPTED now, visible
// after the apply delay; VALIDATION_PREVIEW answers VALID without applying) and getListingsItem
// with includedData, shaped like the SP-API model examples.
import type { SandboxRoutes } from '../../sandbox/server';
import { randomUuid } from '../../sandbox/rng';
import { INTERNAL_FAILURE, INVALID_INPUT, NOT_FOUND, UNAUTHORIZED } from './errors';
import type { OperationLimits } from './limits';
import { evaluatePatch, type PatchRuleOptions } from './patchRules';
import type { AmazonListing, AmazonStore } from './store';

export interface AmazonListingsOptions extends PatchRuleOptions {
  sellerId: string;
  limits: OperationLimits;
}

interface ItemParams {
  sellerId: string;
  sku: string;
}
interface ItemQuery {
  marketplaceIds?: string;
  includedData?: string;
  mode?: string;
}

export function listingsRoutes(options: AmazonListingsOptions): SandboxRoutes<AmazonStore> {
  return (app, ctx) => {
    const random = () => ctx.faults.next();

    app.patch<{ Params: ItemParams; Querystring: ItemQuery }>('/listings/2021-08-01/items/:sellerId/:sku', async (request, reply) => {
      ctx.countCall('patchListingsItem');
      if (!options.limits.allow('patchListingsItem', reply, ctx.rateLimits)) return reply;
      if (request.params.sellerId !== options.sellerId) return reply.code(403).send(UNAUTHORIZED());
      const marketplace = (request.query.marketplaceIds ?? '').split(',')[0];
      if (!marketplace) return reply.code(400).send(INVALID_INPUT('marketplaceIds is required.'));
      if (ctx.faults.rowError()) return reply.code(500).send(INTERNAL_FAILURE());
      const sku = request.params.sku;
      const verdict = evaluatePatch(ctx.store, sku, marketplace, request.body, options);
      if (verdict.kind === 'bad_request') return reply.code(400).send(INVALID_INPUT(verdict.message));
      const submissionId = randomUuid(random);
      if (verdict.kind === 'invalid') return { sku, status: 'INVALID', submissionId, issues: verdict.issues };
      if (request.query.mode === 'VALIDATION_PREVIEW') return { sku, status: 'VALID', submissionId, issues: [] };
      verdict.apply(ctx.clock.now() + options.applyDelayMs);
      return { sku, status: 'ACCEPTED', submissionId, issues: [] };
    });

    app.get<{ Params: ItemParams; Querystring: ItemQuery }>('/listings/2021-08-01/items/:sellerId/:sku', async (request, reply) => {
      ctx.countCall('getListingsItem');
      if (!options.limits.allow('getListingsItem', reply, ctx.rateLimits)) return reply;
      if (request.params.sellerId !== options.sellerId) return reply.code(403).send(UNAUTHORIZED());
      const marketplace = (request.query.marketplaceIds ?? '').split(',')[0];
      if (!marketplace) return reply.code(400).send(INVALID_INPUT('marketplaceIds is required.'));
      const listing = ctx.store.get(request.params.sku, marketplace);
      if (!listing) return reply.code(404).send(NOT_FOUND(`SKU '${request.params.sku}' not found in marketplace ${marketplace}`));
      const included = new Set((request.query.includedData ?? 'summaries').split(','));
      return listingsItem(listing, included);
    });
  };
}

/** getListingsItem's answer for the requested includedData sets. */
export function listingsItem(listing: AmazonListing, included: Set<string>): Record<string, unknown> {
  const item: Record<string, unknown> = { sku: listing.sku };
  if (included.has('summaries')) {
    item.summaries = [
      {
        marketplaceId: listing.marketplaceId,
        ...(listing.asin ? { asin: listing.asin } : {}),
        productType: listing.productType,
        conditionType: 'new_new',
        status: listing.incomplete ? [] : ['BUYABLE', 'DISCOVERABLE'],
        itemName: listing.sku,
        createdDate: listing.createdAt,
        lastUpdatedDate: listing.updatedAt,
      },
    ];
  }
  if (included.has('attributes')) {
    const entry: Record<string, unknown> = { fulfillment_channel_code: listing.channelCode, marketplace_id: listing.marketplaceId };
    if (listing.attributeQuantity !== null && listing.channelCode === 'DEFAULT') entry.quantity = listing.attributeQuantity;
    if (listing.leadTimeDays !== null) entry.lead_time_to_ship_max_days = listing.leadTimeDays;
    item.attributes = { fulfillment_availability: [entry] };
  }
  if (included.has('fulfillmentAvailability')) {
    const entries: Record<string, unknown>[] = [
      listing.channelCode === 'DEFAULT' ? { fulfillmentChannelCode: 'DEFAULT', ...(listing.visibleQuantity !== null ? { quantity: listing.visibleQuantity } : {}) } : { fulfillmentChannelCode: listing.channelCode },
    ];
    if (listing.addedDefaultQuantity !== null) entries.push({ fulfillmentChannelCode: 'DEFAULT', quantity: listing.addedDefaultQuantity });
    item.fulfillmentAvailability = entries;
  }
  if (included.has('issues')) {
    item.issues = listing.incomplete
      ? [{ code: '90220', message: "'item_name' is required but not supplied.", severity: 'ERROR', attributeNames: ['item_name'], categories: ['MISSING_ATTRIBUTE'], marketplaceIds: [listing.marketplaceId] }]
      : [];
  }
  if (included.has('offers')) item.offers = [];
  return item;
}
