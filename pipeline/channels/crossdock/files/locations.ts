// crossdock-locations template (docs/templates.md): where stock sits.
import { ReportSpec } from '../../../ingest/types';

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
};
