// "This location's stock feeds these listings": the seller's feed rules (config `feeds`) and the
// one rule that picks a listing's location. Pure; used by the API connectors when they map an
// order line to the location it ships from.

export interface FeedRule {
  location: string;
  channel: string;
  account?: string;
  marketplace?: string;
  fulfilment?: 'fba' | 'merchant';
  sku?: string;
}

export interface ListingRef {
  channel: string;
  account?: string;
  marketplace?: string | null;
  fulfilment?: string | null;
  sku?: string | null;
}

/** The location feeding a listing: the matching feed rule naming the most fields wins. */
export function feedLocation(config: { feeds: readonly FeedRule[] }, listing: ListingRef): string | null {
  let best: { location: string; score: number } | null = null;
  for (const feed of config.feeds) {
    if (feed.channel !== listing.channel) continue;
    let score = 0;
    let matches = true;
    for (const key of ['account', 'marketplace', 'fulfilment', 'sku'] as const) {
      const want = feed[key];
      if (want === undefined) continue;
      if (want !== listing[key]) matches = false;
      score += 1;
    }
    if (matches && (!best || score > best.score)) best = { location: feed.location, score };
  }
  return best?.location ?? null;
}
