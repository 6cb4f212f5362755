// Listing rows and pushes for channel tests, shaped like the `listing` table and the core's StockPush.
import type { SandboxListing } from '../../../pipeline/channels/sandbox/listings';
import type { ChannelId } from '../../../pipeline/channels/contract/writer';

export function shopifyListings(count: number, quantity = 10): SandboxListing[] {
  return Array.from({ length: count }, (_, i) => ({
    listing_id: `shopify:main:SKU-${i}:merchant`,
    channel: 'shopify' as ChannelId,
    marketplace: 'main',
    sku: `SKU-${i}`,
    fulfilment: 'merchant' as const,
    channel_listing_id: `gid://shopify/ProductVariant/${1000 + i}`,
    channel_offer_id: null,
    channel_inventory_item_id: `gid://shopify/InventoryItem/${5000 + i}`,
    channel_location_id: 'gid://shopify/Location/77',
    channel_quantity_units: quantity,
  }));
}

export function ebayListings(count: number, quantity = 10): SandboxListing[] {
  return Array.from({ length: count }, (_, i) => ({
    listing_id: `ebay:EBAY_US:SKU-${i}:merchant`,
    channel: 'ebay' as ChannelId,
    marketplace: 'EBAY_US',
    sku: `SKU-${i}`,
    fulfilment: 'merchant' as const,
    channel_listing_id: `11${String(i).padStart(10, '0')}`,
    channel_offer_id: `9${String(i).padStart(9, '0')}`,
    channel_inventory_item_id: null,
    channel_location_id: 'WH-1',
    channel_quantity_units: quantity,
  }));
}

export function amazonListings(count: number, quantity = 10, fulfilment: 'merchant' | 'fba' = 'merchant'): SandboxListing[] {
  return Array.from({ length: count }, (_, i) => ({
    listing_id: `amazon:US:SKU-${i}:${fulfilment}`,
    channel: 'amazon' as ChannelId,
    marketplace: 'US',
    sku: `SKU-${i}`,
    fulfilment,
    channel_listing_id: `B0${String(i).padStart(8, '0')}`,
    channel_offer_id: null,
    channel_inventory_item_id: null,
    channel_location_id: null,
    channel_quantity_units: fulfilment === 'fba' ? null : quantity,
  }));
}

/** `perProduct` SKUs per AliExpress product. */
export function aliexpressListings(count: number, quantity = 10, perProduct = 1): SandboxListing[] {
  return Array.from({ length: count }, (_, i) => ({
    listing_id: `aliexpress:global:SKU-${i}:merchant`,
    channel: 'aliexpress' as ChannelId,
    marketplace: 'global',
    sku: `SKU-${i}`,
    fulfilment: 'merchant' as const,
    channel_listing_id: String(1005000000000000 + Math.floor(i / perProduct)),
    channel_offer_id: null,
    channel_inventory_item_id: String(12000000000 + i),
    channel_location_id: null,
    channel_quantity_units: quantity,
  }));
}

export { pushesFor } from '../../../pipeline/channels/sandbox/listings';

/**
 * Resolves when `check` is true, polling every 10 ms. The deadline only bounds a hang (a busy CI
 * machine may take seconds to deliver a local request); what a test asserts never rides on it.
 */
export async function waitFor(check: () => boolean, timeoutMs = 45_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
