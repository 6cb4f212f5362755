// crossdock-locations template (docs/templates.md): where stock sits.
import { ReportSpec } from '../../contract/reports';

/** Canonical tables whose rows name the location they sit at or draw on. */
const LOCATED_TABLES = ['inventory_snapshot', 'order_line', 'return_line', 'listing'] as const;

/**
 * Channel files may name a location before the locations template defines it (a Shopify export
 * says "Shenzhen Warehouse"; the template later says that is OWN-CN): such rows were stored
 * under the name. Once the location is known, they move to its id, so the order files are loaded
 * in does not change the result. The name → id rule is the one channel files use at load time
 * (pipeline/channels/shopify/files/locations.ts): case-insensitive, ids before names. A stock row
 * that already exists under the id (same day and SKU, from another file) is kept, and the copy
 * under the name dropped.
 */
export function resolveLocationNamesSql(): string[] {
  const unresolved = (table: string) => `${table}.location_id not in (select location_id from location)`;
  return [
    `create or replace temp table cd_location_map as
     select key, location_id from (
       select lower(location_id) as key, location_id, 0 as rank from location
       union all
       select lower(location_name) as key, location_id, 1 as rank from location where location_name is not null
     )
     qualify row_number() over (partition by key order by rank, location_id) = 1`,
    `delete from inventory_snapshot using cd_location_map m
     where ${unresolved('inventory_snapshot')} and lower(inventory_snapshot.location_id) = m.key
       and exists (select 1 from inventory_snapshot t
                   where t.snapshot_date = inventory_snapshot.snapshot_date and t.sku = inventory_snapshot.sku and t.location_id = m.location_id)`,
    ...LOCATED_TABLES.map(
      (table) => `update ${table} set location_id = m.location_id from cd_location_map m
                  where ${unresolved(table)} and lower(${table}.location_id) = m.key`,
    ),
    'drop table cd_location_map',
  ];
}

export const LOCATION_KINDS = ['fba', '3pl', 'own'] as const;

export const locationsTemplate: ReportSpec = {
  kind: 'crossdock/locations',
  channel: 'crossdock',
  label: 'Crossdock locations template',
  delimiter: ',',
  quoted: true,
  required: ['location_id', 'name', 'kind'],
  optional: ['country', 'pool_id', 'settable'],
  target: 'location',
  fields: () => [
    { name: 'location_id', source: 'location_id', type: 'text', required: true },
    { name: 'location_name', source: 'name', type: 'text' },
    { name: 'kind', source: 'kind', type: 'text', required: true, allowed: LOCATION_KINDS },
    { name: 'country', source: 'country', type: 'text' },
    { name: 'pool_id', source: 'pool_id', type: 'text' },
    { name: 'settable', source: 'settable', type: 'boolean' },
  ],
  output: () => ({
    location_id: 'location_id',
    location_name: 'coalesce(location_name, location_id)',
    location_kind: 'lower(kind)',
    country_code: 'upper(country)',
    pool_id: 'coalesce(pool_id, location_id)',
    // FBA quantities are Amazon's: never settable, whatever the file says.
    is_settable: `case when lower(kind) = 'fba' then false else coalesce(settable, true) end`,
  }),
  afterLoad: () => resolveLocationNamesSql(),
};
