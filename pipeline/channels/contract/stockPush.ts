// One place that turns a listing's channel ids into the push a writer receives: the planner,
// the recovery re-check and the sandbox throughput bench all address listings the same way.
import type { ChannelId, ListingChannelIds, StockPush } from './writer';

export function stockPush(change_id: string, listing: ListingChannelIds, quantity: number, expected_quantity: number | null): StockPush {
  return {
    change_id,
    listing_id: listing.listing_id,
    channel: listing.channel as ChannelId,
    marketplace: listing.marketplace,
    sku: listing.sku,
    channel_listing_id: listing.channel_listing_id,
    channel_offer_id: listing.channel_offer_id,
    channel_inventory_item_id: listing.channel_inventory_item_id,
    channel_location_id: listing.channel_location_id,
    quantity,
    expected_quantity,
  };
}
