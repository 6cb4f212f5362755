// Shopify ids are GIDs (gid://shopify/InventoryItem/123); REST and exports use the bare number.
// Listings may carry either, so writers and the sandbox normalise through here.

export type ShopifyGidKind = 'InventoryItem' | 'Location' | 'ProductVariant' | 'Order' | 'InventoryLevel' | 'InventoryAdjustmentGroup';

export function toGid(kind: ShopifyGidKind, id: string): string {
  return id.startsWith('gid://') ? id : `gid://shopify/${kind}/${id}`;
}

/** API versions compare as text ("2025-10" < "2026-01"); "unstable" is newer than any. */
export function versionAtLeast(version: string, minimum: string): boolean {
  if (version === 'unstable') return true;
  return version >= minimum;
}
