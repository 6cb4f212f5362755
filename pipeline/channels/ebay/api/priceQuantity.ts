// bulkUpdatePriceQuantity request building and answer mapping, pure. eBay keeps two levels: the
// SKU's ship-to-home quantity ("the total quantity of the item that is available for sale across
// all marketplaces", shared by every offer of the SKU) and each offer's availableQuantity (what
// that marketplace may sell); a listing shows the smaller of the two. So a listing is set through
// its offer alone whenever the shared quantity already covers it, and the shared quantity is
// raised only when a listing must go above it: then every other published offer it would lift is
// first pinned at what it shows, so no other listing changes.
//   https://developer.ebay.com/api-docs/sell/inventory/types/slr:ShipToLocationAvailability
//   https://developer.ebay.com/api-docs/sell/inventory/types/slr:OfferPriceQuantity
//   https://developer.ebay.com/api-docs/sell/inventory/types/slr:PriceQuantity
import type { PushOutcome, StockPush } from '../../contract/writer';

export interface OfferQuantity {
  offerId: string;
  availableQuantity: number;
}

export interface PriceQuantityRequest {
  sku: string;
  /** Only when the SKU's shared quantity must rise (shipToRaises). */
  shipToLocationAvailability?: { quantity: number };
  offers: OfferQuantity[];
}

export interface EbayErrorDetail {
  errorId: number;
  domain?: string;
  category?: string;
  message: string;
  longMessage?: string;
}

export interface PriceQuantityResponse {
  statusCode: number;
  sku?: string;
  offerId?: string;
  errors?: EbayErrorDetail[];
  warnings?: EbayErrorDetail[];
}

/** An offer as getOffers lists it (the fields the writer reads). */
export interface OfferSummary {
  offerId: string;
  marketplaceId?: string;
  availableQuantity?: number;
  status?: string;
}

// System error, concurrent access, throttling: the same request may succeed later.
const RETRYABLE_ERROR_IDS = new Set([25001, 25025, 2001]);

/** True when a row may lift its listing above what it showed: only then does the shared quantity matter. */
export const mayRaise = (row: StockPush): boolean => row.expected_quantity === null || row.quantity > row.expected_quantity;

/**
 * The SKUs whose shared ship-to-home quantity must rise, and to what: the largest quantity asked
 * for one of its offers above the SKU's current quantity (`shipTo`). A SKU not named here moves
 * its offers only (an offer at or below the shared quantity shows exactly what it is set to).
 */
export function shipToRaises(rows: StockPush[], shipTo: ReadonlyMap<string, number>): Map<string, number> {
  const raises = new Map<string, number>();
  for (const row of rows) {
    const current = shipTo.get(row.sku);
    if (current !== undefined && row.quantity > current) raises.set(row.sku, Math.max(raises.get(row.sku) ?? 0, row.quantity));
  }
  return raises;
}

/**
 * The other offers of a SKU that raising its shared quantity from `shipTo` would lift: published,
 * not set by this call, offering more than `shipTo` (so they show `shipTo` now). Each is pinned at
 * `shipTo`: it shows the same before and after the raise.
 */
export function offersToPin(offers: OfferSummary[], inCall: ReadonlySet<string>, shipTo: number): OfferQuantity[] {
  return offers
    .filter((o) => o.status === 'PUBLISHED' && !inCall.has(o.offerId) && (o.availableQuantity ?? 0) > shipTo)
    .map((o) => ({ offerId: o.offerId, availableQuantity: shipTo }));
}

/** One PriceQuantity per SKU: its offers' availableQuantity, and its ship-to-home quantity only when raised. */
export function priceQuantityRequests(rows: StockPush[], raises: ReadonlyMap<string, number> = new Map()): PriceQuantityRequest[] {
  const bySku = new Map<string, PriceQuantityRequest>();
  for (const row of rows) {
    let request = bySku.get(row.sku);
    if (!request) {
      const raise = raises.get(row.sku);
      request = { sku: row.sku, ...(raise !== undefined ? { shipToLocationAvailability: { quantity: raise } } : {}), offers: [] };
      bySku.set(row.sku, request);
    }
    request.offers.push({ offerId: row.channel_offer_id!, availableQuantity: row.quantity });
  }
  return [...bySku.values()];
}

export const describeErrors = (errors: EbayErrorDetail[] | undefined): string =>
  (errors ?? []).map((e) => `${e.errorId}: ${e.longMessage ?? e.message}`).join('; ') || 'no error detail';

export const isTransient = (answer: PriceQuantityResponse): boolean =>
  answer.statusCode >= 500 || answer.statusCode === 429 || (answer.errors ?? []).some((e) => RETRYABLE_ERROR_IDS.has(e.errorId));

/**
 * One outcome per row from the per-entry answers: the row's offer entry must be 200, and so must
 * its SKU's ship-to-home entry when the call raised it (`raised`).
 */
export function mapPriceQuantityResponses(rows: StockPush[], responses: PriceQuantityResponse[], raised: ReadonlySet<string> = new Set()): PushOutcome[] {
  const offerAnswer = new Map<string, PriceQuantityResponse>();
  const skuAnswer = new Map<string, PriceQuantityResponse>();
  for (const response of responses) {
    if (response.offerId) offerAnswer.set(response.offerId, response);
    else if (response.sku !== undefined) skuAnswer.set(response.sku, response);
  }
  return rows.map((row) => {
    const offer = offerAnswer.get(row.channel_offer_id!);
    const levels: [string, PriceQuantityResponse | undefined][] = [['offer availableQuantity', offer]];
    if (raised.has(row.sku)) levels.push(['ship-to-home quantity', skuAnswer.get(row.sku)]);
    const answers = { offer: offer ?? null, ...(raised.has(row.sku) ? { shipToLocation: skuAnswer.get(row.sku) ?? null } : {}) };
    if (levels.every(([, answer]) => answer?.statusCode === 200)) {
      return { change_id: row.change_id, status: 'applied', channel_quantity: row.quantity, channel_response: answers };
    }
    const problems: string[] = [];
    let retryable = true;
    for (const [level, answer] of levels) {
      if (!answer) problems.push(`${level}: eBay sent no answer for it`);
      else if (answer.statusCode !== 200) {
        problems.push(`${level}: HTTP ${answer.statusCode} ${describeErrors(answer.errors)}`);
        if (!isTransient(answer)) retryable = false;
      }
    }
    const partial = levels.length > 1 && levels.some(([, answer]) => answer?.statusCode === 200) ? ' (the other level was updated; the listing shows the smaller of the two)' : '';
    return { change_id: row.change_id, status: 'failed', message: `eBay refused the update: ${problems.join('; ')}${partial}`, channel_response: answers, retryable };
  });
}
