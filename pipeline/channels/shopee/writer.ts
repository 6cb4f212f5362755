// Shopee stock writer: v2.product.update_stock, one item per call with ≤ 50 of its models
// (./api/stock.ts), answered per model. Shopee has no compare-and-set on stock, so the core reads
// each batch right before writing it (readBeforeWrite, through `read`: get_model_list or
// get_item_base_info) and holds back rows that changed since the refresh. A write Shopee accepts
// is in the next read (appliesSynchronously). A call whose answer is lost is reported `unknown`
// and never resent by the writer.
import { refuseUnaddressable } from '../contract/unaddressable';
import { lostAnswers } from '../contract/lostAnswer';
import type { ChannelId, ChannelReading, ChannelWriter, PushOutcome, StockPush } from '../contract/writer';
import type { HttpClientOptions } from '../http/client';
import { mapLimit } from '../http/concurrency';
import type { TokenBucketOptions } from '../http/tokenBucket';
import {
  ITEM_BASE_INFO_PATH,
  MAX_ITEMS_PER_BASE_INFO,
  MAX_MODELS_PER_CALL,
  MODEL_LIST_PATH,
  UPDATE_STOCK_PATH,
  batchRows,
  mapUpdateStock,
  modelIdOf,
  modelStocks,
  rowProblem,
  sellerStockAt,
  updateStockBody,
  type ItemBaseInfoResponse,
  type ModelListResponse,
  type StockInfoV2,
  type UpdateStockResponse,
} from './api/stock';
import { ShopeeClient, describeResult, type ShopeeCredentials } from './client';

export interface ShopeeWriterOptions {
  /** https://partner.shopeemobile.com (or a sandbox). */
  baseUrl: string;
  credentials: ShopeeCredentials;
  /** Where the rotated refresh token is kept (../http/refreshTokenFile.ts); null: memory only. */
  stateDir: string | null;
  limits?: { maxModelsPerCall?: number; rate?: TokenBucketOptions | null; concurrency?: number };
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export class ShopeeWriter implements ChannelWriter {
  readonly channel: ChannelId = 'shopee';
  /** One update_stock call carries ≤ 50 models of one item; a batch of other items takes more calls. */
  readonly maxRowsPerCall: number;
  readonly readBeforeWrite = true;
  readonly appliesSynchronously = true;
  readonly client: ShopeeClient;
  private readonly maxModels: number;

  constructor(private readonly options: ShopeeWriterOptions) {
    this.maxModels = Math.min(options.limits?.maxModelsPerCall ?? MAX_MODELS_PER_CALL, MAX_MODELS_PER_CALL);
    this.maxRowsPerCall = this.maxModels;
    this.client = new ShopeeClient({ baseUrl: options.baseUrl, credentials: options.credentials, stateDir: options.stateDir, rate: options.limits?.rate, http: options.http });
  }

  async push(rows: StockPush[], _options: { idempotencyKey: string }): Promise<PushOutcome[]> {
    const { sendable, outcomes } = refuseUnaddressable(rows, rowProblem);
    await mapLimit(batchRows(sendable, this.maxModels), this.options.limits?.concurrency ?? 2, async (call) => {
      for (const outcome of await this.pushCall(call)) outcomes.set(outcome.change_id, outcome);
    });
    return rows.map((row) => outcomes.get(row.change_id)!);
  }

  private async pushCall(rows: StockPush[]): Promise<PushOutcome[]> {
    const result = await this.client.post<UpdateStockResponse>(UPDATE_STOCK_PATH, updateStockBody(rows), { idempotent: false });
    if (result.kind === 'ok') return mapUpdateStock(rows, result.response, result.requestId);
    if (result.kind === 'unknown_outcome') return lostAnswers(rows, result.message);
    const message = describeResult(result);
    return rows.map((row) => ({ change_id: row.change_id, status: 'failed', message, retryable: result.retryable, channel_response: result.kind === 'error' ? result.error : undefined }));
  }

  /** Current seller_stock per row; null when Shopee does not know the item or model. Throws when Shopee cannot be read. */
  async read(rows: StockPush[]): Promise<ChannelReading[]> {
    const readable = rows.filter((row) => row.channel_listing_id && /^\d+$/.test(row.channel_listing_id));
    const withModels = [...new Set(readable.filter((r) => modelIdOf(r) !== 0).map((r) => r.channel_listing_id!))];
    const withoutModels = [...new Set(readable.filter((r) => modelIdOf(r) === 0).map((r) => r.channel_listing_id!))];
    const models = new Map<string, Map<number, StockInfoV2> | null>();
    const items = new Map<string, StockInfoV2>();
    const concurrency = this.options.limits?.concurrency ?? 2;
    await mapLimit(withModels, concurrency, async (itemId) => {
      const result = await this.client.get<ModelListResponse>(MODEL_LIST_PATH, { item_id: itemId });
      if (result.kind === 'ok') models.set(itemId, modelStocks(result.response));
      else if (result.kind === 'error' && !result.retryable && /item|not[_ ]?found|not exist/i.test(`${result.error.error} ${result.error.message}`)) models.set(itemId, null);
      else throw new Error(`shopee get_model_list of item ${itemId} failed: ${describeResult(result)}`);
    });
    const chunks: string[][] = [];
    for (let i = 0; i < withoutModels.length; i += MAX_ITEMS_PER_BASE_INFO) chunks.push(withoutModels.slice(i, i + MAX_ITEMS_PER_BASE_INFO));
    await mapLimit(chunks, concurrency, async (ids) => {
      const result = await this.client.get<ItemBaseInfoResponse>(ITEM_BASE_INFO_PATH, { item_id_list: ids.join(',') });
      if (result.kind !== 'ok') throw new Error(`shopee get_item_base_info failed: ${describeResult(result)}`);
      for (const item of result.response?.item_list ?? []) items.set(String(item.item_id), item.stock_info_v2 ?? {});
    });
    return rows.map((row) => {
      const itemId = row.channel_listing_id ?? '';
      const model = modelIdOf(row);
      const info = model === 0 ? items.get(itemId) : models.get(itemId)?.get(model);
      return { listing_id: row.listing_id, quantity: info ? sellerStockAt(info, row.channel_location_id) : null };
    });
  }
}

export function createShopeeWriter(options: ShopeeWriterOptions): ShopeeWriter {
  return new ShopeeWriter(options);
}
