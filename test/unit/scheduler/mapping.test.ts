import { aliexpressOrderToLines, aliexpressStatus, type AliexpressOrder } from '../../../pipeline/channels/aliexpress/streams/orders';
import { pacificToUtc, utcToPacific } from '../../../pipeline/channels/aliexpress/streams/pacificTime';
import { ebayOrderToLines, lastModifiedFilter } from '../../../pipeline/channels/ebay/streams/orders';
import { parseOperation, requestedCost } from '../../../pipeline/channels/shopify/sandbox/graphql';
import { INVENTORY_QUERY, inventoryQueryCost, shopifyLevelToRow } from '../../../pipeline/channels/shopify/streams/inventory';
import { ORDERS_QUERY, ORDERS_PAGE, LINE_ITEMS_PAGE, ordersQueryCost } from '../../../pipeline/channels/shopify/streams/orders';

const noFeeds = { config: { feeds: [] } };

describe('AliExpress Pacific time', () => {
  it('converts PDT and PST wall times to UTC', () => {
    expect(pacificToUtc('2026-07-01 10:00:00')).toBe('2026-07-01T17:00:00.000Z');
    expect(pacificToUtc('2026-01-15 10:00:00')).toBe('2026-01-15T18:00:00.000Z');
  });

  it('reads the repeated fall-back hour as daylight time and the skipped spring-forward hour as standard time', () => {
    expect(pacificToUtc('2026-11-01 01:30:00')).toBe('2026-11-01T08:30:00.000Z');
    expect(pacificToUtc('2026-03-08 02:30:00')).toBe('2026-03-08T10:30:00.000Z');
  });

  it('formats query bounds in Pacific wall time', () => {
    expect(utcToPacific('2026-07-01T17:00:00.000Z')).toBe('2026-07-01 10:00:00');
    expect(utcToPacific('2026-01-15T08:00:00.000Z')).toBe('2026-01-15 00:00:00');
  });
});

describe('AliExpress orders to order lines', () => {
  const order: AliexpressOrder = {
    order_id: 8123456789,
    gmt_create: '2026-07-01 10:00:00',
    gmt_update: '2026-07-02 09:30:00',
    order_status: 'FINISH',
    end_reason: 'buyer_cancel_order',
    receipt_country: 'FR',
    product_list: { order_product_dto: [
      { child_id: 1, product_id: 1005, sku_code: 'MUG-RED', product_name: 'Mug', product_count: 2, total_product_amount: { amount: '18.50', currency_code: 'USD' } },
      { child_id: 2, product_id: 1006, sku_code: '', product_name: 'Gift', product_count: 1 },
    ] },
  };

  it('maps product lines with UTC times and rejects a line without a sku_code', () => {
    const { rows, rejects } = aliexpressOrderToLines(order, { ...noFeeds, channel: { account: 'ae', marketplace: 'global', currency: 'USD' } });
    expect(rows).toEqual([expect.objectContaining({ order_id: '8123456789', line_id: '1', sku: 'MUG-RED', quantity_units: 2, item_price_amount: 18.5, order_status: 'cancelled', ordered_at: '2026-07-01T17:00:00.000Z', last_updated_at: '2026-07-02T16:30:00.000Z', ship_country_code: 'FR' })]);
    expect(rejects).toEqual([{ record: 'order 8123456789 line 2', field: 'sku_code', reason: 'missing SKU', raw_value: 'Gift' }]);
  });

  it('maps the order statuses to the canonical ones', () => {
    expect(aliexpressStatus('PLACE_ORDER_SUCCESS', null)).toBe('pending');
    expect(aliexpressStatus('WAIT_SELLER_SEND_GOODS', null)).toBe('unshipped');
    expect(aliexpressStatus('WAIT_BUYER_ACCEPT_GOODS', null)).toBe('shipped');
    expect(aliexpressStatus('FINISH', null)).toBe('shipped');
    expect(aliexpressStatus('FINISH', 'refund_success')).toBe('refunded');
  });
});

describe('eBay orders to order lines', () => {
  it('marks a fully refunded order refunded and keeps the listing marketplace', () => {
    const { rows } = ebayOrderToLines(
      {
        orderId: '12-3456-7890', creationDate: '2026-03-01T10:00:00.000Z', lastModifiedDate: '2026-03-05T10:00:00.000Z',
        orderFulfillmentStatus: 'FULFILLED', orderPaymentStatus: 'FULLY_REFUNDED',
        lineItems: [{ lineItemId: '100', sku: 'CAP', quantity: 1, lineItemCost: { value: '9.99', currency: 'GBP' }, lineItemFulfillmentStatus: 'FULFILLED', listingMarketplaceId: 'EBAY_GB' }],
      },
      { ...noFeeds, channel: { account: 'uk' } },
    );
    expect(rows).toEqual([expect.objectContaining({ marketplace: 'GB', order_status: 'refunded', item_price_amount: 9.99, currency_code: 'GBP' })]);
  });

  it('builds the lastmodifieddate filter eBay documents', () => {
    expect(lastModifiedFilter('2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z')).toBe('lastmodifieddate:[2026-03-01T00:00:00.000Z..2026-03-02T00:00:00.000Z]');
  });
});

describe('Shopify query costs', () => {
  it('estimates the same requested cost the sandbox computes from the query text, under the 1000 limit', () => {
    const sandboxCost = requestedCost(parseOperation(ORDERS_QUERY), { first: ORDERS_PAGE, lineItems: LINE_ITEMS_PAGE });
    expect(ordersQueryCost(ORDERS_PAGE, LINE_ITEMS_PAGE)).toBe(sandboxCost);
    expect(sandboxCost).toBeLessThanOrEqual(1000);
    expect(inventoryQueryCost(90)).toBe(requestedCost(parseOperation(INVENTORY_QUERY), { first: 90 }));
  });

  it('counts committed and reserved units as reserved and damaged units as unfulfillable', () => {
    const { rows } = shopifyLevelToRow(
      { item: { sku: 'MUG-RED' }, quantities: [{ name: 'available', quantity: 10 }, { name: 'on_hand', quantity: 16 }, { name: 'committed', quantity: 3 }, { name: 'reserved', quantity: 1 }, { name: 'damaged', quantity: 2 }, { name: 'incoming', quantity: 5 }] },
      'US-OWN', '2026-03-10', 'gid://shopify/Location/1',
    );
    expect(rows).toEqual([{ snapshot_date: '2026-03-10', sku: 'MUG-RED', location_id: 'US-OWN', on_hand_units: 16, available_units: 10, reserved_units: 4, inbound_units: 5, unfulfillable_units: 2 }]);
  });
});

describe('eBay sandbox getOrders filter rules', () => {
  const { parseOrderFilter } = require('../../../pipeline/channels/ebay/sandbox/routes/orders') as typeof import('../../../pipeline/channels/ebay/sandbox/routes/orders');
  const now = Date.parse('2026-03-10T12:00:00Z');

  it('answers the documented error ids for a start older than 90 days, a reversed range and a future date', () => {
    expect(parseOrderFilter('lastmodifieddate:[2025-12-01T00:00:00.000Z..]', now)).toMatchObject({ errorId: 30830 });
    expect(parseOrderFilter('lastmodifieddate:[2026-03-05T00:00:00.000Z..2026-03-01T00:00:00.000Z]', now)).toMatchObject({ errorId: 30840 });
    expect(parseOrderFilter('lastmodifieddate:[2026-03-11T00:00:00.000Z..]', now)).toMatchObject({ errorId: 30850 });
    expect(parseOrderFilter('lastmodifieddate:[..2026-03-01T00:00:00.000Z]', now)).toMatchObject({ errorId: 30820 });
  });

  it('prefers creationdate when both dates are given, as eBay documents', () => {
    expect(parseOrderFilter('lastmodifieddate:[2026-03-01T00:00:00.000Z..],creationdate:[2026-03-02T00:00:00.000Z..]', now)).toMatchObject({ field: 'creationdate', fromMs: Date.parse('2026-03-02T00:00:00.000Z') });
  });
});
