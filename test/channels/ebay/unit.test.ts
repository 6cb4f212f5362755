import { mapPriceQuantityResponses, mayRaise, offersToPin, priceQuantityRequests, shipToRaises } from '../../../pipeline/channels/ebay/api/priceQuantity';
import { chunkBySku, createEbayWriter } from '../../../pipeline/channels/ebay/writer';
import { EbayReadApi } from '../../../pipeline/channels/ebay/streams/api';
import type { EbayConfig } from '../../../pipeline/channels/ebay/config';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { push } from '../../unit/channels/pushes';

const row = (over = {}) => push({ channel: 'ebay', channel_offer_id: 'O1', ...over });

describe('ebay bulkUpdatePriceQuantity', () => {
  it('sends one request per SKU with its offers, and the shared ship-to-home quantity only for a SKU being raised', () => {
    const rows = [row({ quantity: 3 }), row({ change_id: 'c2', channel_offer_id: 'O2', quantity: 8 }), row({ sku: 'SKU-2', channel_offer_id: 'O3', quantity: 0 })];
    expect(priceQuantityRequests(rows, new Map([['SKU-1', 8]]))).toEqual([
      { sku: 'SKU-1', shipToLocationAvailability: { quantity: 8 }, offers: [{ offerId: 'O1', availableQuantity: 3 }, { offerId: 'O2', availableQuantity: 8 }] },
      { sku: 'SKU-2', offers: [{ offerId: 'O3', availableQuantity: 0 }] },
    ]);
  });

  it('raises a SKU\'s shared quantity only to the largest ask above it, and only for rows that go up', () => {
    const rows = [row({ quantity: 3 }), row({ change_id: 'c2', channel_offer_id: 'O2', quantity: 8 }), row({ change_id: 'c3', sku: 'SKU-2', channel_offer_id: 'O3', quantity: 9 })];
    expect([...shipToRaises(rows, new Map([['SKU-1', 5], ['SKU-2', 10]]))]).toEqual([['SKU-1', 8]]);
    expect([mayRaise(row({ quantity: 2, expected_quantity: 5 })), mayRaise(row({ quantity: 6, expected_quantity: 5 })), mayRaise(row({ quantity: 0, expected_quantity: null }))]).toEqual([false, true, true]);
  });

  it('pins the other published offers a raise would lift at the quantity they show now', () => {
    const offers = [
      { offerId: 'O1', status: 'PUBLISHED', availableQuantity: 40 }, // set by this call
      { offerId: 'O9', status: 'PUBLISHED', availableQuantity: 20 }, // capped at 5 now: would rise
      { offerId: 'O8', status: 'PUBLISHED', availableQuantity: 3 }, // shows its own 3: unaffected
      { offerId: 'O7', status: 'UNPUBLISHED', availableQuantity: 50 }, // no live listing
    ];
    expect(offersToPin(offers, new Set(['O1']), 5)).toEqual([{ offerId: 'O9', availableQuantity: 5 }]);
  });

  it('applies a row of a raised SKU only when both its offer entry and its SKU entry answered 200', () => {
    const outcomes = mapPriceQuantityResponses(
      [row(), row({ change_id: 'c2', sku: 'SKU-2', channel_offer_id: 'O2' }), row({ change_id: 'c3', sku: 'SKU-3', channel_offer_id: 'O3' })],
      [
        { statusCode: 200, sku: 'SKU-1', offerId: 'O1' },
        { statusCode: 200, sku: 'SKU-1' },
        { statusCode: 500, sku: 'SKU-2', offerId: 'O2', errors: [{ errorId: 25001, message: 'A system error has occurred.' }] },
        { statusCode: 200, sku: 'SKU-2' },
        { statusCode: 400, sku: 'SKU-3', offerId: 'O3', errors: [{ errorId: 25004, message: 'Invalid quantity.' }] },
      ],
      new Set(['SKU-1', 'SKU-2', 'SKU-3']),
    );
    expect(outcomes.map((o) => [o.status, o.retryable])).toEqual([['applied', undefined], ['failed', true], ['failed', false]]);
    expect(outcomes[1].message).toMatch(/25001.*other level was updated/);
    expect(outcomes[2].message).toMatch(/25004.*ship-to-home quantity: eBay sent no answer/);
  });

  it('applies a row set through its offer alone on its offer entry', () => {
    const outcomes = mapPriceQuantityResponses([row(), row({ change_id: 'c2', channel_offer_id: 'O2' })], [{ statusCode: 200, sku: 'SKU-1', offerId: 'O1' }, { statusCode: 404, sku: 'SKU-1', offerId: 'O2', errors: [{ errorId: 25710, message: 'not found' }] }]);
    expect(outcomes.map((o) => [o.status, o.retryable])).toEqual([['applied', undefined], ['failed', false]]);
    expect(outcomes[1].message).not.toMatch(/ship-to-home/);
  });

  it('cuts calls at 25 distinct SKUs, keeping one SKU\'s offers together', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row({ change_id: `c${i}`, sku: `S${Math.floor(i / 2)}`, channel_offer_id: `O${i}` }));
    expect(chunkBySku(rows, 25).map((c) => c.length)).toEqual([30]);
    const many = Array.from({ length: 60 }, (_, i) => row({ change_id: `c${i}`, sku: `S${i}`, channel_offer_id: `O${i}` }));
    expect(chunkBySku(many, 25).map((c) => c.length)).toEqual([25, 25, 10]);
  });
});

describe('ebay: one client and one request budget per account', () => {
  const BASE = 'https://api.ebay.example';
  const TOKEN = 'v^1.1#unit-shared-budget-token';
  const calls: string[] = [];
  const fakeFetch = (async (url: string) => {
    calls.push(new URL(url).pathname);
    return new Response(JSON.stringify({ availability: { shipToLocationAvailability: { quantity: 5 } }, availableQuantity: 3, total: 0, orders: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  const account = { channel: 'ebay', account: 'main', baseUrl: BASE, marketplaces: ['EBAY_US'], tokenEnv: 'T', timeoutSeconds: 30 } as unknown as EbayConfig;

  it('makes the pull wait for the requests a writer of the same account spent, even when the reader sets no rate itself', async () => {
    const clock = new ManualClock(0);
    // The reader exists first and knows no rate (eBay documents none); the writer sets the account's.
    const reader = new EbayReadApi(account, TOKEN, clock, { fetch: fakeFetch });
    const writer = createEbayWriter({ baseUrl: BASE, credentials: { accessToken: TOKEN }, limits: { rate: { ratePerSecond: 1, burst: 2 } }, http: { clock, fetch: fakeFetch } });
    expect((await writer.read([row()])).map((r) => r.quantity)).toEqual([3]); // getInventoryItem + getOffer: the burst of 2
    expect(clock.sleeps).toEqual([]);
    await reader.get('getOrders', '/sell/fulfillment/v1/order', { limit: 1 });
    expect(clock.sleeps).toEqual([1000]); // one token restores at 1/s
    // Another token is another account's budget.
    await new EbayReadApi(account, 'v^1.1#someone-else', clock, { fetch: fakeFetch }).get('getOrders', '/sell/fulfillment/v1/order', { limit: 1 });
    expect(clock.sleeps).toEqual([1000]);
    expect(calls).toHaveLength(4);
  });
});
