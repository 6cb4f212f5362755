// eBay stock writer: POST /sell/inventory/v1/bulk_update_price_quantity, ≤ 25 SKUs per call,
// moving the ship-to-home quantity and the offer's availableQuantity together. HTTP 200/207 says
// nothing about the rows: every responses[].statusCode is read and mapped to its row. A lost
// answer is settled by reading the offer and inventory item back.
import type { Channel, ChannelReading, ChannelWriter, PushOutcome, StockPush } from '../../writeback/types';
import { describeHttpFailure, type HttpClient, type HttpClientOptions } from '../http/client';
import { mapLimit } from '../http/concurrency';
import type { TokenBucketOptions } from '../http/tokenBucket';
import { mapPriceQuantityResponses, priceQuantityRequests, type PriceQuantityResponse } from './api/priceQuantity';
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
  readonly channel: Channel = 'ebay';
  readonly maxRowsPerCall: number;
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
    const result = await this.http.send({
      method: 'POST',
      path: `${this.base}/bulk_update_price_quantity`,
      body: { requests: priceQuantityRequests(rows) },
      idempotent: false,
      operation: 'bulkUpdatePriceQuantity',
    });
    if (result.kind === 'unknown_outcome') return this.settleUnknown(rows, result.message);
    if (result.kind === 'unreachable') return rows.map((row) => failed(row, result.message, true));
    const { status, json } = result.response;
    const responses = (json as { responses?: PriceQuantityResponse[] } | undefined)?.responses;
    if ((status === 200 || status === 207) && Array.isArray(responses)) return mapPriceQuantityResponses(rows, responses);
    const message = describeHttpFailure(this.http, result, 'bulkUpdatePriceQuantity');
    return rows.map((row) => failed(row, message, status === 429 || status >= 500, json));
  }

  private async settleUnknown(rows: StockPush[], message: string): Promise<PushOutcome[]> {
    let readings: ChannelReading[];
    try {
      readings = await this.read(rows);
    } catch (err) {
      return rows.map((row) => failed(row, `${message}; reading the offers back also failed (${(err as Error).message}): read before resending`, true));
    }
    return rows.map((row, i) => {
      const quantity = readings[i].quantity;
      if (quantity === row.quantity) return { change_id: row.change_id, status: 'applied', channel_quantity: quantity, message: 'confirmed by reading the offer after a lost answer' };
      return { ...failed(row, `${message}; the listing shows ${quantity ?? 'nothing'}, not ${row.quantity}: not applied, safe to resend`, true), channel_quantity: quantity };
    });
  }
}

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
