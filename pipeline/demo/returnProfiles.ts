// Why customers send things back, per category: Amazon's reason codes with their weights, how each
// reason ends up (disposition), and the equivalent raw codes eBay and Shopify would record.
import { Rng } from './random';
import { CategoryKey } from './seasonality';

export type AmazonDisposition = 'SELLABLE' | 'DAMAGED' | 'CUSTOMER_DAMAGED' | 'DEFECTIVE' | 'CARRIER_DAMAGED';

interface ReasonDef {
  /** eBay ReturnReasonEnum value for the same situation */
  ebay: string;
  /** Shopify ReturnReason value for the same situation */
  shopify: string;
  dispositions: Array<[AmazonDisposition, number]>;
  comments: string[];
}

const REMORSE: Array<[AmazonDisposition, number]> = [['SELLABLE', 0.78], ['CUSTOMER_DAMAGED', 0.22]];

export const REASONS: Record<string, ReasonDef> = {
  APPAREL_TOO_SMALL: { ebay: 'WRONG_SIZE', shopify: 'SIZE_TOO_SMALL', dispositions: [['SELLABLE', 0.86], ['CUSTOMER_DAMAGED', 0.14]], comments: ['Runs small, order one size up', 'Too tight across the shoulders', 'size chart is off'] },
  APPAREL_TOO_LARGE: { ebay: 'WRONG_SIZE', shopify: 'SIZE_TOO_LARGE', dispositions: [['SELLABLE', 0.86], ['CUSTOMER_DAMAGED', 0.14]], comments: ['Way too big', 'Sleeves too long', 'fits like an XL'] },
  APPAREL_STYLE: { ebay: 'NO_LONGER_NEED_ITEM', shopify: 'STYLE', dispositions: REMORSE, comments: ['Colour looks different in person', 'Not my style after all'] },
  UNWANTED_ITEM: { ebay: 'NO_LONGER_NEED_ITEM', shopify: 'UNWANTED', dispositions: REMORSE, comments: ['No longer needed', 'Gift, recipient already had one', 'changed my mind'] },
  ORDERED_WRONG_ITEM: { ebay: 'ORDERED_ACCIDENTALLY', shopify: 'UNWANTED', dispositions: REMORSE, comments: ['Ordered the wrong one', 'Meant to order the other colour'] },
  FOUND_BETTER_PRICE: { ebay: 'FOUND_BETTER_PRICE', shopify: 'UNWANTED', dispositions: REMORSE, comments: ['Found it cheaper locally'] },
  DEFECTIVE: { ebay: 'DEFECTIVE_ITEM', shopify: 'DEFECTIVE', dispositions: [['DEFECTIVE', 0.86], ['CUSTOMER_DAMAGED', 0.09], ['SELLABLE', 0.05]], comments: ['Stopped working after 3 days', 'Does not charge', 'seam ripped on first wear', 'Arrived broken, will not turn on'] },
  QUALITY_UNACCEPTABLE: { ebay: 'DEFECTIVE_ITEM', shopify: 'DEFECTIVE', dispositions: [['DEFECTIVE', 0.5], ['CUSTOMER_DAMAGED', 0.3], ['SELLABLE', 0.2]], comments: ['Feels cheap', 'Poor stitching', 'Material is thin'] },
  NOT_AS_DESCRIBED: { ebay: 'DIFFERENT_FROM_LISTING', shopify: 'NOT_AS_DESCRIBED', dispositions: [['SELLABLE', 0.45], ['CUSTOMER_DAMAGED', 0.35], ['DEFECTIVE', 0.2]], comments: ['Nothing like the photos', 'Listing says merino, label says polyester', 'Smaller than described', 'Description is misleading'] },
  NOT_COMPATIBLE: { ebay: 'ORDERED_WRONG_ITEM', shopify: 'OTHER', dispositions: [['SELLABLE', 0.8], ['CUSTOMER_DAMAGED', 0.2]], comments: ['Does not fit my phone', 'Not compatible with MacBook Air M2'] },
  MISSING_PARTS: { ebay: 'MISSING_PARTS', shopify: 'OTHER', dispositions: [['DEFECTIVE', 0.6], ['CUSTOMER_DAMAGED', 0.4]], comments: ['Pieces missing', 'No cable in the box'] },
  DAMAGED_BY_CARRIER: { ebay: 'ARRIVED_DAMAGED', shopify: 'DEFECTIVE', dispositions: [['CARRIER_DAMAGED', 1]], comments: ['Box was crushed', 'Arrived damaged'] },
  DAMAGED_BY_FC: { ebay: 'ARRIVED_DAMAGED', shopify: 'DEFECTIVE', dispositions: [['DAMAGED', 1]], comments: ['Packaging torn open'] },
  SWITCHEROO: { ebay: 'OTHER', shopify: 'OTHER', dispositions: [['CUSTOMER_DAMAGED', 1]], comments: [] },
  MISSED_ESTIMATED_DELIVERY: { ebay: 'ARRIVED_LATE', shopify: 'OTHER', dispositions: [['SELLABLE', 0.95], ['CUSTOMER_DAMAGED', 0.05]], comments: ['Arrived after the party', 'Took 3 weeks'] },
};

interface CategoryReturns {
  /** share of shipped units that come back (Amazon FBA; other channels scale it) */
  rate: number;
  reasons: Array<[string, number]>;
}

export const CATEGORY_RETURNS: Record<CategoryKey, CategoryReturns> = {
  apparel: { rate: 0.11, reasons: [['APPAREL_TOO_SMALL', 28], ['APPAREL_TOO_LARGE', 18], ['APPAREL_STYLE', 12], ['UNWANTED_ITEM', 14], ['ORDERED_WRONG_ITEM', 7], ['QUALITY_UNACCEPTABLE', 8], ['DEFECTIVE', 4], ['NOT_AS_DESCRIBED', 5], ['DAMAGED_BY_CARRIER', 2], ['MISSED_ESTIMATED_DELIVERY', 2]] },
  electronics: { rate: 0.06, reasons: [['DEFECTIVE', 34], ['NOT_COMPATIBLE', 18], ['UNWANTED_ITEM', 14], ['ORDERED_WRONG_ITEM', 8], ['QUALITY_UNACCEPTABLE', 8], ['MISSING_PARTS', 6], ['DAMAGED_BY_CARRIER', 4], ['DAMAGED_BY_FC', 2], ['NOT_AS_DESCRIBED', 4], ['SWITCHEROO', 2]] },
  home: { rate: 0.045, reasons: [['UNWANTED_ITEM', 28], ['DAMAGED_BY_CARRIER', 16], ['DEFECTIVE', 14], ['NOT_AS_DESCRIBED', 12], ['QUALITY_UNACCEPTABLE', 12], ['DAMAGED_BY_FC', 8], ['FOUND_BETTER_PRICE', 6], ['ORDERED_WRONG_ITEM', 4]] },
  toys: { rate: 0.035, reasons: [['UNWANTED_ITEM', 30], ['MISSING_PARTS', 18], ['DEFECTIVE', 20], ['DAMAGED_BY_CARRIER', 10], ['QUALITY_UNACCEPTABLE', 8], ['ORDERED_WRONG_ITEM', 8], ['FOUND_BETTER_PRICE', 6]] },
  sports: { rate: 0.05, reasons: [['UNWANTED_ITEM', 26], ['DEFECTIVE', 20], ['QUALITY_UNACCEPTABLE', 14], ['NOT_AS_DESCRIBED', 10], ['DAMAGED_BY_CARRIER', 10], ['ORDERED_WRONG_ITEM', 10], ['FOUND_BETTER_PRICE', 10]] },
  pet: { rate: 0.04, reasons: [['UNWANTED_ITEM', 34], ['DEFECTIVE', 18], ['NOT_AS_DESCRIBED', 8], ['QUALITY_UNACCEPTABLE', 14], ['DAMAGED_BY_CARRIER', 8], ['ORDERED_WRONG_ITEM', 18]] },
};

/** A misleading listing: returns 3.5× as often, mostly NOT_AS_DESCRIBED. */
export const BAD_LISTING_RATE_FACTOR = 3.5;
const BAD_LISTING_NAD_SHARE = 0.62;

/** Return probability multiplier per channel (Amazon's easy returns vs. eBay/own store). */
// Mercado Libre: none (its connector reads no returns, so the warehouse could not see them);
// Shopee: cross-border returns are a hassle for the buyer, about half of the own store's rate.
export const CHANNEL_RETURN_FACTOR = { amazon: 1, ebay: 0.6, shopify: 0.8, mercadolibre: 0, shopee: 0.4 } as const;

/**
 * Customer comments that start like spreadsheet formulas. Excel would evaluate them if written
 * as formulas; the add-in must keep them as text, and the demo makes sure some exist.
 */
export const HOSTILE_COMMENTS = [
  '=HYPERLINK("http://example.com/refund","click for refund")',
  '=1+1 is what this is worth',
  '+1 star only, broke after two days',
  '-- not as pictured --',
  '@seller please call me back',
  '=cmd|\' /C calc\'!A0',
];

export interface ReturnDraw {
  reason: string;
  disposition: AmazonDisposition;
  comment: string;
}

export function returnProbability(category: CategoryKey, badListing: boolean): number {
  return CATEGORY_RETURNS[category].rate * (badListing ? BAD_LISTING_RATE_FACTOR : 1);
}

export function drawReturn(rng: Rng, category: CategoryKey, badListing: boolean): ReturnDraw {
  const mix = CATEGORY_RETURNS[category].reasons;
  const reason = badListing && rng.chance(BAD_LISTING_NAD_SHARE) ? 'NOT_AS_DESCRIBED' : mix[rng.weighted(mix.map((m) => m[1]))][0];
  const def = REASONS[reason];
  const disposition = def.dispositions[rng.weighted(def.dispositions.map((d) => d[1]))][0];
  let comment = '';
  const c = rng.next();
  if (c < 0.012) comment = rng.pick(HOSTILE_COMMENTS);
  else if (c < 0.36 && def.comments.length > 0) comment = rng.pick(def.comments);
  return { reason, disposition, comment };
}

/** The lower-case disposition vocabulary of the crossdock-returns template. */
export function templateDisposition(d: AmazonDisposition): string {
  return d.toLowerCase();
}
