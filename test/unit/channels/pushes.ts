import type { StockPush } from '../../../pipeline/channels/contract/writer';

export const push = (over: Partial<StockPush>): StockPush => ({
  change_id: 'c1',
  listing_id: 'l1',
  channel: 'shopify',
  marketplace: 'main',
  sku: 'SKU-1',
  channel_listing_id: null,
  channel_offer_id: null,
  channel_inventory_item_id: null,
  channel_location_id: null,
  quantity: 5,
  expected_quantity: 3,
  ...over,
});
