// Amazon listings as the sandbox keeps them: one listing per (SKU, marketplace) with its
// fulfilment channel. A quantity patch is ACCEPTED at once but only becomes visible in
// getListingsItem's fulfillmentAvailability after `applyDelayMs` (attributes show the submitted
// value right away, as users report). FBA (AFN) listings hold no seller-settable quantity.
// A merchant (DEFAULT) quantity belongs to the seller + SKU, not to the marketplace: patching it
// for one marketplace makes every merchant listing of the SKU in the same selling region show it,
// while each marketplace keeps its own attribute value (amzn/selling-partner-api-docs#3167,
// amzn/selling-partner-api-models#4356).
import { createHash } from 'node:crypto';
import type { SandboxListing } from '../../sandbox/listings';
import type { ChannelState, SandboxQuantity } from '../../sandbox/server';
import { afnChannelCode, marketplaceId, sellingRegion } from '../api/marketplaces';

export interface AmazonListing {
  sku: string;
  marketplaceId: string;
  asin: string | null;
  productType: string;
  channelCode: string; // DEFAULT (merchant) or AMAZON_NA / AMAZON_EU… (FBA)
  /** Quantity getListingsItem's fulfillmentAvailability shows (null for AFN). */
  visibleQuantity: number | null;
  /** The last value submitted (attributes.fulfillment_availability). */
  attributeQuantity: number | null;
  leadTimeDays: number | null;
  /** Extra DEFAULT entry added by patching an AFN listing (the real channel's behaviour). */
  addedDefaultQuantity: number | null;
  pending: { quantity: number; visibleAt: number }[];
  crossdockListingId: string | null;
  incomplete: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Login with Amazon access tokens live one hour. */
export const ACCESS_TOKEN_TTL_S = 3600;

export class AmazonStore implements ChannelState {
  readonly listings = new Map<string, AmazonListing>();
  /** Access tokens minted by the sandbox's Login with Amazon endpoint → when they expire. */
  private readonly accessTokens = new Map<string, number>();

  constructor(
    listings: SandboxListing[],
    private readonly now: () => number,
  ) {
    const created = new Date(now()).toISOString();
    for (const listing of listings) {
      if (listing.channel !== 'amazon') continue;
      const marketplace = marketplaceId(listing.marketplace);
      const afn = listing.fulfilment === 'fba';
      const quantity = afn ? null : (listing.channel_quantity_units ?? 0);
      this.listings.set(key(listing.sku, marketplace), {
        sku: listing.sku,
        marketplaceId: marketplace,
        asin: listing.channel_listing_id,
        productType: 'PRODUCT',
        channelCode: afn ? afnChannelCode(marketplace) : 'DEFAULT',
        visibleQuantity: quantity,
        attributeQuantity: quantity,
        leadTimeDays: afn ? null : 2,
        addedDefaultQuantity: null,
        pending: [],
        crossdockListingId: listing.listing_id,
        incomplete: false,
        createdAt: created,
        updatedAt: created,
      });
    }
  }

  get(sku: string, marketplace: string): AmazonListing | undefined {
    const listing = this.listings.get(key(sku, marketplace));
    if (listing) this.settle(listing);
    return listing;
  }

  mintAccessToken(refreshToken: string): string {
    const token = `Atza|sandbox-${createHash('sha256').update(`${refreshToken}:${this.accessTokens.size}`).digest('hex').slice(0, 32)}`;
    this.accessTokens.set(token, this.now() + ACCESS_TOKEN_TTL_S * 1000);
    return token;
  }

  /** 'live' for a token this sandbox minted and still valid, 'expired' past its hour, 'unknown' otherwise. */
  accessTokenState(token: string): 'live' | 'expired' | 'unknown' {
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    return this.now() < expiresAt ? 'live' : 'expired';
  }

  /** Creates the incomplete offer Amazon makes when a quantity is patched onto an unknown SKU. */
  createIncomplete(sku: string, marketplace: string, productType: string): AmazonListing {
    const now = new Date(this.now()).toISOString();
    const listing: AmazonListing = {
      sku, marketplaceId: marketplace, asin: null, productType, channelCode: 'DEFAULT', visibleQuantity: null, attributeQuantity: null,
      leadTimeDays: null, addedDefaultQuantity: null, pending: [], crossdockListingId: null, incomplete: true, createdAt: now, updatedAt: now,
    };
    this.listings.set(key(sku, marketplace), listing);
    return listing;
  }

  /** The listings that show one merchant quantity with `listing` (itself included; an AFN listing shares nothing). */
  sharingQuantity(listing: AmazonListing): AmazonListing[] {
    if (listing.channelCode !== 'DEFAULT') return [listing];
    const region = sellingRegion(listing.marketplaceId);
    return [...this.listings.values()].filter((l) => l === listing || (l.sku === listing.sku && l.channelCode === 'DEFAULT' && sellingRegion(l.marketplaceId) === region));
  }

  /** Queues a quantity that becomes visible at `visibleAt`, on every listing that shares it. */
  submit(listing: AmazonListing, quantity: number, visibleAt: number, replace: boolean): void {
    listing.attributeQuantity = quantity;
    if (replace) listing.leadTimeDays = null; // replace drops sibling fields such as lead_time_to_ship_max_days
    for (const shared of this.sharingQuantity(listing)) shared.pending.push({ quantity, visibleAt });
    listing.updatedAt = new Date(this.now()).toISOString();
  }

  // Applies every pending quantity whose time has come, in submission order.
  private settle(listing: AmazonListing): void {
    const now = this.now();
    const due = listing.pending.filter((p) => p.visibleAt <= now);
    if (due.length === 0) return;
    listing.pending = listing.pending.filter((p) => p.visibleAt > now);
    const last = due[due.length - 1].quantity;
    if (listing.channelCode === 'DEFAULT') listing.visibleQuantity = last;
    else listing.addedDefaultQuantity = last;
  }

  quantities(): SandboxQuantity[] {
    return [...this.listings.values()]
      .filter((l) => l.crossdockListingId !== null)
      .map((l) => (this.settle(l), { listing_id: l.crossdockListingId!, sku: l.sku, quantity: l.visibleQuantity }));
  }

  /** A change made on Amazon itself (a sale, Seller Central): every listing sharing the quantity shows it. */
  setQuantity(listingId: string, quantity: number): void {
    const listing = [...this.listings.values()].find((l) => l.crossdockListingId === listingId);
    if (!listing) throw new RangeError(`no Amazon listing for ${listingId}`);
    listing.attributeQuantity = quantity;
    for (const shared of this.sharingQuantity(listing)) {
      shared.pending = [];
      shared.visibleQuantity = quantity;
    }
  }
}

function key(sku: string, marketplace: string): string {
  return `${marketplace}|${sku}`;
}
