// Reads what the plan needs from the warehouse: each listing as the stock sheet shows it (the
// `stock` dataset's own SQL, so the plan checks against exactly what the manager saw, plus the
// listing's status, which the oversell rule reads), the other listings of the same SKU on the same
// channel (those a channel may keep as one quantity with it), and the allocation rules.
import { renderDatasetSql } from '../analytics/registry';
import type { SqlConnection } from '../warehouse/types';
import type { AllocationRule } from './allocation';
import type { ListingState } from './plan';

/** The stock dataset's filters, unset: the plan looks listings up by id. */
export const NO_STOCK_FILTERS = { channel: null, marketplace: null, sku_prefix: null };

const STATE_COLUMNS = [
  'listing', 'channel', 'marketplace', 'sku', 'fulfilment', 'editable', 'channel_listing_id', 'channel_offer_id',
  'channel_inventory_item_id', 'channel_location_id', 'channel_quantity', 'available_units', 'version', 'pool_id',
].map((column) => `stock.${column}`);

export interface LoadListingOptions {
  /** Also load every listing of the same channel and SKU as a requested one (default false). */
  siblings?: boolean;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const count = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * The current state of the given listings, keyed by listing id (unknown ids are absent). Rows are
 * read positionally: an apply of 10,000 rows should not spend its time building row objects.
 */
export async function loadListingStates(conn: SqlConnection, listingIds: string[], options: LoadListingOptions = {}): Promise<Map<string, ListingState>> {
  const ids = [...new Set(listingIds.filter((id) => typeof id === 'string' && id !== ''))];
  const states = new Map<string, ListingState>();
  if (ids.length === 0) return states;
  const wanted = options.siblings
    ? `(stock.channel, stock.sku) in (select asked.channel, asked.sku from listing as asked
         where asked.listing_id in (select unnest($listing_ids::json::varchar[])))`
    : 'stock.listing in (select unnest($listing_ids::json::varchar[]))';
  const rows = await conn.values(
    `select ${STATE_COLUMNS.join(', ')}, listing.listing_status
     from (${renderDatasetSql('stock', 'duckdb')}) as stock
     left join listing on listing.listing_id = stock.listing
     where ${wanted}`,
    { ...NO_STOCK_FILTERS, listing_ids: JSON.stringify(ids) },
  );
  for (const row of rows) {
    const [listing, channel, marketplace, sku, fulfilment, editable, listingId, offerId, itemId, locationId, quantity, available, version, poolId, status] = row;
    states.set(String(listing), {
      listing_id: String(listing),
      channel: String(channel),
      marketplace: String(marketplace),
      sku: String(sku),
      fulfilment: fulfilment === 'fba' ? 'fba' : 'merchant',
      is_settable: editable === true,
      channel_listing_id: text(listingId),
      channel_offer_id: text(offerId),
      channel_inventory_item_id: text(itemId),
      channel_location_id: text(locationId),
      channel_quantity_units: count(quantity),
      listing_status: text(status),
      pool_id: text(poolId),
      available_units: count(available),
      version: String(version),
    });
  }
  return states;
}

export async function loadAllocationRules(conn: SqlConnection): Promise<AllocationRule[]> {
  return conn.all<AllocationRule & Record<string, unknown>>(
    `select rule_id, rule_scope, channel, listing_id, reserve_units, available_pct, max_units, floor_units
     from allocation_rule order by rule_id`,
  );
}

/** The current versions of listings (after an apply updated their channel quantity). */
export async function loadVersions(conn: SqlConnection, listingIds: string[]): Promise<Map<string, string>> {
  if (listingIds.length === 0) return new Map();
  const rows = await conn.all<{ listing_id: string; version: string }>(
    'select listing_id, version from listing_version where listing_id in (select unnest($1::json::varchar[]))',
    [JSON.stringify([...new Set(listingIds)])],
  );
  return new Map(rows.map((row) => [row.listing_id, row.version]));
}
