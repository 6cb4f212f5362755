// Shopify "Export inventory" CSV, current layout (channels.md §1.6): one row per variant ×
// location with state columns Incoming, Unavailable, Committed, Available, On hand. The export
// carries no date: the snapshot date is --snapshot-date or the file's date. Available may be
// negative in Shopify (oversold), so only the other states must be ≥ 0.
import { FieldDef, ReportSpec } from '../../../ingest/types';
import { lit } from '../../../ingest/sqlText';
import { shopifyLocationSql } from './locations';

const state = (name: string, source: string, nonNegative = true): FieldDef => ({ name, source, type: 'integer', nonNegative, emptyAs: '0' });

export const inventoryExport: ReportSpec = {
  kind: 'shopify/inventory',
  channel: 'shopify',
  label: 'Shopify inventory export',
  delimiter: ',',
  quoted: true,
  required: ['handle', 'sku', 'location', 'available'],
  optional: ['title', 'incoming', 'unavailable', 'committed', 'on hand'],
  target: 'inventory_snapshot',
  fields: () => [
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'location_name', source: 'location', type: 'text', required: true },
    { name: 'available', source: 'available', type: 'integer', required: true },
    state('incoming', 'incoming'),
    state('unavailable', 'unavailable'),
    state('committed', 'committed'),
    { name: 'on_hand', source: 'on hand', type: 'integer', nonNegative: true },
  ],
  output: (ctx) => ({
    snapshot_date: `cast(${lit(ctx.snapshotDate)} as date)`,
    sku: 'sku',
    location_id: shopifyLocationSql('location_name', ctx),
    // On hand = available + committed + unavailable when an older export lacks the column.
    on_hand_units: 'coalesce(on_hand, greatest(available, 0) + committed + unavailable)',
    available_units: 'available',
    reserved_units: 'committed',
    inbound_units: 'incoming',
    unfulfillable_units: 'unavailable',
  }),
};
