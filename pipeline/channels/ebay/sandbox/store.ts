// eBay's two-level quantity as the sandbox keeps it, as the Inventory API documents it: an
// inventory item per SKU whose ship-to-home quantity is "the total quantity of the item that is
// available for sale across all marketplaces", shared by every offer of the SKU, and offers (one
// per marketplace listing) whose availableQuantity is what that marketplace may sell. A listing
// shows min(ship-to-home, offer): moving the shared quantity moves every offer it caps. Each
// listing may be revised 250 times per calendar day.
//   https://developer.ebay.com/api-docs/sell/inventory/types/slr:ShipToLocationAvailability
//   https://developer.ebay.com/api-docs/sell/inventory/types/slr:OfferPriceQuantity
import type { SandboxListing } from '../../sandbox/listings';
import type { ChannelState, SandboxQuantity } from '../../sandbox/server';

export interface EbayInventoryItem {
  sku: string;
  shipToQuantity: number;
}

export interface EbayOffer {
  offerId: string;
  sku: string;
  marketplaceId: string;
  listingId: string | null;
  merchantLocationKey: string | null;
  availableQuantity: number;
  status: 'PUBLISHED' | 'UNPUBLISHED';
  crossdockListingId: string;
  revisions: { day: string; count: number };
}

export const REVISIONS_PER_DAY = 250;

export class EbayStore implements ChannelState {
  readonly items = new Map<string, EbayInventoryItem>();
  readonly offers = new Map<string, EbayOffer>();

  constructor(listings: SandboxListing[]) {
    for (const listing of listings) {
      if (listing.channel !== 'ebay' || !listing.channel_offer_id) continue;
      const quantity = listing.channel_quantity_units ?? 0;
      const item = this.items.get(listing.sku);
      // One inventory item feeds every marketplace offer of the SKU: it holds at least the largest.
      this.items.set(listing.sku, { sku: listing.sku, shipToQuantity: Math.max(item?.shipToQuantity ?? 0, quantity) });
      this.offers.set(listing.channel_offer_id, {
        offerId: listing.channel_offer_id,
        sku: listing.sku,
        marketplaceId: listing.marketplace,
        listingId: listing.channel_listing_id,
        merchantLocationKey: listing.channel_location_id,
        availableQuantity: quantity,
        status: 'PUBLISHED',
        crossdockListingId: listing.listing_id,
        revisions: { day: '', count: 0 },
      });
    }
  }

  /** What buyers see on the listing: the smaller of the two levels. */
  listedQuantity(offer: EbayOffer): number {
    return Math.min(this.items.get(offer.sku)?.shipToQuantity ?? 0, offer.availableQuantity);
  }

  quantities(): SandboxQuantity[] {
    return [...this.offers.values()].map((o) => ({ listing_id: o.crossdockListingId, sku: o.sku, quantity: this.listedQuantity(o) }));
  }

  /** The offers of one SKU (every marketplace), as getOffers lists them. */
  offersOf(sku: string): EbayOffer[] {
    return [...this.offers.values()].filter((o) => o.sku === sku);
  }

  /**
   * A change made on eBay itself (a sale, a restock in Seller Hub) that leaves the listing showing
   * `quantity`: the difference comes off both the listing's offer and the SKU's shared quantity,
   * as a sale does, so other offers the shared quantity caps move with it.
   */
  setQuantity(listingId: string, quantity: number): void {
    const offer = [...this.offers.values()].find((o) => o.crossdockListingId === listingId);
    if (!offer) throw new RangeError(`no eBay offer for listing ${listingId}`);
    const item = this.items.get(offer.sku)!;
    const delta = this.listedQuantity(offer) - quantity;
    offer.availableQuantity = Math.max(0, offer.availableQuantity - delta);
    item.shipToQuantity = Math.max(0, item.shipToQuantity - delta);
  }

  /** Counts a revision of the offer's listing; false when today's 250 are used up. */
  revise(offer: EbayOffer, day: string, limitOn: boolean): boolean {
    if (offer.revisions.day !== day) offer.revisions = { day, count: 0 };
    if (limitOn && offer.revisions.count >= REVISIONS_PER_DAY) return false;
    offer.revisions.count += 1;
    return true;
  }
}
