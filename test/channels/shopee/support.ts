// Listings and pushes for the Shopee tests, shaped like the `listing` table and the core's StockPush.
import type { ChannelId } from '../../../pipeline/channels/contract/writer';
import type { SandboxListing } from '../../../pipeline/channels/sandbox/listings';

export const CREDENTIALS = { partnerId: 2001887, shopId: 14701711, partnerKey: 'test-partner-key-5f3a9c', refreshToken: 'refresh-seed-token-0001' };

/** `perItem` models per item; `perItem` 0: items without variants (model_id null). */
export function shopeeListings(count: number, quantity = 10, perItem = 1): SandboxListing[] {
  return Array.from({ length: count }, (_, i) => ({
    listing_id: `shopee:SG:SKU-${i}:merchant`,
    channel: 'shopee' as ChannelId,
    marketplace: 'SG',
    sku: `SKU-${i}`,
    fulfilment: 'merchant' as const,
    channel_listing_id: String(500_000 + (perItem === 0 ? i : Math.floor(i / perItem))),
    channel_offer_id: null,
    channel_inventory_item_id: perItem === 0 ? null : String(7_000 + i),
    channel_location_id: null,
    channel_quantity_units: quantity,
  }));
}

export async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
