import { banMs, gatewayError, responseKey, signParams } from '../../../pipeline/channels/aliexpress/api/gateway';
import { batchRows, mapInventoryUpdate, productUpdates, skuInventories } from '../../../pipeline/channels/aliexpress/api/inventory';
import { push } from './pushes';

const row = (product: string, sku: string, over = {}) => push({ change_id: `${product}/${sku}`, channel: 'aliexpress', channel_listing_id: product, sku, ...over });

describe('aliexpress batch inventory update', () => {
  it('builds mutiple_product_update_list grouped by product with the seller sku_code', () => {
    expect(productUpdates([row('1005003574624824', 'MUG-RED-01', { quantity: 12 }), row('1005003574624824', 'MUG-BLU-01', { quantity: 0 })])).toEqual([
      { product_id: 1005003574624824, multiple_sku_update_list: [{ sku_code: 'MUG-RED-01', inventory: 12 }, { sku_code: 'MUG-BLU-01', inventory: 0 }] },
    ]);
  });

  it('keeps calls to 20 products and 200 SKUs per product', () => {
    const rows = Array.from({ length: 41 }, (_, i) => row(`P${i}`, 'S'));
    expect(batchRows(rows).map((c) => c.length)).toEqual([20, 20, 1]);
    const wide = Array.from({ length: 450 }, (_, i) => row('P', `S${i}`));
    expect(batchRows(wide).map((c) => c.length)).toEqual([200, 200, 50]);
  });

  it('reports every row failed when the batch failed: the bad product not retryable, the rest retryable', () => {
    const rows = [row('1', 'A'), row('2', 'B')];
    const outcomes = mapInventoryUpdate(rows, { update_success: false, update_error_code: 'SKU_NOT_FOUND', update_failed_list: [{ product_id: 2, error_code: 'SKU_NOT_FOUND', error_message: 'no such sku' }] });
    expect(outcomes.map((o) => [o.status, o.retryable])).toEqual([['failed', true], ['failed', false]]);
    expect(outcomes[0].message).toMatch(/all-or-nothing/);
    expect(mapInventoryUpdate(rows, { update_success: true }).map((o) => o.status)).toEqual(['applied', 'applied']);
  });

  it('signs sorted name+value pairs with HMAC-SHA256, upper-case hex, ignoring sign itself', () => {
    const params = { method: 'm', app_key: 'k', timestamp: '1', sign: 'old' };
    // Independently: echo -n "app_keykmethodmtimestamp1" | openssl dgst -sha256 -hmac s
    expect(signParams(params, 's')).toBe('36B01F7FF37F267B23737C5680C430711627145B13B0D90FAAD2A89E9860685E');
    expect(signParams(params, 's')).toMatch(/^[0-9A-F]{64}$/);
  });

  it('reads gateway errors, ban lengths, answer keys and SKU stock', () => {
    expect(gatewayError({ code: '0' })).toBeNull();
    expect(gatewayError({ type: 'ISP', code: 'ApiCallLimit', message: 'This ban will last for 3 more seconds' })).toMatchObject({ code: 'ApiCallLimit' });
    expect(banMs({ code: 'ApiCallLimit', message: 'This ban will last for 3 more seconds' })).toBe(3000);
    expect(responseKey('aliexpress.solution.batch.product.inventory.update')).toBe('aliexpress_solution_batch_product_inventory_update_response');
    expect(skuInventories({ aeop_ae_product_s_k_us: { global_aeop_ae_product_sku: [{ sku_code: 'A', ipm_sku_stock: 4 }] } })).toEqual(new Map([['A', 4]]));
  });
});
