// Stock endpoints of the Shopee sandbox: update_stock (one item, ≤ 50 stock_list entries, applied
// per model with a failure_list for the refused ones: unknown model or location, a stock that is
// not an integer ≥ 0, an injected row error), get_model_list and get_item_base_info with
// stock_info_v2.seller_stock. Failure wording is the sandbox's own.
import type { SandboxRoutes } from '../../sandbox/server';
import { ITEM_BASE_INFO_PATH, MAX_ITEMS_PER_BASE_INFO, MAX_MODELS_PER_CALL, MODEL_LIST_PATH, UPDATE_STOCK_PATH } from '../api/stock';
import { ShopeeFault, type SandboxItem, type SandboxModel, type ShopeeStore } from './store';

const stockInfo = (model: SandboxModel) => {
  const total = model.cells.reduce((sum, c) => sum + c.stock, 0);
  return {
    summary_info: { total_reserved_stock: 0, total_available_stock: total },
    seller_stock: model.cells.map((c) => (c.locationId ? { location_id: c.locationId, stock: c.stock } : { stock: c.stock })),
  };
};

export const routes: SandboxRoutes<ShopeeStore> = (_app, ctx) => {
  const { store } = ctx;
  const itemOf = (raw: unknown): SandboxItem => {
    const item = store.items.get(Number(raw));
    if (!item) throw new ShopeeFault('error_item_not_found', `Item ${String(raw)} not found.`);
    return item;
  };

  store.handlers.set(`POST ${UPDATE_STOCK_PATH}`, ({ body }) => {
    const item = itemOf(body.item_id);
    const list = body.stock_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MODELS_PER_CALL) {
      throw new ShopeeFault('error_param', `stock_list must have 1 to ${MAX_MODELS_PER_CALL} entries.`);
    }
    const success_list: { model_id: number; location_id?: string; stock: number }[] = [];
    const failure_list: { model_id: number; location_id?: string; failed_reason: string }[] = [];
    for (const entry of list as { model_id?: unknown; seller_stock?: unknown }[]) {
      const modelId = entry.model_id === undefined ? 0 : Number(entry.model_id);
      const failed = (reason: string, location?: string) => failure_list.push({ model_id: modelId, ...(location ? { location_id: location } : {}), failed_reason: reason });
      const model = item.models.get(modelId);
      if (item.hasModel && modelId === 0) { failed('This item has variations: model_id is required.'); continue; }
      if (!model) { failed(`model_id ${modelId} is not a model of item ${item.itemId}.`); continue; }
      const stocks = Array.isArray(entry.seller_stock) ? (entry.seller_stock as { location_id?: unknown; stock?: unknown }[]) : [];
      if (stocks.length === 0) { failed('seller_stock is required.'); continue; }
      if (ctx.faults.rowError()) { failed('System busy, please try again later.'); continue; }
      for (const s of stocks) {
        const location = typeof s.location_id === 'string' && s.location_id ? s.location_id : undefined;
        const cell = location ? model.cells.find((c) => c.locationId === location) : (model.cells.find((c) => c.locationId === null) ?? model.cells[0]);
        if (!cell) { failed(`location_id ${location} is not a warehouse of this shop.`, location); continue; }
        if (typeof s.stock !== 'number' || !Number.isInteger(s.stock) || s.stock < 0) { failed(`stock should be an integer of at least 0, got ${String(s.stock)}.`, location); continue; }
        cell.stock = s.stock;
        success_list.push({ model_id: modelId, ...(location ? { location_id: location } : {}), stock: s.stock });
      }
    }
    return { response: { success_list, failure_list } };
  });

  store.handlers.set(`GET ${MODEL_LIST_PATH}`, ({ query }) => {
    const item = itemOf(query.item_id);
    const models = item.hasModel ? [...item.models.values()] : [];
    return { response: { tier_variation: [], model: models.map((m) => ({ model_id: m.modelId, model_sku: m.sku, stock_info_v2: stockInfo(m) })) } };
  });

  store.handlers.set(`GET ${ITEM_BASE_INFO_PATH}`, ({ query }) => {
    const ids = (query.item_id_list ?? '').split(',').filter((s) => s !== '');
    if (ids.length === 0 || ids.length > MAX_ITEMS_PER_BASE_INFO) throw new ShopeeFault('error_param', `item_id_list must have 1 to ${MAX_ITEMS_PER_BASE_INFO} ids.`);
    const found = ids.map((id) => store.items.get(Number(id))).filter((i): i is SandboxItem => i !== undefined);
    return {
      response: {
        item_list: found.map((item) => {
          const single = item.hasModel ? undefined : item.models.get(0);
          return { item_id: item.itemId, item_sku: single?.sku ?? '', item_status: 'NORMAL', has_model: item.hasModel, ...(single ? { stock_info_v2: stockInfo(single) } : {}) };
        }),
      },
    };
  });
};
