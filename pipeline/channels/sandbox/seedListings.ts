// Sandbox listings from the channel list: the listing table's rows of every channel with a
// sandbox, and synthetic listings for benchmarks, with the ids each channel's sandbox expects.
// Apart from listings.ts so that the channels, which import the listing type, never import the
// list that imports them.
import { SANDBOX_CHANNELS } from '..';
import type { ChannelId } from '../contract/writer';
import type { ListingSource, SandboxListing } from './listings';

/** The channels with a sandbox. */
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

/** Listings for `rows` SKUs on one channel, with the ids its sandbox and writer expect (benchmarks). */
export function syntheticListings(channel: ChannelId, rows: number): SandboxListing[] {
  const sandbox = SANDBOX_CHANNELS.find((c) => c.id === channel)?.sandbox;
  if (!sandbox) throw new RangeError(`channel "${channel}" has no sandbox`);
  return Array.from({ length: rows }, (_, i) => {
    const ids = sandbox.syntheticIds(i);
    return { listing_id: `${channel}:${ids.marketplace}:BENCH-${i}:merchant`, channel, sku: `BENCH-${i}`, fulfilment: 'merchant', channel_quantity_units: 10, ...ids };
  });
}
