import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'turnover',
  title: 'Inventory turnover',
  description:
    'One row per SKU (or per SKU × pool, pool, category, channel, or all, by group_by): units shipped, COGS, ' +
    'daily average inventory over non-gap days, unit and COGS turnover, days of inventory, sell-through, GMROI, ' +
    'and channel fees with the margin after them.',
  key: ['group_by', 'sku', 'pool_id', 'category', 'channel'],
  params: [
    ...standardParams('pool', 'sku_prefix', 'category'),
    {
      name: 'group_by',
      type: 'string',
      description: 'Rows per sku, sku_pool, pool, category, channel or all',
      default: 'sku',
      allowed: ['sku', 'sku_pool', 'pool', 'category', 'channel', 'all'],
    },
  ],
  columns: columns({
    group_by: 'string',
    sku: 'string',
    pool_id: 'string',
    category: 'string',
    channel: 'string',
    count_skus: 'integer',
    period_days: 'integer',
    non_gap_days: 'integer',
    units_shipped: 'integer',
    revenue_base: 'number',
    cogs_base: 'number',
    avg_inventory_units: 'number',
    avg_inventory_cost_base: 'number',
    unit_turnover: 'number',
    unit_turnover_annualised: 'number',
    cogs_turnover: 'number',
    cogs_turnover_annualised: 'number',
    days_of_inventory: 'number',
    days_of_inventory_sort: 'number',
    sell_through_rate: 'number',
    gmroi: 'number',
    gmroi_annualised: 'number',
    fees_base: 'number',
    fees_per_unit_base: 'number',
    margin_after_fees_base: 'number',
    reason_code: 'string',
  }),
};
