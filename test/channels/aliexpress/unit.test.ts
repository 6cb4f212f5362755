import { banMs, gatewayError, gatewayRetryHint, responseKey, signParams } from '../../../pipeline/channels/aliexpress/api/gateway';
import type { AliexpressConfig } from '../../../pipeline/channels/aliexpress/config';
import { AliexpressReadApi } from '../../../pipeline/channels/aliexpress/streams/api';
import { createAliExpressWriter } from '../../../pipeline/channels/aliexpress/writer';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { batchRows, mapInventoryUpdate, productUpdates, skuInventories } from '../../../pipeline/channels/aliexpress/api/inventory';
import { push } from '../../unit/channels/pushes';

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

describe('aliexpress: one client, one throttle rule and one request budget per account', () => {
  it('retries throttling and transient gateway answers the same way for reads and writes', () => {
    const error = (code: string, message = '') => ({ code, message });
    expect(gatewayRetryHint(error('ApiCallLimit', 'This ban will last for 3 more seconds'))).toBe(3000);
    expect(gatewayRetryHint(error('ApiCallLimit'))).toBe('backoff');
    expect(gatewayRetryHint(error('isv.frequency-limited'))).toBe('backoff');
    expect(gatewayRetryHint(error('SYSTEM_ERROR'))).toBe('backoff');
    expect(gatewayRetryHint(error('IllegalAccessToken'))).toBeNull();
    expect(gatewayRetryHint(null)).toBeNull();
  });

  it('makes the pull wait for the calls a writer of the same app key and session spent', async () => {
    const BASE = 'https://api-sg.aliexpress.example';
    const SECRETS = { appKey: '500001', appSecret: 'unit-secret', session: 'unit-session' };
    let calls = 0;
    const fakeFetch = (async () => {
      calls++;
      const body = { aliexpress_solution_product_info_get_response: { result: { aeop_ae_product_s_k_us: { global_aeop_ae_product_sku: [] } } }, request_id: 'r' };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const clock = new ManualClock(0);
    const account = { channel: 'aliexpress', account: 'main', baseUrl: BASE, timeoutSeconds: 30 } as unknown as AliexpressConfig;
    // The reader exists first and sets no rate (AliExpress documents none); the writer sets the account's.
    const reader = new AliexpressReadApi(account, SECRETS, clock, { fetch: fakeFetch });
    const writer = createAliExpressWriter({ baseUrl: BASE, credentials: SECRETS, limits: { rate: { ratePerSecond: 1, burst: 2 } }, http: { clock, fetch: fakeFetch } });
    await writer.read([row('1005000000000001', 'A'), row('1005000000000002', 'B')]); // two product reads: the burst
    expect(clock.sleeps).toEqual([]);
    await reader.call('aliexpress.solution.product.info.get', { product_id: '1005000000000003' });
    expect(clock.sleeps).toEqual([1000]);
    // Another session is another account's budget.
    await new AliexpressReadApi(account, { ...SECRETS, session: 'someone-else' }, clock, { fetch: fakeFetch }).call('aliexpress.solution.product.info.get', { product_id: '1' });
    expect(clock.sleeps).toEqual([1000]);
    expect(calls).toBe(4);
  });
});
