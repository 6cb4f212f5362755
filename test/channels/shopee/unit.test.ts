import { isAccessTokenError, isCredentialError, shopeeError } from '../../../pipeline/channels/shopee/api/errors';
import { publicBaseString, shopBaseString, signPublic, signShop } from '../../../pipeline/channels/shopee/api/sign';
import { batchRows, mapUpdateStock, modelStocks, rowProblem, sellerStockAt, updateStockBody } from '../../../pipeline/channels/shopee/api/stock';
import { shopeeChannel, shopeeCurrency } from '../../../pipeline/channels/shopee/config';
import { shopeeOrderToLines, shopeeStatus, windowSeconds, type ShopeeOrder } from '../../../pipeline/channels/shopee/streams/orders';
import { shopeeReturnReason, shopeeReturnToLines, type ShopeeReturn } from '../../../pipeline/channels/shopee/streams/returns';
import type { StockPush } from '../../../pipeline/channels/contract/writer';

const push = (over: Partial<StockPush>): StockPush => ({
  change_id: 'c', listing_id: 'l', channel: 'shopee', marketplace: 'SG', sku: 'S', channel_listing_id: '100', channel_offer_id: null,
  channel_inventory_item_id: null, channel_location_id: null, quantity: 5, expected_quantity: 3, ...over,
});

describe('shopee signing', () => {
  it('concatenates partner_id, path, timestamp, access_token and shop_id (the developer guide example) and signs with HMAC-SHA256, lower-case hex', () => {
    const input = { partnerId: 2001887, path: '/api/v2/shop/get_shop_info', timestamp: 1655714431, accessToken: '59777174636562737266615546704c6d', shopId: 14701711 };
    expect(shopBaseString(input)).toBe('2001887/api/v2/shop/get_shop_info165571443159777174636562737266615546704c6d14701711');
    // Independently: echo -n "<base string>" | openssl dgst -sha256 -hmac test-partner-key
    expect(signShop('test-partner-key', input)).toBe('faf4a60d51e5807794fd37d18f605d4e8d1370ba96d66245e23d22c77cb6f090');
  });

  it('signs public (auth) calls over partner_id + path + timestamp only', () => {
    expect(publicBaseString(2001887, '/api/v2/auth/access_token/get', 1655714431)).toBe('2001887/api/v2/auth/access_token/get1655714431');
    expect(signPublic('test-partner-key', 2001887, '/api/v2/auth/access_token/get', 1655714431)).toBe('4ed4cfdaa7dc6ffabd626f066d91d356a8cb43a5b0e53c16518c24b1d4939655');
  });
});

describe('shopee errors', () => {
  it('reads the envelope and tells a dead access token from other refusals', () => {
    expect(shopeeError({ error: '', message: '', request_id: 'r' }, 200)).toBeNull();
    const expired = shopeeError({ error: 'invalid_acceess_token', message: 'Invalid access_token.', request_id: 'r1' }, 403)!;
    expect(isAccessTokenError(expired)).toBe(true);
    expect(isAccessTokenError(shopeeError({ error: 'error_auth', message: 'Invalid access_token.' }, 403)!)).toBe(true);
    const refresh = shopeeError({ error: 'error_auth', message: 'Invalid refresh_token.' }, 403)!;
    expect([isAccessTokenError(refresh), isCredentialError(refresh)]).toEqual([false, true]);
    expect(isCredentialError(shopeeError({ error: 'error_param', message: 'page_size' }, 400)!)).toBe(false);
  });
});

describe('shopee account config', () => {
  it('defaults the base URL, takes the currency from the region, and keeps secrets out', () => {
    const account = shopeeChannel.parse({ channel: 'shopee', account: 'sg-main', region: 'SG', partnerId: 2001887, shopId: 14701711, partnerKeyEnv: 'SHOPEE_KEY', refreshTokenEnv: 'SHOPEE_REFRESH' });
    expect([account.baseUrl, shopeeCurrency(account)]).toEqual(['https://partner.shopeemobile.com', 'SGD']);
    expect(shopeeCurrency({ region: 'MY', currency: 'USD' })).toBe('USD');
    expect(shopeeChannel.safeParse({ channel: 'shopee', account: 'a', region: 'SG', partnerId: 1, shopId: 2, partnerKeyEnv: 'abc-secret', refreshTokenEnv: 'R' }).success).toBe(false);
    expect(shopeeChannel.safeParse({ channel: 'shopee', account: 'a', region: 'XX', partnerId: 1, shopId: 2, partnerKeyEnv: 'K', refreshTokenEnv: 'R' }).success).toBe(false);
  });
});

describe('shopee orders → order_line', () => {
  const ctx = { config: { feeds: [] }, channel: { account: 'sg-main', region: 'SG' as const, currency: undefined } };
  const order: ShopeeOrder = {
    order_sn: '220901ABCDEF12', region: 'SG', currency: 'SGD', order_status: 'READY_TO_SHIP',
    create_time: 1_662_000_000, update_time: 1_662_003_600, pickup_done_time: 0, recipient_address: { region: 'SG' },
    item_list: [
      { item_id: 100, item_name: 'Mug', model_id: 11, model_name: 'Red', model_sku: 'MUG-RED', model_quantity_purchased: 3, model_original_price: 12.5, model_discounted_price: 9.9 },
      { item_id: 100, item_name: 'Mug', model_id: 11, model_name: 'Red', model_sku: 'MUG-RED', model_quantity_purchased: 1, model_original_price: 12.5 }, // a second line of the same model (bundle deal)
      { item_id: 200, item_name: 'Cap', model_id: 0, item_sku: 'CAP', model_sku: '', model_quantity_purchased: 2, model_discounted_price: 5 },
      { item_id: 300, item_name: 'No SKU', model_id: 0, model_quantity_purchased: 1, model_discounted_price: 1 },
    ],
  };

  it('maps each item to a line: model_sku (else item_sku), quantity × unit price, UTC instants from unix seconds', () => {
    const { rows, rejects } = shopeeOrderToLines(order, ctx);
    expect(rows.map((r) => [r.line_id, r.sku, r.quantity_units, r.item_price_amount, r.title])).toEqual([
      ['100:11', 'MUG-RED', 3, 29.7, 'Mug (Red)'], // 3 × 9.90
      ['100:11:2', 'MUG-RED', 1, 12.5, 'Mug (Red)'], // no discount: original price
      ['200:0', 'CAP', 2, 10, 'Cap'],
    ]);
    expect(rows[0]).toMatchObject({
      channel: 'shopee', marketplace: 'SG', order_id: '220901ABCDEF12', currency_code: 'SGD', order_status: 'unshipped', raw_status: 'READY_TO_SHIP',
      fulfilment: 'merchant', ship_country_code: 'SG', ordered_at: '2022-09-01T02:40:00.000Z', last_updated_at: '2022-09-01T03:40:00.000Z', shipped_at: null,
    });
    expect(rejects).toEqual([{ record: 'order 220901ABCDEF12 line 300:0', field: 'model_sku', reason: 'missing SKU (neither model_sku nor item_sku is set)', raw_value: 'No SKU' }]);
  });

  it('rejects an order with an unknown status or no create_time, and falls back to the account currency', () => {
    expect(shopeeOrderToLines({ ...order, order_status: 'TELEPORTED' }, ctx)).toEqual({ rows: [], rejects: [{ record: 'order 220901ABCDEF12', field: 'order_status', reason: 'unknown Shopee order status', raw_value: 'TELEPORTED' }] });
    expect(shopeeOrderToLines({ ...order, create_time: 0 }, ctx).rejects[0]).toMatchObject({ field: 'create_time' });
    expect(shopeeOrderToLines({ ...order, currency: undefined }, { ...ctx, channel: { ...ctx.channel, region: 'MY' as const } }).rows[0]).toMatchObject({ currency_code: 'MYR', marketplace: 'MY' });
  });

  it('maps every documented status', () => {
    const statuses = ['UNPAID', 'READY_TO_SHIP', 'PROCESSED', 'SHIPPED', 'COMPLETED', 'CANCELLED', 'IN_CANCEL', 'TO_RETURN', 'INVOICE_PENDING'];
    expect(statuses.map(shopeeStatus)).toEqual(['pending', 'unshipped', 'unshipped', 'shipped', 'shipped', 'cancelled', 'unshipped', 'refunded', 'pending']);
  });

  it('turns a window [from, to) into inclusive unix seconds never more than 15 days apart', () => {
    expect(windowSeconds({ from: '2026-07-01T00:00:00.000Z', to: '2026-07-16T00:00:00.000Z' })).toEqual({ time_from: 1782864000, time_to: 1782864000 + 15 * 86400 - 1 });
    expect(windowSeconds({ from: '2026-07-01T00:00:00.500Z', to: '2026-07-01T00:00:10.000Z' })).toEqual({ time_from: 1782864001, time_to: 1782864009 });
  });
});

describe('shopee update_stock', () => {
  it('packs one item per call, ≤ 50 models, a model at two locations as one entry', () => {
    const rows = [
      ...Array.from({ length: 51 }, (_, i) => push({ change_id: `a${i}`, channel_listing_id: '100', channel_inventory_item_id: String(i + 1) })),
      push({ change_id: 'b1', channel_listing_id: '200', channel_inventory_item_id: '7', channel_location_id: 'SGZ', quantity: 4 }),
      push({ change_id: 'b2', channel_listing_id: '200', channel_inventory_item_id: '7', channel_location_id: 'SGW', quantity: 6 }),
    ];
    expect(batchRows(rows).map((c) => c.length)).toEqual([50, 1, 2]);
    expect(updateStockBody(batchRows(rows)[2])).toEqual({ item_id: 200, stock_list: [{ model_id: 7, seller_stock: [{ location_id: 'SGZ', stock: 4 }, { location_id: 'SGW', stock: 6 }] }] });
    expect(updateStockBody([push({ channel_listing_id: '300', quantity: 9 })])).toEqual({ item_id: 300, stock_list: [{ model_id: 0, seller_stock: [{ stock: 9 }] }] });
  });

  it('answers per model: failure_list rows failed with the reason, the rest applied', () => {
    const rows = [push({ change_id: 'ok', channel_inventory_item_id: '1', quantity: 8 }), push({ change_id: 'bad', channel_inventory_item_id: '2' })];
    const outcomes = mapUpdateStock(rows, { success_list: [{ model_id: 1, stock: 8 }], failure_list: [{ model_id: 2, failed_reason: 'stock is locked by a promotion' }] }, 'req-1');
    expect(outcomes.map((o) => [o.change_id, o.status, o.channel_quantity ?? null, o.retryable ?? null])).toEqual([['ok', 'applied', 8, null], ['bad', 'failed', null, false]]);
    expect(outcomes[1].message).toBe('Shopee refused item 100 model 2: stock is locked by a promotion');
  });

  it('refuses rows it cannot address, and reads seller_stock by location (sum without one)', () => {
    expect(rowProblem(push({ channel_listing_id: null }))).toMatch(/item_id/);
    expect(rowProblem(push({ channel_inventory_item_id: 'gid://x' }))).toMatch(/model id/);
    expect(rowProblem(push({ quantity: -1 }))).toMatch(/non-negative/);
    expect(rowProblem(push({}))).toBeNull();
    const info = { seller_stock: [{ location_id: 'SGZ', stock: 4 }, { location_id: 'SGW', stock: 6 }] };
    expect([sellerStockAt(info, 'SGW'), sellerStockAt(info, null), sellerStockAt(info, 'NOPE'), sellerStockAt(undefined, null)]).toEqual([6, 10, null, null]);
    expect(modelStocks({ model: [{ model_id: 5, stock_info_v2: info }] }).get(5)).toBe(info);
  });
});

describe('shopee returns → return_line', () => {
  const ctx = { config: { feeds: [] }, channel: { account: 'sg-main', region: 'SG' as const, currency: undefined } };
  const ret: ShopeeReturn = {
    return_sn: 2209010001, order_sn: '220901ABCDEF12', reason: 'ITEM_DAMAGED', text_reason: ' cracked mug ', refund_amount: 19.8, currency: 'SGD',
    create_time: 1_662_100_000, update_time: 1_662_200_000, status: 'REQUESTED',
    item: [{ item_id: 100, model_id: 11, name: 'Mug', item_sku: 'MUG', variation_sku: 'MUG-RED', amount: 2, refund_amount: 19.8 }],
  };

  it('maps each returned item with its SKU, quantity, refund and the normalised reason', () => {
    expect(shopeeReturnToLines(ret, ctx)).toEqual({
      rows: [{
        channel: 'shopee', marketplace: 'SG', return_line_id: '2209010001:100:11', order_id: '220901ABCDEF12', sku: 'MUG-RED', quantity_units: 2,
        returned_at: '2022-09-02T06:26:40.000Z', raw_reason: 'ITEM_DAMAGED', reason_code: 'DAMAGED_IN_TRANSIT', disposition: 'unknown', is_restocked: false,
        raw_status: 'REQUESTED', customer_comment: 'cracked mug', location_id: null, refund_amount: 19.8, currency_code: 'SGD',
      }],
      rejects: [],
    });
  });

  it('maps Shopee reason codes onto the taxonomy and rejects items without a SKU', () => {
    expect(['NONRECEIPT', 'WRONG_ITEM', 'DIFFERENT_DESCRIPTION', 'CHANGE_MIND', 'ITEM_MISSING', 'MUTUAL_AGREE', '', 'SOMETHING_NEW'].map(shopeeReturnReason))
      .toEqual(['LATE_DELIVERY', 'WRONG_ITEM_SENT', 'NOT_AS_DESCRIBED', 'CHANGED_MIND', 'MISSING_PARTS', 'OTHER', 'UNKNOWN', 'OTHER']);
    const mapped = shopeeReturnToLines({ ...ret, item: [{ item_id: 5, amount: 1 }, { item_id: 6, item_sku: 'CAP', amount: 1 }] }, ctx);
    expect(mapped.rows.map((r) => [r.sku, r.refund_amount, r.currency_code])).toEqual([['CAP', null, null]]); // two items: the return's total is not split
    expect(mapped.rejects).toEqual([expect.objectContaining({ record: 'return 2209010001 item 5:0', field: 'variation_sku' })]);
  });
});
