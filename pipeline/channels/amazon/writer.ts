// Amazon stock writer (merchant-fulfilled only). Small pushes: one patchListingsItem per SKU
// (op merge on /attributes/fulfillment_availability, DEFAULT channel) at 5 requests/s. Pushes of
// `feedThreshold` rows or more: one JSON_LISTINGS_FEED per marketplace (≤ 25,000 messages).
// ACCEPTED only means queued, so accepted rows come back `pending_verification`; `read` uses
// getListingsItem's fulfillmentAvailability so the core can confirm them later. FBA (AFN) rows
// are refused here and never sent: Amazon owns that stock. A merchant SKU's quantity is one per
// selling region (sharedQuantityKey): a patch for DE also moves FR, which the plan names.
import { holdBackChanged, type HeldBack } from '../contract/readBeforeWrite';
import { lostAnswers } from '../contract/lostAnswer';
import type { ChannelId, ChannelReading, ChannelWriter, ListingChannelIds, PushOutcome, StockPush } from '../contract/writer';
import type { HttpClientOptions } from '../http/client';
import { systemClock } from '../http/clock';
import { mapLimit } from '../http/concurrency';
import type { TokenBucketOptions } from '../http/tokenBucket';
import { LISTINGS_API_VERSION, merchantQuantity, patchRequest, type ListingsItemSubmissionResponse } from './api/listings';
import { isFbaListing, marketplaceId, sharedQuantityKey } from './api/marketplaces';
import { SpApiClient, spApiErrorText, type SpApiCredentials } from './client';
import { pushViaFeed } from './writer/feed';

export const AMAZON_MAX_FEED_MESSAGES = 25_000;

export interface AmazonWriterOptions {
  /** https://sellingpartnerapi-na.amazon.com (or a sandbox). */
  baseUrl: string;
  credentials: SpApiCredentials;
  sellerId: string;
  /** Listings Items API version (only 2021-08-01 exists). */
  apiVersion?: string;
  /** productType sent with offer-only patches (default PRODUCT, which Amazon accepts for them). */
  productType?: string;
  /** Marketplace code → SP-API marketplace id, from server config (default: the built-in table). */
  marketplaceIds?: Record<string, string>;
  /** Decides which rows are FBA (default: listing ids ending ":fba"). */
  isFba?: (row: StockPush) => boolean;
  limits?: {
    /** Pushes with at least this many rows of one marketplace go through a feed (default 300). */
    feedThreshold?: number;
    maxFeedMessages?: number;
    rates?: Partial<Record<string, TokenBucketOptions>>;
    /** Patches/reads in flight at once (the rate limiter sets the pace). */
    concurrency?: number;
    feedPollIntervalMs?: number;
    feedTimeoutMs?: number;
  };
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export class AmazonWriter implements ChannelWriter {
  readonly channel: ChannelId = 'amazon';
  readonly maxRowsPerCall: number;
  readonly client: SpApiClient;
  private readonly version: string;

  constructor(private readonly options: AmazonWriterOptions) {
    this.maxRowsPerCall = Math.min(options.limits?.maxFeedMessages ?? AMAZON_MAX_FEED_MESSAGES, AMAZON_MAX_FEED_MESSAGES);
    this.version = options.apiVersion ?? LISTINGS_API_VERSION;
    this.client = new SpApiClient({ baseUrl: options.baseUrl, credentials: options.credentials, rates: options.limits?.rates, http: options.http });
  }

  async push(rows: StockPush[], _options: { idempotencyKey: string }): Promise<PushOutcome[]> {
    const outcomes = new Map<string, PushOutcome>();
    const byMarketplace = new Map<string, StockPush[]>();
    const isFba = this.options.isFba ?? ((row: StockPush) => isFbaListing(row.listing_id));
    for (const row of rows) {
      const problem = isFba(row)
        ? 'FBA (Amazon-fulfilled) stock is managed by Amazon: Crossdock never sends quantities for AFN listings'
        : !Number.isInteger(row.quantity) || row.quantity < 0
          ? `quantity must be a non-negative integer, got ${row.quantity}`
          : null;
      let marketplace: string | null = null;
      try {
        marketplace = this.marketplaceOf(row);
      } catch (err) {
        outcomes.set(row.change_id, { change_id: row.change_id, status: 'failed', message: (err as Error).message, retryable: false });
        continue;
      }
      if (problem) outcomes.set(row.change_id, { change_id: row.change_id, status: 'failed', message: problem, retryable: false });
      else byMarketplace.set(marketplace, [...(byMarketplace.get(marketplace) ?? []), row]);
    }
    const threshold = this.options.limits?.feedThreshold ?? 300;
    for (const [marketplace, group] of byMarketplace) {
      const results = group.length >= threshold ? await this.pushFeeds(group, marketplace) : await this.pushPatches(group, marketplace);
      for (const outcome of results) outcomes.set(outcome.change_id, outcome);
    }
    return rows.map((row) => outcomes.get(row.change_id)!);
  }

  sharedQuantityKey(listing: ListingChannelIds): string | null {
    return sharedQuantityKey(listing);
  }

  async read(rows: StockPush[]): Promise<ChannelReading[]> {
    return mapLimit(rows, this.options.limits?.concurrency ?? 5, async (row) => {
      const result = await this.client.call('getListingsItem', {
        method: 'GET',
        path: this.itemPath(row.sku),
        query: { marketplaceIds: this.marketplaceOf(row), includedData: 'fulfillmentAvailability' },
      });
      if (result.kind === 'response' && result.response.status === 404) return { listing_id: row.listing_id, quantity: null };
      if (result.kind !== 'response' || result.response.status !== 200) {
        throw new Error(result.kind === 'response' ? `amazon getListingsItem: HTTP ${result.response.status} ${spApiErrorText(result.response.json)}` : result.message);
      }
      return { listing_id: row.listing_id, quantity: merchantQuantity(result.response.json as never) };
    });
  }

  private marketplaceOf(row: StockPush): string {
    return this.options.marketplaceIds?.[row.marketplace.toUpperCase()] ?? marketplaceId(row.marketplace);
  }

  private itemPath(sku: string): string {
    return `/listings/${this.version}/items/${encodeURIComponent(this.options.sellerId)}/${encodeURIComponent(sku)}`;
  }

  private pushPatches(rows: StockPush[], marketplace: string): Promise<PushOutcome[]> {
    const productType = this.options.productType ?? 'PRODUCT';
    return mapLimit(rows, this.options.limits?.concurrency ?? 5, async (row): Promise<PushOutcome> => {
      // No compare-and-set on patchListingsItem: read the listing right before its patch.
      const { refused } = await this.holdBackChanged([row]);
      if (refused.length > 0) return refused[0];
      const result = await this.client.call('patchListingsItem', {
        method: 'PATCH',
        path: this.itemPath(row.sku),
        query: { marketplaceIds: marketplace, includedData: 'issues' },
        body: patchRequest(productType, row.quantity),
        idempotent: false,
      });
      if (result.kind === 'unknown_outcome') return lostAnswers([row], result.message)[0];
      if (result.kind === 'unreachable') return { change_id: row.change_id, status: 'failed', message: result.message, retryable: true };
      const { status, json } = result.response;
      if (status !== 200) {
        const text = spApiErrorText(json) || result.response.text.slice(0, 300);
        return { change_id: row.change_id, status: 'failed', message: this.client.http.redact(`Amazon patchListingsItem: HTTP ${status} ${text}`), retryable: status === 429 || status >= 500, channel_response: json };
      }
      const answer = json as ListingsItemSubmissionResponse;
      if (answer.status === 'ACCEPTED') {
        return { change_id: row.change_id, status: 'pending_verification', message: `accepted (submission ${answer.submissionId}); not visible until Amazon applies it`, channel_response: answer };
      }
      const issues = (answer.issues ?? []).filter((i) => i.severity === 'ERROR').map((i) => `${i.code}: ${i.message}`);
      return { change_id: row.change_id, status: 'failed', message: `Amazon refused the patch (${answer.status}): ${issues.join('; ') || 'no issue given'}`, retryable: false, channel_response: answer };
    });
  }

  /**
   * Reads rows that carry an expected quantity (getListingsItem, paced at its 5/s) and holds back
   * the ones whose listing shows another quantity now (conflict) or could not be read (retryable).
   */
  private async holdBackChanged(rows: StockPush[]): Promise<HeldBack> {
    const readings = new Map<string, ChannelReading>();
    await mapLimit(rows.filter((row) => row.expected_quantity !== null), this.options.limits?.concurrency ?? 5, async (row) => {
      try {
        const [reading] = await this.read([row]);
        readings.set(row.listing_id, reading);
      } catch {
        // absent: holdBackChanged refuses the row as retryable
      }
    });
    return holdBackChanged('amazon', rows, readings);
  }

  // Not read first: getListingsItem at 5/s would add n/5 s before the feed (500 s for 2,500 rows),
  // which is what the feed path exists to avoid. Feed rows stay without conflict detection.
  private async pushFeeds(rows: StockPush[], marketplace: string): Promise<PushOutcome[]> {
    const out: PushOutcome[] = [];
    const clock = this.options.http?.clock ?? systemClock;
    for (let i = 0; i < rows.length; i += this.maxRowsPerCall) {
      out.push(
        ...(await pushViaFeed(this.client, rows.slice(i, i + this.maxRowsPerCall), {
          sellerId: this.options.sellerId,
          marketplaceId: marketplace,
          productType: this.options.productType ?? 'PRODUCT',
          pollIntervalMs: this.options.limits?.feedPollIntervalMs ?? 30_000,
          timeoutMs: this.options.limits?.feedTimeoutMs ?? 20 * 60_000,
          clock,
        })),
      );
    }
    return out;
  }

  // The patch may or may not have been queued. Reading tells us only if it is already visible.
}

export function createAmazonWriter(options: AmazonWriterOptions): AmazonWriter {
  return new AmazonWriter(options);
}
