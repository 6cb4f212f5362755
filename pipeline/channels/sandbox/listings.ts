// What a sandbox is seeded with: rows of the canonical `listing` table (sql/schema/001_core.sql).
// The same rows give the write-back core its StockPush ids, so sandbox and warehouse agree on
// every channel id by construction.
import { stockPush } from '../contract/stockPush';
import type { ChannelId, StockPush } from '../contract/writer';

export interface SandboxListing {
  listing_id: string;
  channel: ChannelId;
  marketplace: string;
  sku: string;
  fulfilment: 'fba' | 'merchant';
  channel_listing_id: string | null;
  channel_offer_id: string | null;
  channel_inventory_item_id: string | null;
  channel_location_id: string | null;
  channel_quantity_units: number | null;
}

/** The one query the sandboxes need from a warehouse (any Warehouse satisfies it). */
export interface ListingSource {
  all(sql: string): Promise<Record<string, unknown>[]>;
}

/** A push setting each listing to quantity(i), expecting what the listing was seeded with. */
export function pushesFor(listings: SandboxListing[], quantity: (i: number) => number, changeIdPrefix = 'chg'): StockPush[] {
  return listings.map((l, i) => stockPush(`${changeIdPrefix}-${i}`, l, quantity(i), l.channel_quantity_units));
}
