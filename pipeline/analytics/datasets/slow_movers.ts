import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'slow_movers',
  title: 'Slow movers and dead stock',
  description:
    'One row per SKU × pool with stock: dead / excess / slow status with the rule that fired, ABC-XYZ class, days since ' +
    'the last sale, value tied up, and a suggested action (move stock, clearance discount, stop reordering) with its reason.',
  key: ['sku', 'pool_id'],
  order: ['value_base desc', 'sku', 'pool_id'],
  params: [
    ...standardParams('pool', 'sku_prefix', 'category'),
    { name: 'dead_days', type: 'integer', description: 'No sale for this many days with stock on hand = dead (N)', default: '90', min: 7, max: 730 },
    { name: 'excess_days', type: 'integer', description: 'Days of supply above this = excess (X)', default: '90', min: 7, max: 3650 },
  ],
  columns: columns({
    sku: 'string',
    pool_id: 'string',
    title: 'string',
    category: 'string',
    on_hand_units: 'integer',
    inbound_units: 'integer',
    value_base: 'number',
    last_sale_date: 'date',
    days_since_last_sale: 'integer',
    units_shipped_window: 'integer',
    revenue_window_base: 'number',
    avg_daily_units: 'number',
    days_of_supply_total: 'number',
    days_of_supply_sort: 'number',
    weeks_of_cover: 'number',
    abc_class: 'string',
    xyz_class: 'string',
    demand_cv_weekly: 'number',
    status: 'string',
    rule_id: 'string',
    suggested_action: 'string',
    action_reason: 'string',
    best_pool_id: 'string',
    best_channel: 'string',
    best_marketplace: 'string',
    reason_code: 'string',
  }),
};
