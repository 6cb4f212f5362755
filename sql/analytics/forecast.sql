-- forecast: one row per sku × pool × period (key: sku, pool_id, row_kind, period_start_date):
-- the demand forecast after its origin (the default as_of of the last build, forecast_daily) and,
-- before it, `history_days` of actual units shipped, so one table draws history and forecast.
-- grain = day, or week (ISO weeks from Monday; the origin's week splits into a history row and a
-- forecast row, `days_in_period` says how many days each holds). Weekly lower/upper bands are the
-- sums of the daily quantiles: exact when daily errors move together, wider than the true band
-- otherwise (a cautious band).
-- Identities: forecast rows: lower_units <= median_units <= upper_units;
--             history rows: forecast columns null, actual_units = sum of units shipped.
with

params as (
    select
        cast($grain as string) as grain,
        cast($history_days as bigint) as history_days,
        cast($sku as string) as sku_filter,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

forecast_days as (
    select * from {{ ref('forecast_daily') }}
),

accuracy as (
    select * from {{ ref('forecast_accuracy') }}
),

positions as (
    select * from {{ ref('int_daily_position') }}
),

skus as (
    select * from {{ ref('stg_core__skus') }}
),

-- the series in scope: those with a forecast, after the filters
series as (
    select
        accuracy.sku,
        accuracy.pool_id,
        skus.title,
        skus.category,
        accuracy.model,
        accuracy.origin_date,
        {{ add_days(accuracy.origin_date, 1 - params.history_days) }} as history_start_date,
        params.grain
    from accuracy
    cross join params
    left join skus
        on skus.sku = accuracy.sku
    where (params.sku_filter is null or accuracy.sku = params.sku_filter)
        and (params.pool_filter is null or accuracy.pool_id = params.pool_filter)
        and (params.sku_prefix_filter is null or starts_with(accuracy.sku, params.sku_prefix_filter))
        and (params.category_filter is null or skus.category = params.category_filter)
),

history_days as (
    select
        series.sku,
        series.pool_id,
        positions.date_day,
        positions.units_shipped,
        positions.is_in_stock
    from series
    inner join positions
        on positions.sku = series.sku
        and positions.pool_id = series.pool_id
        and positions.date_day >= series.history_start_date
        and positions.date_day <= series.origin_date
),

daily as (
    select
        history_days.sku,
        history_days.pool_id,
        'history' as row_kind,
        history_days.date_day,
        cast(history_days.units_shipped as {{ float_type() }}) as actual_units,
        case when history_days.is_in_stock then 1 else 0 end as in_stock_days,
        cast(null as {{ float_type() }}) as forecast_units,
        cast(null as {{ float_type() }}) as lower_units,
        cast(null as {{ float_type() }}) as median_units,
        cast(null as {{ float_type() }}) as upper_units
    from history_days
    union all
    select
        forecast_days.sku,
        forecast_days.pool_id,
        'forecast' as row_kind,
        forecast_days.forecast_date as date_day,
        cast(null as {{ float_type() }}) as actual_units,
        cast(null as bigint) as in_stock_days,
        forecast_days.forecast_units,
        forecast_days.lower_units,
        forecast_days.median_units,
        forecast_days.upper_units
    from forecast_days
    inner join series
        on series.sku = forecast_days.sku
        and series.pool_id = forecast_days.pool_id
),

periods as (
    select
        daily.sku,
        daily.pool_id,
        daily.row_kind,
        cast(case
            when series.grain = 'week' then {{ trunc_iso_week(daily.date_day) }}
            else daily.date_day
        end as date) as period_start_date,
        count(*) as days_in_period,
        sum(daily.actual_units) as actual_units,
        sum(daily.in_stock_days) as in_stock_days,
        sum(daily.forecast_units) as forecast_units,
        sum(daily.lower_units) as lower_units,
        sum(daily.median_units) as median_units,
        sum(daily.upper_units) as upper_units
    from daily
    inner join series
        on series.sku = daily.sku
        and series.pool_id = daily.pool_id
    group by
        daily.sku,
        daily.pool_id,
        daily.row_kind,
        cast(case
            when series.grain = 'week' then {{ trunc_iso_week(daily.date_day) }}
            else daily.date_day
        end as date)
),

final as (
    select
        periods.sku,
        periods.pool_id,
        series.title,
        series.category,
        periods.row_kind,
        periods.period_start_date,
        cast(periods.days_in_period as bigint) as days_in_period,
        periods.actual_units,
        cast(periods.in_stock_days as bigint) as in_stock_days,
        periods.forecast_units,
        periods.lower_units,
        periods.median_units,
        periods.upper_units,
        series.model,
        series.origin_date
    from periods
    inner join series
        on series.sku = periods.sku
        and series.pool_id = periods.pool_id
)

select * from final
