// The engine contract shared with the warehouse integration (docs/forecasting.md). Keep it exact.
export type Period = 'day' | 'week' | 'month';
export interface SeriesInput {
  id: string;                 // opaque key, e.g. "SKU-1|FBA-NA"
  values: Float64Array;       // one value per period, oldest first; NaN = missing (stock-out, censored), 0 = no sales
  period: Period;
  seasonLength?: number;      // default: 7 for day, 52 for week, 12 for month
  group?: string;             // pooled fallback group (category or pool); sparse/new series borrow its shape
  events?: (string | null)[]; // optional, length = values.length + horizon: peak-event key per period (null = none)
}
export interface ForecastOptions {
  horizon: number;            // periods to forecast after the last value
  quantiles?: number[];       // default [0.1, 0.5, 0.9]
  origins?: number;           // rolling-origin backtest origins, default 4
  backtestHorizon?: number;   // default = horizon
  workers?: number;           // worker threads; 1 = in-process
}
export interface BacktestScore { mase: number | null; wape: number | null; bias: number | null; } // bias = sum(f-a)/sum(a)
export interface SeriesForecast {
  id: string;
  model: string;              // chosen model name, e.g. 'ses','holt_damped','holt_winters','theta','croston','sba','tsb','snaive','combo','pooled'
  forecast: Float64Array;     // length horizon, >= 0
  quantiles: { q: number; values: Float64Array }[]; // per requested quantile, monotone in q, >= 0
  chosen: BacktestScore;      // backtest of the chosen model
  snaive: BacktestScore;      // backtest of seasonal naive on the same origins
  origins: number;            // origins actually scored (0 when too short: pooled/fallback)
  errorSd: number | null;     // sd of backtest errors summed over backtestHorizon (for safety stock), null if unscored
}
