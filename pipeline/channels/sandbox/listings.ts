// What a sandbox is seeded with: rows of the canonical `listing` table (sql/schema/001_core.sql).
// The same rows give the write-back core its StockPush ids, so sandbox and warehouse agree on
// every channel id by construction.
import { stockPush } from '../../writeback/stockPush';
import type { Channel, StockPush } from '../../writeback/types';

export interface SandboxListing {
  listing_id: string;
  channel: Channel;
  marketplace: string;
  sku: string;
  fulfilment: 'fba' | 'merchant';
  channel_listing_id: string | null;
  channel_offer_id: string | null;
  channel_inventory_item_id: string | null;
  channel_location_id: string | null;
  channel_quantity_units: number | null;
}

/** The one query the sandboxes need from a warehouse (DuckWarehouse satisfies it). */
export interface ListingSource {
  all(sql: string): Promise<Record<string, unknown>[]>;
}

const CHANNELS: readonly Channel[] = ['amazon', 'ebay', 'shopify', 'aliexpress'];

/** Reads every listing of the four channels from a warehouse, in a stable order. */
export async function listingsFromWarehouse(warehouse: ListingSource): Promise<SandboxListing[]> {
  const rows = await warehouse.all(
    `select listing_id, channel, marketplace, sku, fulfilment, channel_listing_id, channel_offer_id,
            channel_inventory_item_id, channel_location_id, channel_quantity_units
       from listing
      where channel in ('amazon', 'ebay', 'shopify', 'aliexpress')
      order by listing_id`,
  );
  return rows.map(toSandboxListing);
}

export function toSandboxListing(row: Record<string, unknown>): SandboxListing {
  const channel = String(row.channel);
  if (!CHANNELS.includes(channel as Channel)) throw new RangeError(`unknown channel "${channel}" for listing ${String(row.listing_id)}`);
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return {
    listing_id: String(row.listing_id),
    channel: channel as Channel,
    marketplace: String(row.marketplace),
    sku: String(row.sku),
    fulfilment: row.fulfilment === 'fba' ? 'fba' : 'merchant',
    channel_listing_id: text(row.channel_listing_id),
    channel_offer_id: text(row.channel_offer_id),
    channel_inventory_item_id: text(row.channel_inventory_item_id),
    channel_location_id: text(row.channel_location_id),
    channel_quantity_units: row.channel_quantity_units === null || row.channel_quantity_units === undefined ? null : Number(row.channel_quantity_units),
  };
}

/** A push setting each listing to quantity(i), expecting what the listing was seeded with. */
export function pushesFor(listings: SandboxListing[], quantity: (i: number) => number, changeIdPrefix = 'chg'): StockPush[] {
  return listings.map((l, i) => stockPush(`${changeIdPrefix}-${i}`, l, quantity(i), l.channel_quantity_units));
}

/** Listings for `rows` SKUs on one channel (one SKU per AliExpress product: the worst packing). */
export function syntheticListings(channel: Channel, rows: number): SandboxListing[] {
  return Array.from({ length: rows }, (_, i) => ({
    listing_id: `${channel}:${channel === 'amazon' ? 'US' : 'main'}:BENCH-${i}:merchant`,
    channel,
    marketplace: channel === 'amazon' ? 'US' : channel === 'ebay' ? 'EBAY_US' : 'main',
    sku: `BENCH-${i}`,
    fulfilment: 'merchant',
    channel_listing_id: channel === 'aliexpress' ? String(1005000000000000 + i) : channel === 'amazon' ? `B0BENCH${i}` : null,
    channel_offer_id: channel === 'ebay' ? String(700000000 + i) : null,
    channel_inventory_item_id: channel === 'shopify' ? `gid://shopify/InventoryItem/${900000 + i}` : null,
    channel_location_id: channel === 'shopify' ? 'gid://shopify/Location/1' : null,
    channel_quantity_units: 10,
  }));
}
