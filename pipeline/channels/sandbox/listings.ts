// What a sandbox is seeded with: rows of the canonical `listing` table (sql/schema/001_core.sql).
// The same rows give the write-back core its StockPush ids, so sandbox and warehouse agree on
// every channel id by construction.
import { SANDBOX_CHANNELS } from '..';
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

/** The channels with a sandbox (read when called: this module is loaded while the list is being built). */
const sandboxChannelIds = (): ChannelId[] => SANDBOX_CHANNELS.map((c) => c.id);

/** Reads every listing of the channels with a sandbox from a warehouse, in a stable order. */
export async function listingsFromWarehouse(warehouse: ListingSource): Promise<SandboxListing[]> {
  const rows = await warehouse.all(
    `select listing_id, channel, marketplace, sku, fulfilment, channel_listing_id, channel_offer_id,
            channel_inventory_item_id, channel_location_id, channel_quantity_units
       from listing
      where channel in (${sandboxChannelIds().map((id) => `'${id.replace(/'/g, "''")}'`).join(', ')})
      order by listing_id`,
  );
  return rows.map(toSandboxListing);
}

export function toSandboxListing(row: Record<string, unknown>): SandboxListing {
  const channel = String(row.channel);
  if (!sandboxChannelIds().includes(channel)) throw new RangeError(`unknown channel "${channel}" for listing ${String(row.listing_id)}`);
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return {
    listing_id: String(row.listing_id),
    channel: channel as ChannelId,
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

/** Listings for `rows` SKUs on one channel, with the ids its sandbox and writer expect (benchmarks). */
export function syntheticListings(channel: ChannelId, rows: number): SandboxListing[] {
  const sandbox = SANDBOX_CHANNELS.find((c) => c.id === channel)?.sandbox;
  if (!sandbox) throw new RangeError(`channel "${channel}" has no sandbox`);
  return Array.from({ length: rows }, (_, i) => {
    const ids = sandbox.syntheticIds(i);
    return { listing_id: `${channel}:${ids.marketplace}:BENCH-${i}:merchant`, channel, sku: `BENCH-${i}`, fulfilment: 'merchant', channel_quantity_units: 10, ...ids };
  });
}
