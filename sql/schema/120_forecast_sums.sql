-- What replenishment reads of a forecast, kept with it (issue 14, goal 2): summing 2.4M forecast
-- days per request for the lead-time and cover sums was most of its live query at 10M lines.
-- cumulative_units: the forecast summed over horizon days 1 … horizon_day, so a sum over the
-- first n days is one row. forecast_days: the days the forecast covers; tail_daily_units: the
-- mean of its last 28 days, carried on past the last day. Null on rows written before this
-- migration: the next build (every release rebuilds the forecasts) fills them.
alter table forecast_daily add column if not exists cumulative_units double;
alter table forecast_accuracy add column if not exists forecast_days integer;
alter table forecast_accuracy add column if not exists tail_daily_units double;
