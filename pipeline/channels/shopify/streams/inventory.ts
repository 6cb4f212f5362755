// Shopify inventory levels per location: for every Shopify location mapped in the config
// (`locations`), page its inventory levels and write today's inventory_snapshot rows. A snapshot
// stream: the watermark is when it was taken, and a rerun the same day replaces that day's rows.
import type { ShopifyConfig } from '../config';
import { ConfigError } from '../../../errors';
import { snapshotDateOf, type InventoryRow, type Mapped, type RejectedRecord } from '../../../model/rows';
import type { StreamDefinition } from '../../contract/streams';
import { gidNumber, type ShopifyReadApi } from './api';

export const LEVELS_PAGE = 90;
export const QUANTITY_NAMES = ['available', 'on_hand', 'committed', 'incoming', 'reserved', 'damaged', 'quality_control', 'safety_stock'] as const;

export const INVENTORY_QUERY = `query CrossdockInventory($location: ID!, $first: Int!, $after: String) {
  location(id: $location) {
    inventoryLevels(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { item { sku } quantities(names: ${JSON.stringify(QUANTITY_NAMES)}) { name quantity } }
    }
  }
}`;

/** location (1) + inventoryLevels: 2 + first × (pageInfo + node + item + 8 quantity objects). */
export function inventoryQueryCost(first: number): number {
  return 1 + 2 + first * 11;
}

export interface ShopifyLevel {
  item: { sku: string | null };
  quantities: { name: string; quantity: number }[];
}

interface LevelsPage {
  location: { inventoryLevels: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ShopifyLevel[] } } | null;
}

/** A location key from the config ("1" or "gid://shopify/Location/1") as a GID. */
export function locationGid(key: string): string {
  return key.startsWith('gid://') ? key : `gid://shopify/Location/${key}`;
}

/** One inventory level → one snapshot row (pure). */
export function shopifyLevelToRow(level: ShopifyLevel, locationId: string, snapshotDate: string, shopifyLocation: string): Mapped<InventoryRow> {
  const sku = level.item.sku?.trim();
  const rejects: RejectedRecord[] = [];
  if (!sku) {
    rejects.push({ record: `location ${gidNumber(shopifyLocation)} item without sku`, field: 'sku', reason: 'missing SKU', raw_value: null });
    return { rows: [], rejects };
  }
  const q = Object.fromEntries(level.quantities.map((x) => [x.name, x.quantity])) as Partial<Record<(typeof QUANTITY_NAMES)[number], number>>;
  const available = q.available ?? 0;
  const committed = q.committed ?? 0;
  const reserved = q.reserved ?? 0;
  const unfulfillable = (q.damaged ?? 0) + (q.quality_control ?? 0);
  return {
    rows: [
      {
        snapshot_date: snapshotDate,
        sku,
        location_id: locationId,
        // on_hand = available + committed + unavailable (channels.md §1.1); Shopify sends it.
        on_hand_units: q.on_hand ?? available + committed + reserved + unfulfillable + (q.safety_stock ?? 0),
        available_units: available,
        reserved_units: committed + reserved,
        inbound_units: q.incoming ?? 0,
        unfulfillable_units: unfulfillable,
      },
    ],
    rejects,
  };
}

export const inventory: StreamDefinition<ShopifyConfig, ShopifyReadApi> = {
  name: 'inventory',
  cursorField: 'snapshot time',
  mode: 'snapshot',
  tables: ['inventory_snapshot'],
  defaultLookbackHours: 0,
  rules: { lookbackMs: 0 },
  async pull(ctx, _window, sink) {
    const mapped = Object.entries(ctx.channel.locations);
    if (mapped.length === 0) {
      throw new ConfigError(`shopify/${ctx.channel.account}: map at least one Shopify location to a Crossdock location (channels[].locations) to pull inventory`);
    }
    const snapshotDate = snapshotDateOf(ctx);
    for (const [shopifyLocation, locationId] of mapped) {
      let after: string | null = null;
      do {
        const page: LevelsPage = await ctx.api.query<LevelsPage>('inventoryLevels', INVENTORY_QUERY, { location: locationGid(shopifyLocation), first: LEVELS_PAGE, after }, inventoryQueryCost(LEVELS_PAGE));
        if (!page.location) throw new ConfigError(`shopify/${ctx.channel.account}: location ${shopifyLocation} does not exist in the shop (channels[].locations)`);
        const levels = page.location.inventoryLevels;
        sink.read(levels.nodes.length);
        for (const level of levels.nodes) {
          const { rows, rejects } = shopifyLevelToRow(level, locationId, snapshotDate, shopifyLocation);
          sink.rows('inventory_snapshot', rows);
          sink.rejects(rejects);
        }
        after = levels.pageInfo.hasNextPage ? levels.pageInfo.endCursor : null;
      } while (after);
    }
  },
};
