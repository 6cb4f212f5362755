import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'inventory',
  title: 'Inventory position',
  description:
    'One row per SKU × location: the latest end-of-day stock on or before as_of, its value at cost, ' +
    'and days of supply at stock-out-censored demand over the window.',
  key: ['sku', 'location_id'],
  params: standardParams('location', 'pool', 'sku_prefix', 'category'),
  columns: columns({
    sku: 'string',
    title: 'string',
    category: 'string',
    location_id: 'string',
    location_name: 'string',
    location_kind: 'string',
    pool_id: 'string',
    snapshot_date: 'date',
    is_stale: 'boolean',
    on_hand_units: 'integer',
    available_units: 'integer',
    reserved_units: 'integer',
    inbound_units: 'integer',
    unfulfillable_units: 'integer',
    unit_cost_base: 'number',
    value_at_cost_base: 'number',
    units_shipped_window: 'integer',
    in_stock_days: 'integer',
    avg_daily_units: 'number',
    days_of_supply: 'number',
    days_of_supply_total: 'number',
    days_of_supply_sort: 'number',
    reason_code: 'string',
    value_reason_code: 'string',
  }),
};
