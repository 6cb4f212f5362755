// The demand forecast per SKU × pool, after the history it was learned from (sql/analytics/forecast.sql,
// docs/analytics.md "forecast"). Built by the refresh's forecast step (forecastBuild.ts), not per request.
import { columns } from '../columns';
import { COMMON_PARAMS } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'forecast',
  title: 'Demand forecast',
  description:
    'One row per SKU × pool × day (or ISO week with grain=week): forecast units with the 10 %–90 % band and the model ' +
    'the backtest chose for the 120 days after the last complete day, preceded by history_days of actual units shipped.',
  key: ['sku', 'pool_id', 'row_kind', 'period_start_date'],
  order: ['sku', 'pool_id', 'period_start_date', 'row_kind'],
  params: [
    { name: 'grain', type: 'string', description: 'Rows per day or per ISO week (Monday)', default: 'day', allowed: ['day', 'week'] },
    { name: 'history_days', type: 'integer', description: 'Days of actual history before the forecast', default: '90', min: 0, max: 730 },
    { name: 'sku', type: 'string', description: 'Only this SKU (exact)', pattern: COMMON_PARAMS.sku_prefix.pattern },
    COMMON_PARAMS.pool,
    COMMON_PARAMS.sku_prefix,
    COMMON_PARAMS.category,
  ],
  columns: columns({
    sku: 'string',
    pool_id: 'string',
    title: 'string',
    category: 'string',
    row_kind: 'string',
    period_start_date: 'date',
    days_in_period: 'integer',
    actual_units: 'number',
    in_stock_days: 'integer',
    forecast_units: 'number',
    lower_units: 'number',
    median_units: 'number',
    upper_units: 'number',
    model: 'string',
    origin_date: 'date',
  }),
};
