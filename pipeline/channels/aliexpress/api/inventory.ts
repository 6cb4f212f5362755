// aliexpress.solution.batch.product.inventory.update: ≤ 20 products × ≤ 200 SKUs per call,
// all-or-nothing: update_success is true only when every product succeeded, and then nothing
// else was applied. Request building, batching and the answer → row mapping, pure.
import type { PushOutcome, StockPush } from '../../contract/writer';

export const INVENTORY_UPDATE_METHOD = 'aliexpress.solution.batch.product.inventory.update';
export const PRODUCT_INFO_METHOD = 'aliexpress.solution.product.info.get';
export const MAX_PRODUCTS_PER_CALL = 20;
export const MAX_SKUS_PER_PRODUCT = 200;

export interface ProductUpdate {
  product_id: number | string;
  multiple_sku_update_list: { sku_code: string; inventory: number }[];
}

export interface InventoryUpdateResult {
  update_success: boolean;
  update_error_code?: string;
  update_error_message?: string;
  update_successful_list?: { product_id: number | string }[];
  update_failed_list?: { product_id: number | string; error_code?: string; error_message?: string }[];
  request_id?: string;
}

// Codes that say "the channel had a problem", not "this product is wrong".
const RETRYABLE_CODES = new Set(['SYSTEM_ERROR', 'isp.service-unavailable', 'ServiceUnavailable']);

/**
 * Calls of ≤ 20 products and ≤ 200 SKUs per product. A product with more SKUs is split into
 * pieces that go in different calls (one call names a product once).
 */
export function batchRows(rows: StockPush[], maxProducts = MAX_PRODUCTS_PER_CALL, maxSkus = MAX_SKUS_PER_PRODUCT): StockPush[][] {
  const byProduct = new Map<string, StockPush[]>();
  for (const row of rows) byProduct.set(row.channel_listing_id!, [...(byProduct.get(row.channel_listing_id!) ?? []), row]);
  const calls: { products: Set<string>; rows: StockPush[] }[] = [];
  for (const [product, productRows] of byProduct) {
    for (let i = 0; i < productRows.length; i += maxSkus) {
      let call = calls.find((c) => c.products.size < maxProducts && !c.products.has(product));
      if (!call) calls.push((call = { products: new Set(), rows: [] }));
      call.products.add(product);
      call.rows.push(...productRows.slice(i, i + maxSkus));
    }
  }
  return calls.map((c) => c.rows);
}

export function productUpdates(rows: StockPush[]): ProductUpdate[] {
  const byProduct = new Map<string, ProductUpdate>();
  for (const row of rows) {
    const id = row.channel_listing_id!;
    const update = byProduct.get(id) ?? { product_id: /^\d+$/.test(id) ? Number(id) : id, multiple_sku_update_list: [] };
    update.multiple_sku_update_list.push({ sku_code: row.sku, inventory: row.quantity });
    byProduct.set(id, update);
  }
  return [...byProduct.values()];
}

/** Outcomes of one call. When the batch failed, every row failed: its own product's error, or the batch's. */
export function mapInventoryUpdate(rows: StockPush[], result: InventoryUpdateResult): PushOutcome[] {
  if (result.update_success) {
    return rows.map((row) => ({ change_id: row.change_id, status: 'applied', channel_quantity: row.quantity, channel_response: { request_id: result.request_id ?? null } }));
  }
  const failures = new Map((result.update_failed_list ?? []).map((f) => [String(f.product_id), f]));
  const batchReason = [...failures.values()].map((f) => `product ${f.product_id}: ${f.error_code ?? ''} ${f.error_message ?? ''}`.trim()).join('; ')
    || `${result.update_error_code ?? 'ERROR'} ${result.update_error_message ?? ''}`.trim();
  return rows.map((row) => {
    const own = failures.get(String(row.channel_listing_id));
    if (own) {
      return {
        change_id: row.change_id,
        status: 'failed',
        message: `AliExpress refused product ${own.product_id}: ${own.error_code ?? ''} ${own.error_message ?? ''}`.trim(),
        retryable: RETRYABLE_CODES.has(own.error_code ?? ''),
        channel_response: own,
      };
    }
    const requestLevel = failures.size === 0;
    return {
      change_id: row.change_id,
      status: 'failed',
      message: requestLevel
        ? `AliExpress refused the batch: ${batchReason}`
        : `not applied: AliExpress applies a batch all-or-nothing and another product failed (${batchReason}); this row can be resent without it`,
      retryable: requestLevel ? RETRYABLE_CODES.has(result.update_error_code ?? '') : true,
      channel_response: { update_error_code: result.update_error_code ?? null, request_id: result.request_id ?? null },
    };
  });
}

/** The inventory of each sku_code in a product.info.get answer. */
export function skuInventories(result: unknown): Map<string, number> {
  const skus = (result as { aeop_ae_product_s_k_us?: { global_aeop_ae_product_sku?: { sku_code?: string; ipm_sku_stock?: number }[] } } | undefined)
    ?.aeop_ae_product_s_k_us?.global_aeop_ae_product_sku ?? [];
  return new Map(skus.filter((s) => s.sku_code !== undefined && typeof s.ipm_sku_stock === 'number').map((s) => [s.sku_code!, s.ipm_sku_stock!]));
}
