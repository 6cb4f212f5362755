// bulkUpdatePriceQuantity request building and answer mapping, pure. One PriceQuantity per SKU
// carries the ship-to-home quantity and the availableQuantity of each of that SKU's offers in the
// call, so both levels of eBay's two-level quantity move together (buyers see the minimum).
import type { PushOutcome, StockPush } from '../../../writeback/types';

export interface PriceQuantityRequest {
  sku: string;
  shipToLocationAvailability: { quantity: number };
  offers: { offerId: string; availableQuantity: number }[];
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

// System error, concurrent access, throttling: the same request may succeed later.
const RETRYABLE_ERROR_IDS = new Set([25001, 25025, 2001]);

/**
 * Requests for rows of one call. The ship-to-home quantity of a SKU is the largest quantity asked
 * for any of its offers in the call: the inventory item is shared by all its marketplace offers,
 * and each offer's availableQuantity then caps its own listing.
 */
export function priceQuantityRequests(rows: StockPush[]): PriceQuantityRequest[] {
  const bySku = new Map<string, PriceQuantityRequest>();
  for (const row of rows) {
    const request = bySku.get(row.sku) ?? { sku: row.sku, shipToLocationAvailability: { quantity: 0 }, offers: [] };
    request.shipToLocationAvailability.quantity = Math.max(request.shipToLocationAvailability.quantity, row.quantity);
    request.offers.push({ offerId: row.channel_offer_id!, availableQuantity: row.quantity });
    bySku.set(row.sku, request);
  }
  return [...bySku.values()];
}

const describeErrors = (errors: EbayErrorDetail[] | undefined) =>
  (errors ?? []).map((e) => `${e.errorId}: ${e.longMessage ?? e.message}`).join('; ') || 'no error detail';

/** One outcome per row from the per-entry answers: both the offer and its SKU's ship-to entry must be 200. */
export function mapPriceQuantityResponses(rows: StockPush[], responses: PriceQuantityResponse[]): PushOutcome[] {
  const offerAnswer = new Map<string, PriceQuantityResponse>();
  const skuAnswer = new Map<string, PriceQuantityResponse>();
  for (const response of responses) {
    if (response.offerId) offerAnswer.set(response.offerId, response);
    else if (response.sku !== undefined) skuAnswer.set(response.sku, response);
  }
  return rows.map((row) => {
    const offer = offerAnswer.get(row.channel_offer_id!);
    const shipTo = skuAnswer.get(row.sku);
    const answers = { offer: offer ?? null, shipToLocation: shipTo ?? null };
    if (offer?.statusCode === 200 && shipTo?.statusCode === 200) {
      return { change_id: row.change_id, status: 'applied', channel_quantity: row.quantity, channel_response: answers };
    }
    const problems: string[] = [];
    let retryable = true;
    for (const [level, answer] of [['offer availableQuantity', offer], ['ship-to-home quantity', shipTo]] as const) {
      if (!answer) problems.push(`${level}: eBay sent no answer for it`);
      else if (answer.statusCode !== 200) {
        problems.push(`${level}: HTTP ${answer.statusCode} ${describeErrors(answer.errors)}`);
        const transient = answer.statusCode >= 500 || answer.statusCode === 429 || (answer.errors ?? []).some((e) => RETRYABLE_ERROR_IDS.has(e.errorId));
        if (!transient) retryable = false;
      }
    }
    const partial = offer?.statusCode === 200 || shipTo?.statusCode === 200 ? ' (the other level was updated; the listing shows the smaller of the two)' : '';
    return { change_id: row.change_id, status: 'failed', message: `eBay refused the update: ${problems.join('; ')}${partial}`, channel_response: answers, retryable };
  });
}
