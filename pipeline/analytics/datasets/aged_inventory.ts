import { columns } from '../columns';
import { COMMON_PARAMS, standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'aged_inventory',
  title: 'Aged inventory (FIFO)',
  description:
    "One row per SKU × pool with stock on as_of: FIFO age of the units on hand in Amazon's buckets (0–90 … 365+ days), " +
    'value per bucket, average/oldest age, and the Amazon fee-band flags (low-inventory fee, excess, aged surcharge); ' +
    'excess units and their value judged as slow_movers and transfers judge them.',
  key: ['sku', 'pool_id'],
  params: [...standardParams('pool', 'sku_prefix', 'category'), COMMON_PARAMS.excess_days],
  columns: columns({
    sku: 'string',
    pool_id: 'string',
    is_fba_pool: 'boolean',
    title: 'string',
    category: 'string',
    snapshot_date: 'date',
    on_hand_units: 'integer',
    sellable_units: 'integer',
    units_age_0_90: 'integer',
    units_age_91_180: 'integer',
    units_age_181_270: 'integer',
    units_age_271_365: 'integer',
    units_age_365_plus: 'integer',
    unit_cost_base: 'number',
    value_age_0_90_base: 'number',
    value_age_91_180_base: 'number',
    value_age_181_270_base: 'number',
    value_age_271_365_base: 'number',
    value_age_365_plus_base: 'number',
    value_total_base: 'number',
    avg_age_days: 'number',
    oldest_age_days: 'integer',
    newest_age_days: 'integer',
    age_is_lower_bound: 'boolean',
    hdos_30_days: 'number',
    hdos_90_days: 'number',
    avg_daily_units: 'number',
    supply_basis: 'string',
    days_of_supply_total: 'number',
    is_low_inventory_fee_risk: 'boolean',
    is_excess: 'boolean',
    excess_units: 'integer',
    excess_value_base: 'number',
    units_age_181_plus: 'integer',
    has_aged_surcharge_risk: 'boolean',
    reason_code: 'string',
  }),
};
