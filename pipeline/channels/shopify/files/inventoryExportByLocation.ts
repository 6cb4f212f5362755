// Shopify "Export inventory" CSV, older layout (channels.md §1.6): one row per variant and one
// quantity column per location, named after the location (…,SKU,HS Code,COO,<Location 1>,…).
// Each cell is the variant's Available quantity there (Shopify's "Only Available quantities"
// export), negative when oversold. The location columns are unpivoted to one record per
// variant × location; an empty cell, like one reading "not stocked", means the variant is not
// stocked there and is no record. Lines of one SKU are summed per location, as in the current
// layout (inventoryExport.ts).
import { FILE_COLUMN, ReportSpec } from '../../contract/reports';
import { ident, lit } from '../../contract/reportSql';
import { isNotStockedSql, SUMMED_STOCK_COLUMNS } from './inventoryExport';
import { shopifyLocationSql } from './locations';

const FIXED = ['handle', 'title', 'option1 name', 'option1 value', 'option2 name', 'option2 value', 'option3 name', 'option3 value', 'sku', 'hs code', 'coo'];

/** The location columns: everything after the fixed product columns. */
export function locationColumns(header: string[]): number[] {
  return header.map((name, i) => (FIXED.includes(name) ? -1 : i)).filter((i) => i >= 0);
}

export const inventoryExportByLocation: ReportSpec = {
  kind: 'shopify/inventory_by_location',
  channel: 'shopify',
  label: 'Shopify inventory export (one column per location)',
  delimiter: ',',
  quoted: true,
  required: ['handle', 'title', 'option1 name', 'sku'],
  forbidden: ['location', 'available', 'on hand', 'variant sku', 'lineitem sku'],
  target: 'inventory_snapshot',
  staged: true,
  reshape: (header, source, original) => {
    const locations = locationColumns(header);
    if (!locations.length) return [`create or replace temp table cd_reshaped as select line_number, ${FILE_COLUMN}, "sku", cast(null as varchar) as location, cast(null as varchar) as quantity from ${source} limit 0`];
    // Unpivot by hand so each location keeps its name as written (header names are lower-cased).
    const parts = locations.map(
      (i) => `select line_number, ${FILE_COLUMN}, "sku", ${lit(original[i].trim())} as location, ${ident(header[i])} as quantity from ${source}`,
    );
    return [
      `create or replace temp table cd_reshaped as
       select * from (${parts.join(' union all ')})
       where nullif(trim(quantity), '') is not null and not ${isNotStockedSql('quantity')}`,
    ];
  },
  fields: () => [
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'location_name', source: 'location', type: 'text' },
    { name: 'quantity', source: 'quantity', type: 'integer', required: true },
  ],
  sumOnSameKey: SUMMED_STOCK_COLUMNS,
  output: (ctx) => ({
    snapshot_date: `cast(${lit(ctx.snapshotDate)} as date)`,
    sku: 'sku',
    location_id: shopifyLocationSql('location_name', ctx),
    // The file holds Available only. Committed and unavailable are not in it and read as 0, so
    // on hand = available + committed + unavailable (as in the current layout) is the cell too.
    on_hand_units: 'quantity',
    available_units: 'quantity',
    reserved_units: '0',
    inbound_units: '0',
    unfulfillable_units: '0',
  }),
};
