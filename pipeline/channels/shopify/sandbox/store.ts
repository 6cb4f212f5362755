// Shopify inventory as the sandbox keeps it: InventoryItem × Location levels holding `available`
// and `on_hand` (each level its own quantity; several Crossdock listings on one level, e.g. two
// markets of one shop, see the same number), and the inventorySetQuantities rules per API version (CAS with compareQuantity up
// to 2025-10, per-row changeFromQuantity from 2026-01, mandatory from 2026-04), atomic: one bad
// row and nothing is applied. Also the @idempotent replay cache and the GraphQL resolver registry
// that route modules extend.
import type { SandboxListing } from '../../sandbox/listings';
import type { ChannelState, SandboxQuantity } from '../../sandbox/server';
import { toGid, versionAtLeast } from '../api/ids';

export const SET_REASONS = new Set([
  'correction', 'cycle_count_available', 'damaged', 'movement_created', 'movement_updated', 'movement_received',
  'movement_canceled', 'other', 'promotion', 'quality_control', 'received', 'reservation_created',
  'reservation_deleted', 'reservation_updated', 'restock', 'safety_stock', 'shrinkage',
]);

export interface ShopifyLevel {
  /** The Crossdock listings that show this level (usually one). */
  listingIds: string[];
  sku: string;
  inventoryItemId: string;
  locationId: string;
  available: number;
  onHand: number;
}

export interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

/** A top-level GraphQL error ({ errors: [...] }, no data), e.g. a removed field for this version. */
export class GqlRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ResolverContext {
  version: string;
  variables: Record<string, unknown>;
  /** Key of an @idempotent directive on this field, if any. */
  idempotencyKey: string | null;
}
export type Resolver = (args: Record<string, unknown>, ctx: ResolverContext) => unknown;

export interface SetQuantitiesResult {
  inventoryAdjustmentGroup: Record<string, unknown> | null;
  userErrors: UserError[];
}

const MAX_QUANTITY = 1_000_000_000;

export class ShopifyStore implements ChannelState {
  readonly levels = new Map<string, ShopifyLevel>();
  readonly items = new Map<string, { sku: string; tracked: boolean }>();
  readonly locations = new Set<string>();
  /** Root fields by operation type; route modules add theirs (orders, products…). */
  readonly graphql = { query: new Map<string, Resolver>(), mutation: new Map<string, Resolver>() };
  private readonly idempotency = new Map<string, { fingerprint: string; result: SetQuantitiesResult }>();
  private groupSeq = 0;

  constructor(listings: SandboxListing[]) {
    for (const listing of listings) {
      if (listing.channel !== 'shopify' || !listing.channel_inventory_item_id || !listing.channel_location_id) continue;
      const item = toGid('InventoryItem', listing.channel_inventory_item_id);
      const location = toGid('Location', listing.channel_location_id);
      const quantity = listing.channel_quantity_units ?? 0;
      this.items.set(item, { sku: listing.sku, tracked: true });
      this.locations.add(location);
      const existing = this.levels.get(levelKey(item, location));
      if (existing) existing.listingIds.push(listing.listing_id);
      else this.levels.set(levelKey(item, location), { listingIds: [listing.listing_id], sku: listing.sku, inventoryItemId: item, locationId: location, available: quantity, onHand: quantity });
    }
  }

  quantities(): SandboxQuantity[] {
    return [...this.levels.values()].flatMap((l) => l.listingIds.map((listing_id) => ({ listing_id, sku: l.sku, quantity: l.available })));
  }

  setQuantity(listingId: string, quantity: number): void {
    const level = [...this.levels.values()].find((l) => l.listingIds.includes(listingId));
    if (!level) throw new RangeError(`no Shopify level for listing ${listingId}`);
    level.onHand += quantity - level.available;
    level.available = quantity;
  }

  level(item: string, location: string): ShopifyLevel | undefined {
    return this.levels.get(levelKey(item, location));
  }

  /** inventorySetQuantities(input:) under `version`'s rules; `rowFails` injects a per-row error. */
  setQuantities(version: string, input: Record<string, unknown>, idempotencyKey: string | null): SetQuantitiesResult {
    const quantities = Array.isArray(input.quantities) ? (input.quantities as Record<string, unknown>[]) : [];
    checkSchema(version, input, quantities, idempotencyKey);
    if (idempotencyKey !== null) {
      const fingerprint = JSON.stringify(input);
      const previous = this.idempotency.get(idempotencyKey);
      if (previous && previous.fingerprint === fingerprint) return previous.result;
      if (previous) {
        return { inventoryAdjustmentGroup: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH', field: null, message: 'The same idempotency key was used with different parameters.' }] };
      }
      const result = this.applySet(version, input, quantities);
      this.idempotency.set(idempotencyKey, { fingerprint, result });
      return result;
    }
    return this.applySet(version, input, quantities);
  }

  private applySet(version: string, input: Record<string, unknown>, quantities: Record<string, unknown>[]): SetQuantitiesResult {
    const userErrors: UserError[] = [];
    const name = input.name;
    if (name !== 'available' && name !== 'on_hand') userErrors.push({ code: 'INVALID_NAME', field: ['input', 'name'], message: 'The quantity name must be either \'available\' or \'on_hand\'.' });
    if (typeof input.reason !== 'string' || !SET_REASONS.has(input.reason)) userErrors.push({ code: 'INVALID_REASON', field: ['input', 'reason'], message: 'The specified reason is invalid.' });
    const uri = input.referenceDocumentUri;
    if (uri !== undefined && uri !== null && !(typeof uri === 'string' && /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(uri))) {
      userErrors.push({ code: 'INVALID_REFERENCE_DOCUMENT', field: ['input', 'referenceDocumentUri'], message: 'The reference document URI is invalid.' });
    }
    const ignoreCompare = input.ignoreCompareQuantity === true;
    const seen = new Set<string>();
    quantities.forEach((row, index) => {
      const field = (f: string) => ['input', 'quantities', String(index), f];
      const item = String(row.inventoryItemId ?? '');
      const location = String(row.locationId ?? '');
      const quantity = row.quantity;
      if (!this.items.has(item)) return userErrors.push({ code: 'INVALID_INVENTORY_ITEM', field: field('inventoryItemId'), message: 'The specified inventory item could not be found.' });
      if (!this.locations.has(location)) return userErrors.push({ code: 'INVALID_LOCATION', field: field('locationId'), message: 'The specified location could not be found.' });
      const level = this.level(item, location);
      if (!level) return userErrors.push({ code: 'ITEM_NOT_STOCKED_AT_LOCATION', field: field('locationId'), message: 'The specified inventory item is not stocked at the location.' });
      if (seen.has(levelKey(item, location))) return userErrors.push({ code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR', field: field('inventoryItemId'), message: 'The combination of inventoryItemId and locationId must be unique.' });
      seen.add(levelKey(item, location));
      if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return userErrors.push({ code: 'INVALID_QUANTITY', field: field('quantity'), message: 'The quantity must be an integer.' });
      if (quantity > MAX_QUANTITY) return userErrors.push({ code: 'INVALID_QUANTITY_TOO_HIGH', field: field('quantity'), message: 'The quantity can\'t be higher than 1,000,000,000.' });
      if (quantity < 0) return userErrors.push({ code: 'INVALID_QUANTITY_NEGATIVE', field: field('quantity'), message: 'The quantity can\'t be negative.' });
      const current = name === 'on_hand' ? level.onHand : level.available;
      if (versionAtLeast(version, '2026-01') && 'changeFromQuantity' in row) {
        if (row.changeFromQuantity !== null && row.changeFromQuantity !== current) {
          userErrors.push({ code: 'CHANGE_FROM_QUANTITY_STALE', field: field('changeFromQuantity'), message: `The specified changeFromQuantity (${String(row.changeFromQuantity)}) does not match the current quantity (${current}).` });
        }
        return;
      }
      if (versionAtLeast(version, '2026-04')) {
        return userErrors.push({ code: 'CHANGE_FROM_QUANTITY_REQUIRED', field: field('changeFromQuantity'), message: 'changeFromQuantity must be given for each quantity (an integer, or null to skip the check).' });
      }
      if (ignoreCompare) return;
      if (row.compareQuantity === undefined || row.compareQuantity === null) {
        return userErrors.push({ code: 'COMPARE_QUANTITY_REQUIRED', field: field('compareQuantity'), message: 'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.' });
      }
      if (row.compareQuantity !== current) {
        userErrors.push({ code: 'COMPARE_QUANTITY_STALE', field: field('compareQuantity'), message: 'The compareQuantity value does not match persisted value.' });
      }
    });
    if (userErrors.length > 0) return { inventoryAdjustmentGroup: null, userErrors };

    const changes = quantities.map((row) => {
      const level = this.level(String(row.inventoryItemId), String(row.locationId))!;
      const quantity = row.quantity as number;
      const delta = name === 'on_hand' ? quantity - level.onHand : quantity - level.available;
      level.available += delta;
      level.onHand += delta;
      return {
        name,
        delta,
        quantityAfterChange: name === 'on_hand' ? level.onHand : level.available,
        item: { __typename: 'InventoryItem', id: level.inventoryItemId, sku: level.sku },
        location: { __typename: 'Location', id: level.locationId },
      };
    });
    this.groupSeq += 1;
    return {
      inventoryAdjustmentGroup: {
        __typename: 'InventoryAdjustmentGroup',
        id: `gid://shopify/InventoryAdjustmentGroup/${this.groupSeq}`,
        createdAt: new Date().toISOString(),
        reason: input.reason,
        referenceDocumentUri: uri ?? null,
        changes,
      },
      userErrors: [],
    };
  }
}

function levelKey(item: string, location: string): string {
  return `${item}|${location}`;
}

// Fields and directives that do not exist in a version are schema errors, not userErrors.
function checkSchema(version: string, input: Record<string, unknown>, quantities: Record<string, unknown>[], idempotencyKey: string | null): void {
  if (quantities.length > 250) {
    throw new GqlRequestError(`The input array size of ${quantities.length} is greater than the maximum allowed of 250.`, 'MAX_INPUT_SIZE_EXCEEDED', { path: ['inventorySetQuantities', 'input', 'quantities'] });
  }
  const undefinedField = (field: string) =>
    new GqlRequestError(`Variable $input of type InventorySetQuantitiesInput! was provided invalid value for ${field} (Field is not defined on ${field.includes('quantities') ? 'InventoryQuantityInput' : 'InventorySetQuantitiesInput'})`, 'INVALID_VARIABLE', { version });
  if (!versionAtLeast(version, '2026-01')) {
    const index = quantities.findIndex((q) => 'changeFromQuantity' in q);
    if (index >= 0) throw undefinedField(`quantities.${index}.changeFromQuantity`);
  }
  if (versionAtLeast(version, '2026-04')) {
    if ('ignoreCompareQuantity' in input) throw undefinedField('ignoreCompareQuantity');
    const index = quantities.findIndex((q) => 'compareQuantity' in q);
    if (index >= 0) throw undefinedField(`quantities.${index}.compareQuantity`);
    if (idempotencyKey === null) throw new GqlRequestError('The @idempotent directive is required for this mutation in this API version.', 'BAD_REQUEST');
  }
  if (!versionAtLeast(version, '2026-01') && idempotencyKey !== null) {
    throw new GqlRequestError('Directive \'idempotent\' is not defined in this API version.', 'undefinedDirective');
  }
}
