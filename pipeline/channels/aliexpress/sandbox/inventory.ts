// Stock methods of the AliExpress sandbox: the batch inventory update (≤ 20 products × ≤ 200
// SKUs, all-or-nothing: one bad product and nothing is applied) and product.info.get for reads.
// Per-product error codes are the sandbox's own (the real ones are not in the stored material).
import type { SandboxRoutes } from '../../sandbox/server';
import { INVENTORY_UPDATE_METHOD, MAX_PRODUCTS_PER_CALL, MAX_SKUS_PER_PRODUCT, PRODUCT_INFO_METHOD } from '../api/inventory';
import { GatewayFault, type AliExpressStore } from './store';

interface ProductUpdate {
  product_id?: unknown;
  multiple_sku_update_list?: { sku_code?: unknown; inventory?: unknown }[];
}

export const routes: SandboxRoutes<AliExpressStore> = (_app, ctx) => {
  const store = ctx.store;

  store.methods.set(INVENTORY_UPDATE_METHOD, (params) => {
    let list: ProductUpdate[];
    try {
      list = JSON.parse(params.mutiple_product_update_list ?? '');
    } catch {
      throw new GatewayFault('MissingParameter', 'mutiple_product_update_list must be a JSON array');
    }
    if (!Array.isArray(list) || list.length === 0) throw new GatewayFault('MissingParameter', 'mutiple_product_update_list must be a non-empty JSON array');
    const refuse = (code: string, message: string) => ({ update_success: false, update_error_code: code, update_error_message: message, update_successful_list: [], update_failed_list: [] });
    if (list.length > MAX_PRODUCTS_PER_CALL) return refuse('TOO_MANY_PRODUCTS', `at most ${MAX_PRODUCTS_PER_CALL} products per call, got ${list.length}`);

    const failed: { product_id: unknown; error_code: string; error_message: string }[] = [];
    const writes: { sku: { inventory: number }; inventory: number }[] = [];
    for (const product of list) {
      const id = String(product.product_id ?? '');
      const skus = store.products.get(id);
      const skuList = Array.isArray(product.multiple_sku_update_list) ? product.multiple_sku_update_list : [];
      const fail = (code: string, message: string) => failed.push({ product_id: product.product_id, error_code: code, error_message: message });
      if (!skus) { fail('PRODUCT_NOT_FOUND', `product ${id} does not exist or is not yours`); continue; }
      if (skuList.length === 0) { fail('MissingParameter', 'multiple_sku_update_list is empty'); continue; }
      if (skuList.length > MAX_SKUS_PER_PRODUCT) { fail('TOO_MANY_SKUS', `at most ${MAX_SKUS_PER_PRODUCT} SKUs per product, got ${skuList.length}`); continue; }
      if (ctx.faults.rowError()) { fail('SYSTEM_ERROR', 'system error, please try again later'); continue; }
      const bad = skuList.find((s) => !skus.has(String(s.sku_code)) || typeof s.inventory !== 'number' || !Number.isInteger(s.inventory) || s.inventory < 0);
      if (bad) {
        if (!skus.has(String(bad.sku_code))) fail('SKU_NOT_FOUND', `sku_code ${String(bad.sku_code)} is not a SKU of product ${id}`);
        else fail('INVALID_INVENTORY', `inventory of ${String(bad.sku_code)} must be a non-negative integer, got ${String(bad.inventory)}`);
        continue;
      }
      for (const s of skuList) writes.push({ sku: skus.get(String(s.sku_code))!, inventory: s.inventory as number });
    }
    if (failed.length > 0) {
      return { update_success: false, update_error_code: failed[0].error_code, update_error_message: failed[0].error_message, update_successful_list: [], update_failed_list: failed };
    }
    for (const w of writes) w.sku.inventory = w.inventory;
    return { update_success: true, update_successful_list: list.map((p) => ({ product_id: p.product_id })), update_failed_list: [] };
  });

  store.methods.set(PRODUCT_INFO_METHOD, (params) => {
    const skus = store.products.get(String(params.product_id ?? ''));
    if (!skus) throw new GatewayFault('PRODUCT_NOT_FOUND', `product ${String(params.product_id)} does not exist or is not yours`);
    return {
      result: {
        product_id: Number(params.product_id),
        product_status_type: 'onSelling',
        aeop_ae_product_s_k_us: {
          global_aeop_ae_product_sku: [...skus.values()].map((s) => ({ sku_code: s.skuCode, id: s.skuId, ipm_sku_stock: s.inventory, sku_stock: s.inventory > 0 })),
        },
      },
    };
  });
};
