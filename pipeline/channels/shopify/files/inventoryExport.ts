// Shopify "Export inventory" CSV, current layouts (channels.md §1.6): one row per variant ×
// location with state columns. Two spellings are in use: Incoming, Unavailable, Committed,
// Available, On hand (2023); and, the default export since 2024, Bin name, Incoming (not
// editable), Unavailable (not editable), Committed (not editable), Available (not editable),
// On hand (current), On hand (new) — "On hand (new)" is the column a seller fills to import a
// change (empty on export), so the stock is "On hand (current)". The export carries no date: the
// snapshot date is --snapshot-date or the file's date. Available and On hand go negative in
// Shopify when a location is oversold: loaded as they are (the oversell analytics need them); only
// the other states must be ≥ 0.
//
// Both inventory layouts share two rules: a cell saying "not stocked" (any case, trimmed) means
// the variant has no stock record there (not a reject), and the lines of one SKU at one location
// (two variants sharing a SKU, a repeated row) are summed into one stock row.
import { FieldDef, ReportSpec } from '../../contract/reports';
import { ident, lit, presentColumn } from '../../contract/reportSql';
import { shopifyLocationSql } from './locations';

/** A state column as this file spells it: "Available (not editable)" since 2024, "Available" before. */
const stateColumn = (header: string[], state: string) => presentColumn(header, `${state} (not editable)`, state);

/** "On hand (current)" since 2024, "On hand" before. */
const onHandColumn = (header: string[]) => presentColumn(header, 'on hand (current)', 'on hand');

const state = (name: string, source: string): FieldDef => ({ name, source, type: 'integer', nonNegative: true, emptyAs: '0' });

/** SQL: whether a cell says "not stocked": no stock record there. */
export function isNotStockedSql(cell: string): string {
  return `coalesce(lower(trim(${cell})) = 'not stocked', false)`;
}

/** The quantities of a stock row, summed over the lines of one SKU at one location. */
export const SUMMED_STOCK_COLUMNS = ['on_hand_units', 'available_units', 'reserved_units', 'inbound_units', 'unfulfillable_units'];

const STATES = ['incoming', 'unavailable', 'committed', 'available'];

export const inventoryExport: ReportSpec = {
  kind: 'shopify/inventory',
  channel: 'shopify',
  label: 'Shopify inventory export',
  delimiter: ',',
  quoted: true,
  required: ['handle', 'sku', 'location'],
  oneOf: [['available', 'available (not editable)']],
  optional: ['title', 'bin name', 'on hand', 'on hand (current)', ...STATES.flatMap((s) => [s, `${s} (not editable)`])],
  target: 'inventory_snapshot',
  isRecord: (header) => {
    const cells = [...STATES.map((s) => stateColumn(header, s)), onHandColumn(header)].filter((c) => header.includes(c));
    return `not (${cells.map((c) => isNotStockedSql(ident(c))).join(' or ') || 'false'})`;
  },
  fields: (_ctx, header) => [
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'location_name', source: 'location', type: 'text', required: true },
    { name: 'available', source: stateColumn(header, 'available'), type: 'integer', required: true },
    state('incoming', stateColumn(header, 'incoming')),
    state('unavailable', stateColumn(header, 'unavailable')),
    state('committed', stateColumn(header, 'committed')),
    { name: 'on_hand', source: onHandColumn(header), type: 'integer' },
  ],
  sumOnSameKey: SUMMED_STOCK_COLUMNS,
  output: (ctx) => ({
    snapshot_date: `cast(${lit(ctx.snapshotDate)} as date)`,
    sku: 'sku',
    location_id: shopifyLocationSql('location_name', ctx),
    // Shopify: on hand = available + committed + unavailable, for an older export without the
    // column. Oversold, available is negative by the units committed beyond stock (-3 available,
    // 3 committed: 0 on hand), so it is added as it is, not clamped at 0.
    on_hand_units: 'coalesce(on_hand, available + committed + unavailable)',
    available_units: 'available',
    reserved_units: 'committed',
    inbound_units: 'incoming',
    unfulfillable_units: 'unavailable',
  }),
};
