// Natural keys that are composed from several fields. Everything that writes these rows (file
// ingest, API connectors, the demo) builds them here so the same listing gets the same id.
export const FULFILMENTS = ['fba', 'merchant'] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

/** listing.listing_id = channel:marketplace:sku:fulfilment. */
export function listingId(channel: string, marketplace: string, sku: string, fulfilment: Fulfilment): string {
  return `${channel}:${marketplace}:${sku}:${fulfilment}`;
}

/** listingId as SQL over column expressions (channel/marketplace/fulfilment may be literals). */
export function listingIdSql(channel: string, marketplace: string, sku: string, fulfilment: string): string {
  return `concat_ws(':', ${channel}, ${marketplace}, ${sku}, ${fulfilment})`;
}

/** Amazon FBA stock location of a marketplace: FBA-US, FBA-DE… (unless configured otherwise). */
export function fbaLocationId(marketplace: string): string {
  return `FBA-${marketplace.toUpperCase()}`;
}

/** Marketplaces whose FBA stock forms one pool (anchors.md B.0: FBA-NA, FBA-EU). */
export const FBA_POOLS: Record<string, string[]> = {
  'FBA-NA': ['US', 'CA', 'MX', 'BR'],
  'FBA-EU': ['DE', 'FR', 'IT', 'ES', 'NL', 'SE', 'PL', 'BE', 'IE'],
};

/** The FBA pool a marketplace's fulfilment centres belong to (its own location otherwise). */
export function fbaPoolId(marketplace: string): string {
  const m = marketplace.toUpperCase();
  return Object.keys(FBA_POOLS).find((pool) => FBA_POOLS[pool].includes(m)) ?? fbaLocationId(m);
}
