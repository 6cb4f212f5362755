// Stock on Shopee, pure: v2.product.update_stock sets `seller_stock` of ONE item per call (the
// models of that item together; Shopee's stock guide: "only supports updating one item_id in one
// call"), at most 50 models per call [the reference page's stock_list limit as integrators quote
// it, channels/shopee.md], and answers per model: `success_list` and `failure_list` with a
// `failed_reason`. Stock is read back with v2.product.get_model_list (items with variants) or
// v2.product.get_item_base_info (items without; ≤ 50 item ids per call), from
// `stock_info_v2.seller_stock[{ location_id, stock }]`.
//
// Crossdock ids: channel_listing_id = item_id, channel_inventory_item_id = model_id (null or "0"
// for an item without variants), channel_location_id = the seller warehouse's location_id (only
// for multi-warehouse shops; absent = the shop's default).
import type { PushOutcome, StockPush } from '../../contract/writer';

export const UPDATE_STOCK_PATH = '/api/v2/product/update_stock';
export const MODEL_LIST_PATH = '/api/v2/product/get_model_list';
export const ITEM_BASE_INFO_PATH = '/api/v2/product/get_item_base_info';
export const MAX_MODELS_PER_CALL = 50;
export const MAX_ITEMS_PER_BASE_INFO = 50;

export interface SellerStock {
  location_id?: string;
  stock: number;
}

export interface StockListEntry {
  model_id: number;
  seller_stock: SellerStock[];
}

export interface UpdateStockBody {
  item_id: number;
  stock_list: StockListEntry[];
}

export interface UpdateStockResponse {
  success_list?: { model_id: number; location_id?: string; stock?: number }[];
  failure_list?: { model_id: number; location_id?: string; failed_reason?: string }[];
}

export interface StockInfoV2 {
  summary_info?: { total_reserved_stock?: number; total_available_stock?: number };
  seller_stock?: SellerStock[];
  shopee_stock?: SellerStock[];
}

export interface ModelListResponse {
  model?: { model_id: number; model_sku?: string; stock_info_v2?: StockInfoV2 }[];
}

export interface ItemBaseInfoResponse {
  item_list?: { item_id: number; item_sku?: string; has_model?: boolean; stock_info_v2?: StockInfoV2 }[];
}

/** model_id of a row: 0 for an item without variants. */
export function modelIdOf(row: Pick<StockPush, 'channel_inventory_item_id'>): number {
  const raw = row.channel_inventory_item_id;
  return raw === null || raw === '' ? 0 : Number(raw);
}

/** Why a row cannot be sent, or null. */
export function rowProblem(row: StockPush): string | null {
  if (!row.channel_listing_id || !/^\d+$/.test(row.channel_listing_id)) return 'listing has no Shopee item_id: re-import the Shopee listings';
  if (row.channel_inventory_item_id !== null && row.channel_inventory_item_id !== '' && !/^\d+$/.test(row.channel_inventory_item_id)) {
    return `model_id "${row.channel_inventory_item_id}" is not a Shopee model id`;
  }
  if (!Number.isInteger(row.quantity) || row.quantity < 0) return `quantity must be a non-negative integer, got ${row.quantity}`;
  return null;
}

/**
 * Calls: one item each, ≤ 50 models each. Rows of one model at several locations travel in the
 * same stock_list entry (one seller_stock per location), so they count as one model.
 */
export function batchRows(rows: StockPush[], maxModels = MAX_MODELS_PER_CALL): StockPush[][] {
  const byItem = new Map<string, Map<number, StockPush[]>>();
  for (const row of rows) {
    const models = byItem.get(row.channel_listing_id!) ?? new Map<number, StockPush[]>();
    const model = modelIdOf(row);
    models.set(model, [...(models.get(model) ?? []), row]);
    byItem.set(row.channel_listing_id!, models);
  }
  const calls: StockPush[][] = [];
  for (const models of byItem.values()) {
    const groups = [...models.values()];
    for (let i = 0; i < groups.length; i += maxModels) calls.push(groups.slice(i, i + maxModels).flat());
  }
  return calls;
}

/** The update_stock body of one call's rows (all of one item). */
export function updateStockBody(rows: StockPush[]): UpdateStockBody {
  const entries = new Map<number, StockListEntry>();
  for (const row of rows) {
    const model = modelIdOf(row);
    const entry = entries.get(model) ?? { model_id: model, seller_stock: [] };
    entry.seller_stock.push(row.channel_location_id ? { location_id: row.channel_location_id, stock: row.quantity } : { stock: row.quantity });
    entries.set(model, entry);
  }
  return { item_id: Number(rows[0].channel_listing_id), stock_list: [...entries.values()] };
}

/**
 * Outcomes of one call: a model in failure_list failed with Shopee's reason (for all its
 * locations unless the failure names one); a model in success_list, or in neither list of an
 * answer without error, was applied.
 */
export function mapUpdateStock(rows: StockPush[], response: UpdateStockResponse | undefined, requestId: string | null): PushOutcome[] {
  const failures = response?.failure_list ?? [];
  return rows.map((row) => {
    const model = modelIdOf(row);
    const failure = failures.find((f) => Number(f.model_id) === model && (!f.location_id || !row.channel_location_id || f.location_id === row.channel_location_id));
    if (failure) {
      const reason = failure.failed_reason || 'refused';
      return {
        change_id: row.change_id,
        status: 'failed',
        message: `Shopee refused item ${row.channel_listing_id} model ${model}: ${reason}`,
        retryable: /busy|system|timeout|try again/i.test(reason),
        channel_response: { ...failure, request_id: requestId },
      };
    }
    return { change_id: row.change_id, status: 'applied', channel_quantity: row.quantity, channel_response: { request_id: requestId } };
  });
}

/** seller_stock of one location, or their sum when no location is named (single-warehouse shops). */
export function sellerStockAt(info: StockInfoV2 | undefined, location: string | null): number | null {
  const stocks = info?.seller_stock;
  if (!stocks) return null;
  if (location) return stocks.find((s) => s.location_id === location)?.stock ?? null;
  return stocks.reduce((sum, s) => sum + (Number(s.stock) || 0), 0);
}

/** model_id → stock info, from a get_model_list answer. */
export function modelStocks(response: ModelListResponse | undefined): Map<number, StockInfoV2> {
  return new Map((response?.model ?? []).map((m) => [Number(m.model_id), m.stock_info_v2 ?? {}]));
}
