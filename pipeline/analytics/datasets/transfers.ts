import { columns } from '../columns';
import { COMMON_PARAMS, standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'transfers',
  title: 'Suggested stock transfers',
  description:
    'One row per suggested move of a SKU between pools: from a pool with more than excess_days of supply (never FBA) ' +
    'to a pool below target_days, first within a market (e.g. 3PL-US → FBA-NA), then from the own warehouse that feeds ' +
    'other countries; never between markets. Quantity in whole case packs, with the route and the reason.',
  key: ['sku', 'from_pool_id', 'to_pool_id'],
  params: [
    ...standardParams('sku_prefix', 'category'),
    COMMON_PARAMS.target_days,
    COMMON_PARAMS.excess_days,
  ],
  columns: columns({
    sku: 'string',
    title: 'string',
    from_pool_id: 'string',
    from_pool_kind: 'string',
    to_pool_id: 'string',
    to_pool_kind: 'string',
    transfer_units: 'integer',
    route: 'string',
    from_available_units: 'integer',
    from_avg_daily_units: 'number',
    from_supply_basis: 'string',
    from_days_of_supply: 'number',
    to_available_units: 'integer',
    to_inbound_units: 'integer',
    to_avg_daily_units: 'number',
    to_days_of_supply: 'number',
    to_days_of_supply_after: 'number',
    reason: 'string',
  }),
};
