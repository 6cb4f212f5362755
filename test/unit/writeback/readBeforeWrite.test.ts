import { holdBackChanged } from '../../../pipeline/channels/contract/readBeforeWrite';
import type { StockPush } from '../../../pipeline/channels/contract/writer';

const push = (listing_id: string, quantity: number, expected_quantity: number | null): StockPush => ({
  change_id: `c-${listing_id}`, listing_id, channel: 'ebay', marketplace: 'US', sku: listing_id, channel_listing_id: null,
  channel_offer_id: null, channel_inventory_item_id: null, channel_location_id: null, quantity, expected_quantity,
});

describe('reading before writing on a channel without compare-and-set', () => {
  it('sends unchanged rows, answers changed ones conflict, unread ones retryable, and ones already showing the ask applied', () => {
    const rows = [push('same', 12, 7), push('sold', 12, 7), push('unread', 12, 7), push('done', 12, 7), push('blind', 12, null)];
    const readings = new Map([
      ['same', { listing_id: 'same', quantity: 7 }],
      ['sold', { listing_id: 'sold', quantity: 6 }],
      ['done', { listing_id: 'done', quantity: 12 }], // a retried write that had landed after all
    ]);
    const { send, refused } = holdBackChanged('ebay', rows, readings);
    expect(send.map((r) => r.listing_id)).toEqual(['same', 'blind']);
    expect(refused.map((o) => [o.change_id, o.status, o.channel_quantity ?? null, o.retryable ?? null])).toEqual([
      ['c-sold', 'conflict', 6, null],
      ['c-unread', 'failed', null, true],
      ['c-done', 'applied', 12, null],
    ]);
  });
});
