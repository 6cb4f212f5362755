// Amazon marketplace ids by the country codes our listings carry (listing.marketplace), and the
// FBA (AFN) fulfilment channel code of each region. Ids: SP-API "Marketplace IDs" table.

export const MARKETPLACE_IDS: Record<string, string> = {
  US: 'ATVPDKIKX0DER', CA: 'A2EUQ1WTGCTBG2', MX: 'A1AM78C64UM0Y8', BR: 'A2Q3Y263D00KWC',
  UK: 'A1F83G8C2ARO7P', GB: 'A1F83G8C2ARO7P', DE: 'A1PA6795UKMFR9', FR: 'A13V1IB3VIYZZH', IT: 'APJ6JRA9NG5V4',
  ES: 'A1RKKUPIHCS9HS', NL: 'A1805IZSGTT6HS', SE: 'A2NODRKZP88ZB9', PL: 'A1C3SOZRARQ6R3', BE: 'AMEN7PMS3EDWL',
  TR: 'A33AVAJ2PDY3EV', IE: 'A28R8C7NBKEWEA', AE: 'A2VIGQ35RCS4UG', SA: 'A17E79C6D8DWNP', EG: 'ARBP9OOSHTCHU',
  IN: 'A21TJRUUN4KGV', JP: 'A1VC38T7YXB528', AU: 'A39IBJ37TRP1C6', SG: 'A19VAU5U5O7RUS',
};

const NA = new Set(['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1AM78C64UM0Y8', 'A2Q3Y263D00KWC']);
const FE = new Set(['A19VAU5U5O7RUS', 'A39IBJ37TRP1C6', 'A1VC38T7YXB528']);

export type SellingRegion = 'NA' | 'EU' | 'FE';

/** The SP-API selling region (and endpoint) a marketplace belongs to: https://developer-docs.amazon.com/sp-api/docs/sp-api-endpoints */
export function sellingRegion(marketplaceIdValue: string): SellingRegion {
  if (NA.has(marketplaceIdValue)) return 'NA';
  if (FE.has(marketplaceIdValue)) return 'FE';
  return 'EU';
}

/**
 * Amazon keeps a merchant-fulfilled SKU's quantity per seller and SKU, not per marketplace
 * ("inventory data is marketplace agnostic and applied to the seller + sku", Amazon in
 * amzn/selling-partner-api-docs#3167; "updating quantity in one marketplace affects all EU
 * marketplaces with that SKU", amzn/selling-partner-api-models#4356). One seller account serves
 * one selling region, so the merchant listings of a SKU in one region share one quantity. FBA
 * listings are Amazon's stock and share nothing here. Null for FBA or an unknown marketplace.
 */
export function sharedQuantityKey(listing: { listing_id: string; marketplace: string; sku: string }): string | null {
  if (isFbaListing(listing.listing_id)) return null;
  try {
    return `${sellingRegion(marketplaceId(listing.marketplace))}|${listing.sku}`;
  } catch {
    return null;
  }
}

/** The marketplace id for a listing's marketplace (a country code, or already an id). */
export function marketplaceId(marketplace: string): string {
  const code = marketplace.trim().toUpperCase();
  const id = MARKETPLACE_IDS[code];
  if (id) return id;
  if (/^[A-Z0-9]{9,16}$/.test(code)) return code;
  throw new RangeError(`unknown Amazon marketplace "${marketplace}": use a country code (US, DE…) or a marketplace id`);
}

/** The AFN fulfilment channel code Amazon shows for FBA listings of a marketplace. */
export function afnChannelCode(marketplaceIdValue: string): string {
  if (NA.has(marketplaceIdValue)) return 'AMAZON_NA';
  if (marketplaceIdValue === 'A1VC38T7YXB528') return 'AMAZON_JP';
  if (marketplaceIdValue === 'A39IBJ37TRP1C6') return 'AMAZON_AU';
  if (marketplaceIdValue === 'A21TJRUUN4KGV') return 'AMAZON_IN';
  return 'AMAZON_EU';
}

/** True for a row that is fulfilled by Amazon: listing ids end with ":fba" (pipeline/model/keys). */
export function isFbaListing(listingId: string): boolean {
  return listingId.toLowerCase().endsWith(':fba');
}
