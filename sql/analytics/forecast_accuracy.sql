-- forecast_accuracy: one row per sku × pool with a forecast (key: sku, pool_id): how well the
-- chosen model did in the rolling-origin backtest on the seller's own history (MASE, WAPE, bias)
-- beside seasonal naive on the same origins, a flag to filter on, and the value at risk: the
-- stock value one typical forecast miss over an order cycle (backtest_horizon_days) is worth.
-- Replenishment orders for a whole cycle, so the flag judges the cycle total, not single days
-- (daily WAPE of a slow mover is high by nature even when its monthly total is right).
-- Identities: mase_vs_snaive_rate = mase / snaive_mase;
--             cycle_error_rate = error_sd_units / forecast_units_backtest_horizon;
--             value_at_risk_base = error_sd_units * unit_cost_base.
with

params as (
    select
        cast($max_cycle_error as {{ float_type() }}) as max_cycle_error,
        cast($max_abs_bias as {{ float_type() }}) as max_abs_bias,
        cast($flag as string) as flag_filter,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

accuracy as (
    select * from {{ ref('forecast_accuracy') }}
),

forecast_days as (
    select * from {{ ref('forecast_daily') }}
),

sku_costs as (
    select * from {{ ref('int_sku_costs') }}
),

-- the forecast over one order cycle: the horizon each backtest origin was scored on
cycle_forecast as (
    select
        forecast_days.sku,
        forecast_days.pool_id,
        sum(forecast_days.forecast_units) as forecast_units_backtest_horizon
    from forecast_days
    inner join accuracy
        on accuracy.sku = forecast_days.sku
        and accuracy.pool_id = forecast_days.pool_id
    where forecast_days.horizon_day <= accuracy.backtest_horizon_days
    group by forecast_days.sku, forecast_days.pool_id
),

scored as (
    select
        accuracy.sku,
        accuracy.pool_id,
        sku_costs.title,
        sku_costs.category,
        accuracy.model,
        accuracy.origin_date,
        accuracy.history_days,
        accuracy.censored_days,
        accuracy.origins_scored,
        accuracy.backtest_horizon_days,
        accuracy.mase,
        accuracy.wape,
        accuracy.bias,
        accuracy.snaive_mase,
        accuracy.snaive_wape,
        accuracy.snaive_bias,
        accuracy.mase / nullif(accuracy.snaive_mase, 0) as mase_vs_snaive_rate,
        accuracy.error_sd_units,
        accuracy.forecast_units_horizon,
        cycle_forecast.forecast_units_backtest_horizon,
        sku_costs.unit_cost_base,
        accuracy.error_sd_units / nullif(cycle_forecast.forecast_units_backtest_horizon, 0) as cycle_error_rate,
        accuracy.error_sd_units * sku_costs.unit_cost_base as value_at_risk_base,
        -- the first that applies: not backtested, the cycle total misses too much, leans one way, fine
        case
            when accuracy.origins_scored = 0 or accuracy.wape is null then 'UNSCORED'
            when accuracy.error_sd_units > params.max_cycle_error * coalesce(cycle_forecast.forecast_units_backtest_horizon, 0) then 'POOR'
            when abs(accuracy.bias) > params.max_abs_bias then 'BIASED'
            else 'OK'
        end as accuracy_flag,
        params.flag_filter,
        params.pool_filter,
        params.sku_prefix_filter,
        params.category_filter
    from accuracy
    cross join params
    left join cycle_forecast
        on cycle_forecast.sku = accuracy.sku
        and cycle_forecast.pool_id = accuracy.pool_id
    left join sku_costs
        on sku_costs.sku = accuracy.sku
        and sku_costs.date_day = accuracy.origin_date
),

final as (
    select
        scored.sku,
        scored.pool_id,
        scored.title,
        scored.category,
        scored.model,
        scored.accuracy_flag,
        scored.mase,
        scored.wape,
        scored.bias,
        scored.snaive_mase,
        scored.snaive_wape,
        scored.snaive_bias,
        scored.mase_vs_snaive_rate,
        scored.mase < scored.snaive_mase as is_better_than_snaive,
        scored.origins_scored,
        scored.backtest_horizon_days,
        scored.history_days,
        scored.censored_days,
        scored.error_sd_units,
        scored.cycle_error_rate,
        scored.forecast_units_backtest_horizon,
        scored.forecast_units_horizon,
        scored.unit_cost_base,
        scored.value_at_risk_base,
        scored.origin_date
    from scored
    where (scored.flag_filter is null or scored.accuracy_flag = scored.flag_filter)
        and (scored.pool_filter is null or scored.pool_id = scored.pool_filter)
        and (scored.sku_prefix_filter is null or starts_with(scored.sku, scored.sku_prefix_filter))
        and (scored.category_filter is null or scored.category = scored.category_filter)
)

select * from final
