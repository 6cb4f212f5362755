// Pure Mercado Libre mappings against hand-computed values: orders → order_line, statuses, the
// stock addresses a listing's ids name, and the PUT /items body that keeps every variation.
import { mercadolibreChannel } from '../../../pipeline/channels/mercadolibre/config';
import { mlOrderToLines, orderStatus, type MlOrder } from '../../../pipeline/channels/mercadolibre/streams/orders';
import { itemQuantity, itemUpdateBody, locationQuantity, stockAddress } from '../../../pipeline/channels/mercadolibre/writer';

const ctx = { config: { feeds: [{ location: 'MX-WH', channel: 'mercadolibre' }, { location: 'MX-SPECIAL', channel: 'mercadolibre', sku: 'SKU-B' }] }, channel: { account: 'mx-main', site: 'MLM' as const } };

const order: MlOrder = {
  id: 2000003508419013,
  status: 'paid',
  date_created: '2026-11-20T10:01:50.000-04:00',
  date_closed: '2026-11-20T10:04:07.000-04:00',
  date_last_updated: '2026-11-21T08:00:00.000-04:00',
  pack_id: 2000000123,
  currency_id: 'MXN',
  order_items: [
    { item: { id: 'MLM123456789', title: 'Playera', seller_sku: 'SKU-A', variation_id: 17441301 }, quantity: 3, unit_price: 199.9, currency_id: 'MXN', sale_fee: 35.98 },
    { item: { id: 'MLM987654321', title: 'Gorra', seller_sku: null, seller_custom_field: ' SKU-B ' }, quantity: 1, unit_price: 250, currency_id: 'MXN' },
    { item: { id: 'MLM555', title: 'Sin SKU' }, quantity: 1, unit_price: 10 },
  ],
  payments: [{ id: 1, status: 'approved' }],
  tags: ['paid', 'not_delivered', 'pack_order'],
};

describe('mercadolibre orders → order_line', () => {
  it('maps each order item to a line keyed by item (and variation), with the line total and the feed location', () => {
    const { rows, rejects } = mlOrderToLines(order, ctx);
    expect(rows).toEqual([
      {
        channel: 'mercadolibre', marketplace: 'MX', order_id: '2000003508419013', line_id: 'MLM123456789-17441301', sku: 'SKU-A', title: 'Playera',
        quantity_units: 3, item_price_amount: 599.7, currency_code: 'MXN', order_status: 'unshipped', raw_status: 'paid', fulfilment: 'merchant',
        location_id: 'MX-WH', ship_country_code: null, ordered_at: '2026-11-20T14:01:50.000Z', shipped_at: null, last_updated_at: '2026-11-21T12:00:00.000Z',
        ship_by_at: null,
      },
      expect.objectContaining({ line_id: 'MLM987654321', sku: 'SKU-B', quantity_units: 1, item_price_amount: 250, location_id: 'MX-SPECIAL' }),
    ]);
    expect(rejects).toEqual([{ record: 'order 2000003508419013 line MLM555', field: 'item.seller_sku', reason: 'missing SKU (seller_sku / seller_custom_field)', raw_value: 'Sin SKU' }]);
  });

  it('rejects an order whose creation date cannot be read, under the order id', () => {
    expect(mlOrderToLines({ ...order, date_created: 'yesterday' }, ctx)).toEqual({ rows: [], rejects: [{ record: 'order 2000003508419013', field: 'date_created', reason: 'unparseable date', raw_value: 'yesterday' }] });
  });

  it.each([
    [{ status: 'cancelled' }, 'cancelled'],
    [{ status: 'invalid' }, 'cancelled'],
    [{ status: 'paid', payments: [{ id: 1, status: 'refunded' }] }, 'refunded'],
    [{ status: 'payment_in_process' }, 'pending'],
    [{ status: 'confirmed' }, 'pending'],
    [{ status: 'paid', tags: ['paid', 'shipped'] }, 'shipped'],
    [{ status: 'paid', tags: ['paid', 'delivered'] }, 'shipped'],
    [{ status: 'paid', tags: ['paid', 'not_delivered'] }, 'unshipped'],
  ] as const)('status %j → %s', (input, expected) => {
    expect(orderStatus(input as never)).toBe(expected);
  });
});

describe('mercadolibre stock addresses', () => {
  const ids = (listing: string | null, inventory: string | null, location: string | null = null) => ({ channel_listing_id: listing, channel_inventory_item_id: inventory, channel_location_id: location });

  it('reads an item, a variation and a user product location from the listing ids', () => {
    expect(stockAddress(ids('MLM123456789', null))).toEqual({ kind: 'item', itemId: 'MLM123456789' });
    expect(stockAddress(ids('MLM123456789', '17441301'))).toEqual({ kind: 'variation', itemId: 'MLM123456789', variationId: 17441301 });
    expect(stockAddress(ids('MLM123456789', 'MLMU3001', null))).toEqual({ kind: 'user_product', userProductId: 'MLMU3001', location: { type: 'selling_address' } });
    expect(stockAddress(ids(null, 'MLBU206642488', '5544'))).toEqual({ kind: 'user_product', userProductId: 'MLBU206642488', location: { type: 'seller_warehouse', storeId: '5544' } });
    expect(stockAddress(ids('B00XYZ', null))).toMatch(/no Mercado Libre item id/);
    expect(stockAddress(ids('MLM1', 'abc'))).toMatch(/neither a variation id/);
  });

  it('names every variation in a PUT /items body, with a quantity only for the pushed ones', () => {
    const item = { id: 'MLM1', available_quantity: 12, variations: [{ id: 1, available_quantity: 5 }, { id: 2, available_quantity: 7 }] };
    expect(itemUpdateBody(item, new Map([[2, 0]]))).toEqual({ variations: [{ id: 1 }, { id: 2, available_quantity: 0 }] });
    expect(itemUpdateBody({ id: 'MLM2', available_quantity: 4 }, new Map([[null, 9]]))).toEqual({ available_quantity: 9 });
    expect(itemQuantity(item, { kind: 'variation', itemId: 'MLM1', variationId: 2 })).toBe(7);
    expect(itemQuantity(item, { kind: 'item', itemId: 'MLM1' })).toBeNull(); // an item with variations has no quantity of its own to set
  });

  it('finds the quantity of a selling_address or seller_warehouse location', () => {
    const locations = [{ type: 'meli_facility', quantity: 5 }, { type: 'selling_address', quantity: 9 }, { type: 'seller_warehouse', store_id: '77', quantity: 3 }];
    expect(locationQuantity(locations, { kind: 'user_product', userProductId: 'X', location: { type: 'selling_address' } })).toBe(9);
    expect(locationQuantity(locations, { kind: 'user_product', userProductId: 'X', location: { type: 'seller_warehouse', storeId: '77' } })).toBe(3);
    expect(locationQuantity(locations, { kind: 'user_product', userProductId: 'X', location: { type: 'seller_warehouse', storeId: '78' } })).toBeNull();
  });
});

describe('mercadolibre account schema', () => {
  const account = { channel: 'mercadolibre', account: 'mx', site: 'MLM', currency: 'MXN', sellerId: 123456789, clientIdEnv: 'ML_CLIENT_ID', clientSecretEnv: 'ML_CLIENT_SECRET', refreshTokenEnv: 'ML_REFRESH' };

  it('fills the documented defaults and keeps the seller id as text', () => {
    expect(mercadolibreChannel.parse(account)).toMatchObject({ baseUrl: 'https://api.mercadolibre.com', authUrl: 'https://api.mercadolibre.com/oauth/token', sellerId: '123456789', timeoutSeconds: 60 });
  });

  it('refuses a secret value in place of an environment variable name, and unknown keys', () => {
    expect(mercadolibreChannel.safeParse({ ...account, refreshTokenEnv: 'TG-5f1a-abc' }).success).toBe(false);
    expect(mercadolibreChannel.safeParse({ ...account, refreshToken: 'TG-1' }).success).toBe(false);
    expect(mercadolibreChannel.safeParse({ ...account, site: 'MLX' }).success).toBe(false);
  });
});
