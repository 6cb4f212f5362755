// AliExpress stock writer: aliexpress.solution.batch.product.inventory.update with ≤ 20 products
// × ≤ 200 SKUs per call (SKUs addressed by the seller's sku_code inside a product_id). The call is
// all-or-nothing: when one product fails, every row of the call is reported failed with the
// reason, and rows of the good products are marked retryable so the core can resend them alone.
import { lostAnswers } from '../contract/lostAnswer';
import type { ChannelId, ChannelReading, ChannelWriter, PushOutcome, StockPush } from '../contract/writer';
import type { HttpClientOptions } from '../http/client';
import { mapLimit } from '../http/concurrency';
import type { TokenBucketOptions } from '../http/tokenBucket';
import {
  INVENTORY_UPDATE_METHOD,
  MAX_PRODUCTS_PER_CALL,
  MAX_SKUS_PER_PRODUCT,
  PRODUCT_INFO_METHOD,
  batchRows,
  mapInventoryUpdate,
  productUpdates,
  skuInventories,
  type InventoryUpdateResult,
} from './api/inventory';
import { AliExpressClient, type GatewayResult } from './client';

export interface AliExpressWriterOptions {
  /** https://api-sg.aliexpress.com (or a sandbox). */
  baseUrl: string;
  credentials: { appKey: string; appSecret: string; session: string };
  /** Not versioned by path: kept for symmetry with the other writers. */
  apiVersion?: string;
  /** AliExpress documents no rate limit for these methods: set one here if your app key has one. */
  limits?: { maxProductsPerCall?: number; maxSkusPerProduct?: number; rate?: TokenBucketOptions | null; readConcurrency?: number };
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export class AliExpressWriter implements ChannelWriter {
  readonly channel: ChannelId = 'aliexpress';
  /** 20 rows always fit in one call (≤ 20 products); the writer packs larger pushes itself. */
  readonly maxRowsPerCall: number;
  /** No compare-and-set in the inventory update: the core reads each batch right before it. */
  readonly readBeforeWrite = true;
  readonly appliesSynchronously = true;
  readonly client: AliExpressClient;
  private readonly maxProducts: number;
  private readonly maxSkus: number;

  constructor(private readonly options: AliExpressWriterOptions) {
    this.maxProducts = Math.min(options.limits?.maxProductsPerCall ?? MAX_PRODUCTS_PER_CALL, MAX_PRODUCTS_PER_CALL);
    this.maxSkus = Math.min(options.limits?.maxSkusPerProduct ?? MAX_SKUS_PER_PRODUCT, MAX_SKUS_PER_PRODUCT);
    this.maxRowsPerCall = this.maxProducts;
    this.client = new AliExpressClient({
      baseUrl: options.baseUrl,
      ...options.credentials,
      http: { ...options.http, rate: options.limits?.rate ?? options.http?.rate ?? null },
    });
  }

  async push(rows: StockPush[], _options: { idempotencyKey: string }): Promise<PushOutcome[]> {
    const outcomes = new Map<string, PushOutcome>();
    const sendable: StockPush[] = [];
    for (const row of rows) {
      const problem = !row.channel_listing_id
        ? 'listing has no AliExpress product id: re-import the AliExpress listings'
        : !row.sku
          ? 'listing has no sku_code: AliExpress addresses SKUs by the seller SKU code'
          : !Number.isInteger(row.quantity) || row.quantity < 0
            ? `quantity must be a non-negative integer, got ${row.quantity}`
            : null;
      if (problem) outcomes.set(row.change_id, { change_id: row.change_id, status: 'failed', message: problem, retryable: false });
      else sendable.push(row);
    }
    for (const call of batchRows(sendable, this.maxProducts, this.maxSkus)) {
      for (const outcome of await this.pushCall(call)) outcomes.set(outcome.change_id, outcome);
    }
    return rows.map((row) => outcomes.get(row.change_id)!);
  }

  async read(rows: StockPush[]): Promise<ChannelReading[]> {
    const products = [...new Set(rows.map((r) => r.channel_listing_id).filter((id): id is string => !!id))];
    const inventories = new Map<string, Map<string, number> | null>();
    await mapLimit(products, this.options.limits?.readConcurrency ?? 4, async (productId) => {
      const result = await this.client.call<{ result?: unknown }>(PRODUCT_INFO_METHOD, { product_id: productId }, { idempotent: true });
      if (result.kind === 'ok') inventories.set(productId, skuInventories(result.result.result));
      else if (result.kind === 'error' && !result.retryable) inventories.set(productId, null); // unknown product
      else throw new Error(`aliexpress ${PRODUCT_INFO_METHOD} failed: ${describe(result)}`);
    });
    return rows.map((row) => ({ listing_id: row.listing_id, quantity: (row.channel_listing_id ? inventories.get(row.channel_listing_id)?.get(row.sku) : undefined) ?? null }));
  }

  private async pushCall(rows: StockPush[]): Promise<PushOutcome[]> {
    const result = await this.client.call<InventoryUpdateResult>(INVENTORY_UPDATE_METHOD, { mutiple_product_update_list: JSON.stringify(productUpdates(rows)) }, { idempotent: false });
    if (result.kind === 'ok') return mapInventoryUpdate(rows, result.result);
    if (result.kind === 'unknown_outcome') return lostAnswers(rows, result.message);
    return rows.map((row) => ({ change_id: row.change_id, status: 'failed', message: describe(result), retryable: result.retryable }));
  }
}

export function createAliExpressWriter(options: AliExpressWriterOptions): AliExpressWriter {
  return new AliExpressWriter(options);
}

function describe(result: GatewayResult<unknown>): string {
  if (result.kind === 'ok') return 'ok';
  if (result.kind === 'error') return `AliExpress answered ${result.error.type ?? ''} ${result.error.code}: ${result.error.message ?? ''}`.replace(/\s+/g, ' ').trim();
  return result.message;
}
