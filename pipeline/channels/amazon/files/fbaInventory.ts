// Amazon FBA "Manage Inventory" report, unsuppressed (GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA):
// one row per SKU with Amazon's stock at the marketplace's FBA location. The report carries no
// date, so the snapshot date is --snapshot-date or the file's date. Rows of merchant-only
// listings (afn-listing-exists = No) hold no FBA stock and are not inventory records.
import { ReportSpec } from '../../contract/reports';
import { lit } from '../../contract/reportSql';
import { ensureFbaLocationsSql } from './marketplaces';

/** An FBA quantity column: empty reads as 0 (Amazon leaves zero cells blank), never negative. */
const qty = (name: string, source: string) => ({ name, source, type: 'integer' as const, nonNegative: true, emptyAs: '0' });

export const fbaInventory: ReportSpec = {
  kind: 'amazon/fba_inventory',
  channel: 'amazon',
  label: 'Amazon FBA Manage Inventory (MYI unsuppressed) report',
  delimiter: '\t',
  quoted: false,
  trimCells: false,
  required: ['sku', 'fnsku', 'asin', 'afn-listing-exists', 'afn-warehouse-quantity', 'afn-fulfillable-quantity', 'afn-unsellable-quantity', 'afn-reserved-quantity'],
  optional: ['afn-inbound-working-quantity', 'afn-inbound-shipped-quantity', 'afn-inbound-receiving-quantity'],
  target: 'inventory_snapshot',
  isRecord: () => `coalesce(lower(trim("afn-listing-exists")), 'yes') <> 'no'`,
  fields: () => [
    { name: 'sku', source: 'sku', type: 'text', required: true },
    qty('warehouse', 'afn-warehouse-quantity'),
    qty('fulfillable', 'afn-fulfillable-quantity'),
    qty('unsellable', 'afn-unsellable-quantity'),
    qty('reserved', 'afn-reserved-quantity'),
    qty('inbound_working', 'afn-inbound-working-quantity'),
    qty('inbound_shipped', 'afn-inbound-shipped-quantity'),
    qty('inbound_receiving', 'afn-inbound-receiving-quantity'),
  ],
  output: (ctx) => ({
    snapshot_date: `cast(${lit(ctx.snapshotDate)} as date)`,
    sku: 'sku',
    location_id: lit(ctx.fbaLocationId),
    // afn-warehouse-quantity = fulfillable + unsellable + reserved (what is physically there).
    on_hand_units: 'greatest(warehouse, fulfillable + unsellable + reserved)',
    available_units: 'fulfillable',
    reserved_units: 'reserved',
    inbound_units: 'inbound_working + inbound_shipped + inbound_receiving',
    unfulfillable_units: 'unsellable',
  }),
  afterLoad: (ctx) => [ensureFbaLocationsSql(lit(ctx.fbaLocationId), lit(ctx.marketplace), [])],
};
