import { mapPriceQuantityResponses, priceQuantityRequests } from '../../../pipeline/channels/ebay/api/priceQuantity';
import { chunkBySku } from '../../../pipeline/channels/ebay/writer';
import { push } from './pushes';

const row = (over = {}) => push({ channel: 'ebay', channel_offer_id: 'O1', ...over });

describe('ebay bulkUpdatePriceQuantity', () => {
  it('sends one request per SKU with ship-to-home = the largest offer quantity of that SKU', () => {
    expect(priceQuantityRequests([row({ quantity: 3 }), row({ change_id: 'c2', channel_offer_id: 'O2', quantity: 8 }), row({ sku: 'SKU-2', channel_offer_id: 'O3', quantity: 0 })])).toEqual([
      { sku: 'SKU-1', shipToLocationAvailability: { quantity: 8 }, offers: [{ offerId: 'O1', availableQuantity: 3 }, { offerId: 'O2', availableQuantity: 8 }] },
      { sku: 'SKU-2', shipToLocationAvailability: { quantity: 0 }, offers: [{ offerId: 'O3', availableQuantity: 0 }] },
    ]);
  });

  it('applies a row only when both its offer entry and its SKU entry answered 200', () => {
    const outcomes = mapPriceQuantityResponses(
      [row(), row({ change_id: 'c2', sku: 'SKU-2', channel_offer_id: 'O2' }), row({ change_id: 'c3', sku: 'SKU-3', channel_offer_id: 'O3' })],
      [
        { statusCode: 200, sku: 'SKU-1', offerId: 'O1' },
        { statusCode: 200, sku: 'SKU-1' },
        { statusCode: 500, sku: 'SKU-2', offerId: 'O2', errors: [{ errorId: 25001, message: 'A system error has occurred.' }] },
        { statusCode: 200, sku: 'SKU-2' },
        { statusCode: 400, sku: 'SKU-3', offerId: 'O3', errors: [{ errorId: 25004, message: 'Invalid quantity.' }] },
      ],
    );
    expect(outcomes.map((o) => [o.status, o.retryable])).toEqual([['applied', undefined], ['failed', true], ['failed', false]]);
    expect(outcomes[1].message).toMatch(/25001.*other level was updated/);
    expect(outcomes[2].message).toMatch(/25004.*ship-to-home quantity: eBay sent no answer/);
  });

  it('cuts calls at 25 distinct SKUs, keeping one SKU\'s offers together', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row({ change_id: `c${i}`, sku: `S${Math.floor(i / 2)}`, channel_offer_id: `O${i}` }));
    expect(chunkBySku(rows, 25).map((c) => c.length)).toEqual([30]);
    const many = Array.from({ length: 60 }, (_, i) => row({ change_id: `c${i}`, sku: `S${i}`, channel_offer_id: `O${i}` }));
    expect(chunkBySku(many, 25).map((c) => c.length)).toEqual([25, 25, 10]);
  });
});
