// eBay stock writer: POST /sell/inventory/v1/bulk_update_price_quantity, ≤ 25 SKUs per call.
// A listing is its offer: the writer sets the offer's availableQuantity and touches the SKU's
// shared ship-to-home quantity only when a listing must go above it (api/priceQuantity.ts). A
// raise reads the SKU's quantity (bulkGetInventoryItem) and its other offers (getOffers), and
// pins every other offer the raise would lift at what it shows, in a call before the raise: a
// push changes the listings it names and no other. HTTP 200/207 says nothing about the rows:
// every responses[].statusCode is read and mapped to its row. A lost answer is settled by
// reading the offer and inventory item back.
import { lostAnswers } from '../contract/lostAnswer';
import type { ChannelId, ChannelReading, ChannelWriter, PushOutcome, StockPush } from '../contract/writer';
import { describeHttpFailure, type HttpClient, type HttpClientOptions } from '../http/client';
import { mapLimit } from '../http/concurrency';
import type { TokenBucketOptions } from '../http/tokenBucket';
import {
  describeErrors,
  isTransient,
  mapPriceQuantityResponses,
  mayRaise,
  offersToPin,
  priceQuantityRequests,
  shipToRaises,
  type OfferQuantity,
  type OfferSummary,
  type PriceQuantityResponse,
} from './api/priceQuantity';
import { createEbayHttpClient } from './client';

export const EBAY_MAX_ROWS = 25;

export interface EbayWriterOptions {
  baseUrl: string;
  credentials: { accessToken: string };
  /** Inventory API version segment (default v1). */
  apiVersion?: string;
  locale?: string;
  /** eBay documents daily quotas, not a per-second rate: set one here if your app needs it. */
  limits?: { maxRowsPerCall?: number; rate?: TokenBucketOptions | null; readConcurrency?: number };
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export class EbayWriter implements ChannelWriter {
  readonly channel: ChannelId = 'ebay';
  readonly maxRowsPerCall: number;
  /** No compare-and-set in bulkUpdatePriceQuantity: the core reads each batch right before it. */
  readonly readBeforeWrite = true;
  readonly appliesSynchronously = true;
  readonly http: HttpClient;
  private readonly base: string;

  constructor(private readonly options: EbayWriterOptions) {
    this.maxRowsPerCall = Math.min(options.limits?.maxRowsPerCall ?? EBAY_MAX_ROWS, EBAY_MAX_ROWS);
    this.base = `/sell/inventory/${options.apiVersion ?? 'v1'}`;
    this.http = createEbayHttpClient({
      baseUrl: options.baseUrl,
      accessToken: options.credentials.accessToken,
      locale: options.locale,
      http: { ...options.http, rate: options.limits?.rate ?? options.http?.rate ?? null },
    });
  }

  async push(rows: StockPush[], _options: { idempotencyKey: string }): Promise<PushOutcome[]> {
    const outcomes = new Map<string, PushOutcome>();
    const sendable: StockPush[] = [];
    const offersSeen = new Set<string>();
    for (const row of rows) {
      const problem = rowProblem(row) ?? (offersSeen.has(row.channel_offer_id!) ? `offer ${row.channel_offer_id} appears twice in one push; only the first is sent` : null);
      if (problem) outcomes.set(row.change_id, { change_id: row.change_id, status: 'failed', message: problem, retryable: false });
      else {
        offersSeen.add(row.channel_offer_id!);
        sendable.push(row);
      }
    }
    for (const call of chunkBySku(sendable, this.maxRowsPerCall)) {
      for (const outcome of await this.pushCall(call)) outcomes.set(outcome.change_id, outcome);
    }
    return rows.map((row) => outcomes.get(row.change_id)!);
  }

  async read(rows: StockPush[]): Promise<ChannelReading[]> {
    const concurrency = this.options.limits?.readConcurrency ?? 4;
    const skus = [...new Set(rows.map((r) => r.sku))];
    const shipTo = new Map<string, number | null>();
    await mapLimit(skus, concurrency, async (sku) => {
      const result = await this.http.send({ method: 'GET', path: `${this.base}/inventory_item/${encodeURIComponent(sku)}`, operation: 'getInventoryItem' });
      shipTo.set(sku, readQuantity(this.http, result, 'getInventoryItem', (body) => (body as { availability?: { shipToLocationAvailability?: { quantity?: number } } }).availability?.shipToLocationAvailability?.quantity));
    });
    return mapLimit(rows, concurrency, async (row) => {
      const itemQuantity = shipTo.get(row.sku) ?? null;
      if (!row.channel_offer_id || itemQuantity === null) return { listing_id: row.listing_id, quantity: null };
      const result = await this.http.send({ method: 'GET', path: `${this.base}/offer/${encodeURIComponent(row.channel_offer_id)}`, operation: 'getOffer' });
      const offerQuantity = readQuantity(this.http, result, 'getOffer', (body) => (body as { availableQuantity?: number }).availableQuantity);
      return { listing_id: row.listing_id, quantity: offerQuantity === null ? null : Math.min(itemQuantity, offerQuantity) };
    });
  }

  private async pushCall(rows: StockPush[]): Promise<PushOutcome[]> {
    const { raises, pins, refused } = rows.some(mayRaise) ? await this.prepareRaises(rows) : { raises: new Map<string, number>(), pins: new Map<string, OfferQuantity[]>(), refused: new Map<string, Refusal>() };
    const outcomes = new Map<string, PushOutcome>();
    const sendable: StockPush[] = [];
    for (const row of rows) {
      const refusal = refused.get(row.sku);
      // A refused raise holds back only the rows that needed it; the SKU's other rows go by offer.
      if (refusal && mayRaise(row) && (refusal.shipTo === null || row.quantity > refusal.shipTo)) {
        outcomes.set(row.change_id, failed(row, `nothing sent: ${row.quantity} is above what SKU ${row.sku} shares across its eBay listings, and raising it ${refusal.message}`, refusal.retryable));
      } else sendable.push(row);
    }
    const skuOf = new Map(rows.map((r) => [r.change_id, r.sku]));
    if (sendable.length > 0) {
      for (const outcome of await this.sendPriceQuantity(sendable, raises)) {
        const sku = skuOf.get(outcome.change_id)!;
        const held = pins.get(sku);
        if (held && raises.has(sku)) outcome.channel_response = { ...(outcome.channel_response as object), pinned: held };
        outcomes.set(outcome.change_id, outcome);
      }
    }
    return rows.map((row) => outcomes.get(row.change_id)!);
  }

  private async sendPriceQuantity(rows: StockPush[], raises: ReadonlyMap<string, number>): Promise<PushOutcome[]> {
    const requests = priceQuantityRequests(rows, raises);
    const result = await this.http.send({ method: 'POST', path: `${this.base}/bulk_update_price_quantity`, body: { requests }, idempotent: false, operation: 'bulkUpdatePriceQuantity' });
    if (result.kind === 'unknown_outcome') return lostAnswers(rows, result.message);
    if (result.kind === 'unreachable') return rows.map((row) => failed(row, result.message, true));
    const { status, json } = result.response;
    const responses = (json as { responses?: PriceQuantityResponse[] } | undefined)?.responses;
    if ((status === 200 || status === 207) && Array.isArray(responses)) return mapPriceQuantityResponses(rows, responses, new Set(raises.keys()));
    const message = describeHttpFailure(this.http, result, 'bulkUpdatePriceQuantity');
    return rows.map((row) => failed(row, message, status === 429 || status >= 500, json));
  }

  /**
   * What raising listings above their SKU's shared quantity needs, read and done before the raise:
   * the SKUs' quantities, and the other offers each raise would lift, pinned at what they show.
   * A SKU whose quantity, offers or pins could not be settled is refused (nothing raised for it).
   */
  private async prepareRaises(rows: StockPush[]): Promise<{ raises: Map<string, number>; pins: Map<string, OfferQuantity[]>; refused: Map<string, Refusal> }> {
    const refused = new Map<string, Refusal>();
    const shipTo = await this.readShipTo([...new Set(rows.filter(mayRaise).map((r) => r.sku))], refused);
    const raises = shipToRaises(rows.filter(mayRaise), shipTo);
    const inCall = new Set(rows.map((r) => r.channel_offer_id!));
    const pins = new Map<string, OfferQuantity[]>();
    await mapLimit([...raises.keys()], this.options.limits?.readConcurrency ?? 4, async (sku) => {
      try {
        const hold = offersToPin(await this.readOffers(sku), inCall, shipTo.get(sku)!);
        if (hold.length > 0) pins.set(sku, hold);
      } catch (err) {
        refused.set(sku, { message: `needs its other offers read first, which failed (${(err as Error).message})`, retryable: true, shipTo: shipTo.get(sku)! });
      }
    });
    if (pins.size > 0) await this.pinOffers(pins, shipTo, refused);
    for (const sku of refused.keys()) {
      raises.delete(sku);
      pins.delete(sku);
    }
    return { raises, pins, refused };
  }

  /** The SKUs' shared ship-to-home quantities (bulkGetInventoryItem, ≤ 25 per call). */
  private async readShipTo(skus: string[], refused: Map<string, Refusal>): Promise<Map<string, number>> {
    const shipTo = new Map<string, number>();
    for (let i = 0; i < skus.length; i += EBAY_MAX_ROWS) {
      const part = skus.slice(i, i + EBAY_MAX_ROWS);
      const result = await this.http.send({ method: 'POST', path: `${this.base}/bulk_get_inventory_item`, body: { requests: part.map((sku) => ({ sku })) }, idempotent: true, operation: 'bulkGetInventoryItem' });
      const responses = result.kind === 'response' && (result.response.status === 200 || result.response.status === 207)
        ? (result.response.json as { responses?: InventoryItemAnswer[] } | undefined)?.responses
        : undefined;
      if (!Array.isArray(responses)) {
        const retryable = result.kind !== 'response' || result.response.status === 429 || result.response.status >= 500;
        for (const sku of part) refused.set(sku, { message: `needs its quantity read first, which failed (${describeHttpFailure(this.http, result, 'bulkGetInventoryItem')})`, retryable, shipTo: null });
        continue;
      }
      const answers = new Map(responses.map((r) => [r.sku, r]));
      for (const sku of part) {
        const answer = answers.get(sku);
        const quantity = answer?.inventoryItem?.availability?.shipToLocationAvailability?.quantity;
        if (answer?.statusCode === 200) shipTo.set(sku, typeof quantity === 'number' ? quantity : 0);
        else {
          const detail = answer ? `HTTP ${answer.statusCode} ${describeErrors(answer.errors)}` : 'eBay sent no answer for it';
          refused.set(sku, { message: `needs its quantity read first, which failed (${detail})`, retryable: !answer || isTransient(answer), shipTo: null });
        }
      }
    }
    return shipTo;
  }

  /** Every offer of a SKU on every marketplace (getOffers, paged). */
  private async readOffers(sku: string): Promise<OfferSummary[]> {
    const offers: OfferSummary[] = [];
    for (let offset = 0; ; ) {
      const result = await this.http.send({ method: 'GET', path: `${this.base}/offer`, query: { sku, limit: OFFERS_PAGE, offset }, operation: 'getOffers' });
      if (result.kind === 'response' && result.response.status === 404) return offers; // no offer at all
      if (result.kind !== 'response' || result.response.status !== 200) throw new Error(describeHttpFailure(this.http, result, 'getOffers'));
      const page = result.response.json as { offers?: OfferSummary[]; total?: number } | undefined;
      const got = page?.offers ?? [];
      offers.push(...got);
      offset += got.length;
      if (got.length === 0 || offset >= (page?.total ?? 0)) return offers;
    }
  }

  /** Sets the offers a raise would lift to what they show now, before the raise; a SKU whose pins fail is refused. */
  private async pinOffers(pins: ReadonlyMap<string, OfferQuantity[]>, shipTo: ReadonlyMap<string, number>, refused: Map<string, Refusal>): Promise<void> {
    const requests = [...pins].map(([sku, offers]) => ({ sku, offers }));
    const result = await this.http.send({ method: 'POST', path: `${this.base}/bulk_update_price_quantity`, body: { requests }, idempotent: false, operation: 'bulkUpdatePriceQuantity' });
    const responses = result.kind === 'response' && (result.response.status === 200 || result.response.status === 207)
      ? (result.response.json as { responses?: PriceQuantityResponse[] } | undefined)?.responses
      : undefined;
    // Pins never change what a listing shows, so an unknown outcome is safe: refuse the raise, resend later.
    const answers = new Map((responses ?? []).filter((r) => r.offerId).map((r) => [r.offerId!, r]));
    for (const [sku, offers] of pins) {
      const bad = offers.map((o) => [o, answers.get(o.offerId)] as const).find(([, answer]) => answer?.statusCode !== 200);
      if (!bad) continue;
      const [offer, answer] = bad;
      const detail = !responses ? describeHttpFailure(this.http, result, 'bulkUpdatePriceQuantity') : answer ? `HTTP ${answer.statusCode} ${describeErrors(answer.errors)}` : 'eBay sent no answer for it';
      refused.set(sku, {
        message: `would also lift offer ${offer.offerId}, which could not be held at ${offer.availableQuantity} first (${detail})`,
        retryable: !answer || isTransient(answer),
        shipTo: shipTo.get(sku) ?? null,
      });
    }
  }
}

/** Why a SKU's shared quantity could not be raised; `shipTo` is its quantity when it was read. */
interface Refusal {
  message: string;
  retryable: boolean;
  shipTo: number | null;
}

interface InventoryItemAnswer {
  statusCode: number;
  sku?: string;
  inventoryItem?: { availability?: { shipToLocationAvailability?: { quantity?: number } } };
  errors?: PriceQuantityResponse['errors'];
}

const OFFERS_PAGE = 100;

export function createEbayWriter(options: EbayWriterOptions): EbayWriter {
  return new EbayWriter(options);
}

/** Calls of at most `max` distinct SKUs (eBay counts PriceQuantity entries, one per SKU). */
export function chunkBySku(rows: StockPush[], max: number): StockPush[][] {
  const calls: StockPush[][] = [];
  let current: StockPush[] = [];
  let skus = new Set<string>();
  for (const row of rows) {
    if (!skus.has(row.sku) && skus.size >= max) {
      calls.push(current);
      current = [];
      skus = new Set();
    }
    skus.add(row.sku);
    current.push(row);
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

function rowProblem(row: StockPush): string | null {
  if (!row.sku) return 'listing has no SKU: eBay addresses inventory by SKU';
  if (!row.channel_offer_id) return 'listing has no eBay offer id: re-import the eBay listings (GET /offer?sku=…)';
  if (!Number.isInteger(row.quantity) || row.quantity < 0) return `quantity must be a non-negative integer, got ${row.quantity}`;
  return null;
}

function failed(row: StockPush, message: string, retryable: boolean, response?: unknown): PushOutcome {
  return { change_id: row.change_id, status: 'failed', message, retryable, ...(response !== undefined ? { channel_response: response } : {}) };
}

function readQuantity(http: HttpClient, result: Awaited<ReturnType<HttpClient['send']>>, operation: string, pick: (body: unknown) => number | undefined): number | null {
  if (result.kind === 'response' && result.response.status === 404) return null;
  if (result.kind !== 'response' || result.response.status !== 200) throw new Error(describeHttpFailure(http, result, operation));
  const quantity = pick(result.response.json);
  return typeof quantity === 'number' ? quantity : null;
}
