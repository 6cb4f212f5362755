// How good each SKU × pool's forecast was in the backtest, beside seasonal naive
// (sql/analytics/forecast_accuracy.sql, docs/analytics.md "forecast_accuracy").
import { columns } from '../columns';
import { COMMON_PARAMS } from '../params';
import type { DatasetDefinition } from '../types';

export const ACCURACY_FLAGS = ['OK', 'BIASED', 'POOR', 'UNSCORED'] as const;

export const dataset: DatasetDefinition = {
  name: 'forecast_accuracy',
  title: 'Forecast accuracy',
  description:
    'One row per SKU × pool with a forecast: rolling-origin backtest MASE, WAPE and bias of the chosen model and of ' +
    'seasonal naive on the same origins, the typical miss of the order-cycle total, an accuracy flag (OK, BIASED, POOR, ' +
    'UNSCORED) and the stock value that miss puts at risk — where to trust the forecast and where to look.',
  key: ['sku', 'pool_id'],
  order: ['value_at_risk_base desc', 'sku', 'pool_id'],
  params: [
    { name: 'max_cycle_error', type: 'number', description: 'Typical miss of the order-cycle total (error σ ÷ forecast) above which a forecast is flagged POOR', default: '0.5', min: 0, max: 100 },
    { name: 'max_abs_bias', type: 'number', description: 'Absolute bias above which a forecast is flagged BIASED', default: '0.5', min: 0, max: 100 },
    { name: 'flag', type: 'string', description: 'Only rows with this accuracy flag', allowed: [...ACCURACY_FLAGS] },
    COMMON_PARAMS.pool,
    COMMON_PARAMS.sku_prefix,
    COMMON_PARAMS.category,
  ],
  columns: columns({
    sku: 'string',
    pool_id: 'string',
    title: 'string',
    category: 'string',
    model: 'string',
    accuracy_flag: 'string',
    mase: 'number',
    wape: 'number',
    bias: 'number',
    snaive_mase: 'number',
    snaive_wape: 'number',
    snaive_bias: 'number',
    mase_vs_snaive_rate: 'number',
    is_better_than_snaive: 'boolean',
    origins_scored: 'integer',
    backtest_horizon_days: 'integer',
    history_days: 'integer',
    censored_days: 'integer',
    error_sd_units: 'number',
    cycle_error_rate: 'number',
    forecast_units_backtest_horizon: 'number',
    forecast_units_horizon: 'number',
    unit_cost_base: 'number',
    value_at_risk_base: 'number',
    origin_date: 'date',
  }),
};
