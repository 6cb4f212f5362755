import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'transfers',
  title: 'Suggested stock transfers',
  description:
    'One row per suggested move of a SKU between pools: from a pool with more than excess_days of supply (never FBA) ' +
    'to a pool below target_days (e.g. 3PL → FBA), with the quantity in whole case packs and the reason.',
  key: ['sku', 'from_pool_id', 'to_pool_id'],
  params: [
    ...standardParams('sku_prefix', 'category'),
    { name: 'target_days', type: 'integer', description: 'Days of supply a pool should hold (Amazon suggests 30–60)', default: '45', min: 1, max: 365 },
    { name: 'excess_days', type: 'integer', description: 'Days of supply above which a pool has stock to spare', default: '90', min: 1, max: 3650 },
  ],
  columns: columns({
    sku: 'string',
    title: 'string',
    from_pool_id: 'string',
    from_pool_kind: 'string',
    to_pool_id: 'string',
    to_pool_kind: 'string',
    transfer_units: 'number',
    from_available_units: 'integer',
    from_avg_daily_units: 'number',
    from_days_of_supply: 'number',
    to_available_units: 'integer',
    to_inbound_units: 'integer',
    to_avg_daily_units: 'number',
    to_days_of_supply: 'number',
    to_days_of_supply_after: 'number',
    reason: 'string',
  }),
};
