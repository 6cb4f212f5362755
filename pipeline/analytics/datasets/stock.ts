// The stock sheet: what the write-back edits. Its SQL reads the live canonical tables (not the
// models), so an applied push shows on the next refresh without a pipeline run. Its default
// answer is also kept as a mart, used only while no write has happened since it was built
// (models.ts martIsCurrent): at 10M order lines the live query and its encoding take ~160 ms.
// The write-back plans against the same rows (pipeline/writeback/listingState.ts) and
// docs/writeback.md explains every column.
import { columns } from '../columns';
import { COMMON_PARAMS } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'stock',
  title: 'Stock per listing',
  description:
    'One row per listing (SKU × channel × marketplace × fulfilment): the quantity the channel shows, ' +
    'the pool stock that feeds it, the allocation rules’ suggested quantity, and whether it can be set (not FBA).',
  key: ['listing'],
  order: ['channel', 'marketplace', 'sku', 'listing'],
  params: [COMMON_PARAMS.channel, COMMON_PARAMS.marketplace, COMMON_PARAMS.sku_prefix],
  usesMarts: false,
  materializeDefault: true,
  columns: columns({
    listing: 'string',
    sku: 'string',
    title: 'string',
    channel: 'string',
    marketplace: 'string',
    fulfilment: 'string',
    channel_listing_id: 'string',
    channel_offer_id: 'string',
    channel_inventory_item_id: 'string',
    channel_location_id: 'string',
    location_id: 'string',
    pool_id: 'string',
    available_units: 'integer',
    available_as_of_date: 'date',
    channel_quantity: 'integer',
    channel_quantity_seen_at: 'timestamp',
    version: 'string',
    editable: 'boolean',
    reserve_units: 'integer',
    available_pct: 'number',
    max_units: 'integer',
    floor_units: 'integer',
    suggested_quantity: 'integer',
  }),
};
