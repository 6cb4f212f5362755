// crossdock-inventory template (docs/templates.md): end-of-day stock per SKU × location × day,
// the documented way to bring in any 3PL or own warehouse.
import { FieldDef, ReportSpec } from '../../contract/reports';

const units = (name: string, required = false): FieldDef => ({
  name,
  source: name,
  type: 'integer',
  nonNegative: true,
  ...(required ? { required: true } : { emptyAs: '0' }),
});

export const inventoryTemplate: ReportSpec = {
  kind: 'crossdock/inventory',
  channel: 'crossdock',
  label: 'Crossdock inventory template',
  delimiter: ',',
  quoted: true,
  required: ['snapshot_date', 'location_id', 'sku', 'on_hand', 'available'],
  optional: ['reserved', 'inbound', 'unfulfillable'],
  target: 'inventory_snapshot',
  fields: () => [
    { name: 'snapshot_date', source: 'snapshot_date', type: 'date', required: true },
    { name: 'location_id', source: 'location_id', type: 'text', required: true },
    { name: 'sku', source: 'sku', type: 'text', required: true },
    units('on_hand', true),
    units('available', true),
    units('reserved'),
    units('inbound'),
    units('unfulfillable'),
  ],
  output: () => ({
    snapshot_date: 'snapshot_date',
    sku: 'sku',
    location_id: 'location_id',
    on_hand_units: 'on_hand',
    available_units: 'available',
    reserved_units: 'reserved',
    inbound_units: 'inbound',
    unfulfillable_units: 'unfulfillable',
  }),
};
