import { columns } from '../columns';
import { COMMON_PARAMS, standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'slow_movers',
  title: 'Slow movers and dead stock',
  description:
    'One row per SKU × pool with dead, excess or slow stock (every SKU × pool with stock when show=all), largest value ' +
    'tied up first: the rule that fired, excess units and their value, ABC-XYZ class, days since the last sale, and a ' +
    'suggested action with its reason — move_stock exactly where the transfers dataset moves stock, with its units.',
  key: ['sku', 'pool_id'],
  order: ['value_base desc', 'sku', 'pool_id'],
  params: [
    ...standardParams('pool', 'sku_prefix', 'category'),
    { name: 'dead_days', type: 'integer', description: 'No sale for this many days with stock on hand = dead (N)', default: '90', min: 7, max: 730 },
    COMMON_PARAMS.excess_days,
    COMMON_PARAMS.target_days,
    { name: 'show', type: 'string', description: 'problems: dead, excess and slow stock only; all: every SKU × pool with stock', default: 'problems', allowed: ['problems', 'all'] },
  ],
  columns: columns({
    sku: 'string',
    pool_id: 'string',
    title: 'string',
    category: 'string',
    on_hand_units: 'integer',
    inbound_units: 'integer',
    value_base: 'number',
    excess_units: 'integer',
    excess_value_base: 'number',
    last_sale_date: 'date',
    days_since_last_sale: 'integer',
    units_shipped_window: 'integer',
    revenue_window_base: 'number',
    avg_daily_units: 'number',
    supply_basis: 'string',
    days_of_supply_total: 'number',
    weeks_of_cover: 'number',
    abc_class: 'string',
    xyz_class: 'string',
    demand_cv_weekly: 'number',
    status: 'string',
    rule_id: 'string',
    suggested_action: 'string',
    move_units: 'integer',
    move_to_pool_ids: 'string',
    action_reason: 'string',
    best_pool_id: 'string',
    best_channel: 'string',
    best_marketplace: 'string',
    reason_code: 'string',
  }),
};
