-- replenishment: one row per sku × pool (key: sku, pool_id). What to order and why (B.9–B.11):
-- d̄ and σ_d of daily shipped units over in-stock days of the window (zero days included through
-- the spine, stock-out days excluded), lead time and its σ from the SKU master, z for the service
-- level, SS = z·√(L·σ_d² + d̄²·σ_L²), ROP = ⌈d̄·L + SS⌉, inventory position, order-up-to quantity
-- with seasonal uplift for peaks in the horizon, rounded to MOQ and case pack, and EOQ.
-- demand_method = forecast (default) takes lead-time demand from the demand forecast
-- (forecast_daily, built for the default as_of) summed over the lead time, the order-up-to from
-- it summed over lead time + review period, and safety stock from the forecast's backtest error
-- instead of σ_d; a series without a scored forecast for this as_of falls back to the trailing
-- mean (demand_method_used / demand_method_reason say so, row by row).
-- Identities: reorder_point_units = ceil(lead_time_demand_units + safety_stock_units);
--             inventory_position_units = on_hand_units + inbound_units - reserved_units.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($service_level as string) as service_level,
        cast($review_days as bigint) as review_days,
        cast($order_cost_base as {{ float_type() }}) as order_cost_base,
        cast($holding_rate as {{ float_type() }}) as holding_rate,
        cast($demand_method as string) as demand_method,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

positions as (
    select * from {{ ref('int_daily_position') }}
),

-- the every-market calendar: a marketplace's own dates are for the forecast, which knows the pool's market
peaks as (
    select * from {{ ref('peak_event') }}
    where marketplace is null
),

forecast_days as (
    select * from {{ ref('forecast_daily') }}
),

forecast_accuracy as (
    select * from {{ ref('forecast_accuracy') }}
),

-- z = Φ⁻¹(CSL), anchors B.9 table
period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        params.window_days,
        cast(params.service_level as {{ float_type() }}) as service_level,
        case params.service_level
            when '0.5' then 0.0
            when '0.8' then 0.8416
            when '0.85' then 1.0364
            when '0.9' then 1.2816
            when '0.95' then 1.6449
            when '0.975' then 1.96
            when '0.98' then 2.0537
            when '0.99' then 2.3263
            when '0.995' then 2.5758
            when '0.999' then 3.0902
        end as service_z,
        params.review_days,
        params.order_cost_base,
        params.holding_rate,
        params.demand_method,
        params.pool_filter,
        params.sku_prefix_filter,
        params.category_filter
    from params
),

-- standard cost in the base currency at the as_of rate (int_sku_costs)
sku_costs as (
    select * from {{ ref('int_sku_costs') }}
    where date_day = cast($as_of as date)
),

daily as (
    select
        positions.sku,
        positions.pool_id,
        positions.date_day,
        positions.first_active_date,
        positions.data_gap,
        positions.is_in_stock,
        positions.units_shipped,
        positions.on_hand_units,
        positions.reserved_units,
        positions.inbound_units
    from positions
    cross join period
    where positions.date_day between period.start_date and period.as_of_date
        and (period.pool_filter is null or positions.pool_id = period.pool_filter)
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
),

demand_stats as (
    select
        daily.sku,
        daily.pool_id,
        min(daily.first_active_date) as first_active_date,
        countif(not daily.data_gap) as known_days,
        max(case when not daily.data_gap then daily.date_day end) as last_known_date,
        countif(daily.is_in_stock) as in_stock_days,
        sum(daily.units_shipped) as units_shipped,
        avg(case when daily.is_in_stock then daily.units_shipped end) as avg_daily_units,
        {{ stddev(case when daily.is_in_stock then daily.units_shipped end) }} as sd_daily_units,
        -- the position on the last known day of the window, in the same pass (known days have no
        -- null quantities; gap days get a key before any day: see pool_cover)
        max_by(daily.on_hand_units, case when not daily.data_gap then daily.date_day else cast('0001-01-01' as date) end) as on_hand_units,
        max_by(daily.reserved_units, case when not daily.data_gap then daily.date_day else cast('0001-01-01' as date) end) as reserved_units,
        max_by(daily.inbound_units, case when not daily.data_gap then daily.date_day else cast('0001-01-01' as date) end) as inbound_units
    from daily
    group by daily.sku, daily.pool_id
),

inputs as (
    select
        demand_stats.sku,
        demand_stats.pool_id,
        sku_costs.title,
        sku_costs.category,
        period.as_of_date,
        period.start_date,
        period.window_days,
        demand_stats.first_active_date,
        demand_stats.known_days,
        demand_stats.in_stock_days,
        demand_stats.units_shipped,
        demand_stats.avg_daily_units,
        -- one in-stock day gives no spread; treat it as none and flag the sku as new
        coalesce(demand_stats.sd_daily_units, 0) as sd_daily_units,
        sku_costs.lead_time_days,
        -- σLT unknown: lead time taken as certain (B.9)
        coalesce(sku_costs.lead_time_sd_days, 0) as lead_time_sd_days,
        sku_costs.moq_units,
        sku_costs.case_pack_units,
        sku_costs.unit_cost_base,
        period.service_level,
        period.service_z,
        period.review_days,
        period.order_cost_base,
        period.holding_rate,
        period.demand_method,
        demand_stats.on_hand_units,
        demand_stats.reserved_units,
        demand_stats.inbound_units,
        coalesce(demand_stats.on_hand_units, 0)
            + coalesce(demand_stats.inbound_units, 0)
            - coalesce(demand_stats.reserved_units, 0) as inventory_position_units,
        {{ add_days(period.as_of_date, 1) }} as horizon_start_date,
        {{ add_days(period.as_of_date, ceil(coalesce(sku_costs.lead_time_days, 0)) + period.review_days) }} as horizon_end_date
    from demand_stats
    cross join period
    left join sku_costs
        on sku_costs.sku = demand_stats.sku
    where period.category_filter is null or sku_costs.category = period.category_filter
),

-- the forecast of each series, when one was built for this as_of and the method asks for it
forecast_series as (
    select
        inputs.sku,
        inputs.pool_id,
        forecast_accuracy.model as forecast_model,
        forecast_accuracy.error_sd_units,
        forecast_accuracy.backtest_horizon_days,
        forecast_accuracy.forecast_days,
        forecast_accuracy.forecast_units_horizon,
        forecast_accuracy.tail_daily_units,
        cast(ceil(inputs.lead_time_days) as integer) as lead_days,
        cast(ceil(inputs.lead_time_days) as integer) + inputs.review_days as cover_days
    from inputs
    inner join forecast_accuracy
        on forecast_accuracy.sku = inputs.sku
        and forecast_accuracy.pool_id = inputs.pool_id
        and forecast_accuracy.origin_date = inputs.as_of_date
    where inputs.demand_method = 'forecast'
        and forecast_accuracy.forecast_days > 0
),

-- forecast units over the lead time and over lead time + review period: the running sum on
-- those days (forecast_daily.cumulative_units, one row each instead of summing every day), the
-- whole forecast once they reach past its last day, beyond which the mean of its last 28 days
-- (tail_daily_units) carries on
forecast_sums as (
    select
        forecast_series.sku,
        forecast_series.pool_id,
        coalesce(max(case when forecast_days.horizon_day = forecast_series.lead_days then forecast_days.cumulative_units end), 0)
            as lead_units,
        coalesce(max(case when forecast_days.horizon_day = forecast_series.cover_days then forecast_days.cumulative_units end), 0)
            as cover_units
    from forecast_series
    inner join forecast_days
        on forecast_days.sku = forecast_series.sku
        and forecast_days.pool_id = forecast_series.pool_id
        and (forecast_days.horizon_day = forecast_series.lead_days or forecast_days.horizon_day = forecast_series.cover_days)
    group by forecast_series.sku, forecast_series.pool_id
),

forecast_demand as (
    select
        forecast_series.sku,
        forecast_series.pool_id,
        forecast_series.forecast_model,
        forecast_series.backtest_horizon_days,
        forecast_series.error_sd_units,
        case when forecast_series.lead_days > forecast_series.forecast_days
            then forecast_series.forecast_units_horizon
                + (forecast_series.lead_days - forecast_series.forecast_days) * forecast_series.tail_daily_units
            else coalesce(forecast_sums.lead_units, 0) end as lead_units,
        case when forecast_series.cover_days > forecast_series.forecast_days
            then forecast_series.forecast_units_horizon
                + (forecast_series.cover_days - forecast_series.forecast_days) * forecast_series.tail_daily_units
            else coalesce(forecast_sums.cover_units, 0) end as cover_units,
        forecast_series.lead_days,
        forecast_series.cover_days,
        -- the backtest error sd is of sums over backtest_horizon_days: scaled to the lead time
        forecast_series.error_sd_units
            * sqrt(forecast_series.lead_days / forecast_series.backtest_horizon_days) as lead_error_sd_units
    from forecast_series
    left join forecast_sums
        on forecast_sums.sku = forecast_series.sku
        and forecast_sums.pool_id = forecast_series.pool_id
),

methods as (
    select
        inputs.*,
        case
            when inputs.demand_method = 'trailing_mean' then 'REQUESTED'
            when inputs.lead_time_days is null then 'NO_LEAD_TIME'
            when forecast_demand.sku is null then 'NO_FORECAST'
            when forecast_demand.error_sd_units is null then 'UNSCORED_FORECAST'
            else 'FORECAST'
        end as demand_method_reason,
        forecast_demand.forecast_model,
        forecast_demand.lead_units as forecast_lead_units,
        forecast_demand.cover_units as forecast_cover_units,
        forecast_demand.lead_days as forecast_lead_days,
        forecast_demand.cover_days as forecast_cover_days,
        forecast_demand.lead_error_sd_units
    from inputs
    left join forecast_demand
        on forecast_demand.sku = inputs.sku
        and forecast_demand.pool_id = inputs.pool_id
),

-- peaks that fall in the order's horizon (as_of + 1 … as_of + L + R) …
upcoming_peaks as (
    select
        inputs.sku,
        inputs.pool_id,
        inputs.window_days,
        peaks.event_name,
        peaks.start_date,
        {{ days_between(
            case when peaks.start_date > inputs.horizon_start_date then peaks.start_date else inputs.horizon_start_date end,
            case when peaks.end_date < inputs.horizon_end_date then peaks.end_date else inputs.horizon_end_date end
        ) }} + 1 as days_in_horizon
    from methods as inputs
    inner join peaks
        on peaks.start_date <= inputs.horizon_end_date
        and peaks.end_date >= inputs.horizon_start_date
    -- only where the trailing mean plans: the forecast carries the peaks itself, and skipping
    -- the forecast rows spares a scan of every in-stock day of last year's events
    where inputs.avg_daily_units > 0
        and inputs.demand_method_reason <> 'FORECAST'
),

-- … and the same event's previous occurrence
previous_peaks as (
    select
        upcoming_peaks.sku,
        upcoming_peaks.pool_id,
        upcoming_peaks.window_days,
        upcoming_peaks.event_name,
        upcoming_peaks.days_in_horizon,
        peaks.start_date as previous_start_date,
        peaks.end_date as previous_end_date
    from upcoming_peaks
    inner join peaks
        on peaks.event_name = upcoming_peaks.event_name
        and peaks.start_date < upcoming_peaks.start_date
    where true
    qualify row_number() over (
        partition by upcoming_peaks.sku, upcoming_peaks.pool_id, upcoming_peaks.event_name, upcoming_peaks.start_date
        order by peaks.start_date desc
    ) = 1
),

-- the days those previous occurrences (and the windows before them) span: read only these
peak_history_bounds as (
    select
        min({{ add_days(previous_peaks.previous_start_date, -previous_peaks.window_days) }}) as first_date,
        max(previous_peaks.previous_end_date) as last_date
    from previous_peaks
),

-- every previous occurrence is a calendar date range shared by all series: its days fall into a
-- few segments between the ranges' boundaries. Summing each series' in-stock days per segment
-- reads every day once (joining the days to each range read most days twice, and was most of the
-- query); a range's rate is then the sum over its segments
peak_windows as (
    select distinct
        previous_peaks.previous_start_date,
        previous_peaks.previous_end_date,
        previous_peaks.window_days
    from previous_peaks
),

peak_breaks as (
    select {{ add_days(peak_windows.previous_start_date, -peak_windows.window_days) }} as break_date
    from peak_windows
    union distinct
    select peak_windows.previous_start_date as break_date
    from peak_windows
    union distinct
    select {{ add_days(peak_windows.previous_end_date, 1) }} as break_date
    from peak_windows
),

peak_segments as (
    select
        peak_breaks.break_date as segment_start_date,
        lead(peak_breaks.break_date) over (order by peak_breaks.break_date) as next_break_date
    from peak_breaks
),

-- in-stock units and days of each series per segment (both rates are over in-stock days only)
segment_history as (
    select
        positions.sku,
        positions.pool_id,
        peak_segments.segment_start_date,
        peak_segments.next_break_date,
        sum(positions.units_shipped) as units_shipped,
        count(*) as in_stock_days
    from positions
    inner join peak_segments
        on positions.date_day >= peak_segments.segment_start_date
        and positions.date_day < peak_segments.next_break_date
    where positions.is_in_stock
        and positions.date_day >= (select peak_history_bounds.first_date from peak_history_bounds)
        and positions.date_day <= (select peak_history_bounds.last_date from peak_history_bounds)
    group by positions.sku, positions.pool_id, peak_segments.segment_start_date, peak_segments.next_break_date
),

-- last year's in-stock daily rate during the event ÷ in the window before it
peak_ratios as (
    select
        previous_peaks.sku,
        previous_peaks.pool_id,
        previous_peaks.event_name,
        previous_peaks.days_in_horizon,
        (
            sum(case when segment_history.segment_start_date >= previous_peaks.previous_start_date
                then segment_history.units_shipped end)
            / nullif(sum(case when segment_history.segment_start_date >= previous_peaks.previous_start_date
                then segment_history.in_stock_days end), 0)
        ) / nullif(
            sum(case when segment_history.segment_start_date < previous_peaks.previous_start_date
                then segment_history.units_shipped end)
            / nullif(sum(case when segment_history.segment_start_date < previous_peaks.previous_start_date
                then segment_history.in_stock_days end), 0),
            0
        ) as uplift_ratio
    from previous_peaks
    inner join segment_history
        on segment_history.sku = previous_peaks.sku
        and segment_history.pool_id = previous_peaks.pool_id
        and segment_history.segment_start_date >= {{ add_days(previous_peaks.previous_start_date, -previous_peaks.window_days) }}
        and segment_history.next_break_date <= {{ add_days(previous_peaks.previous_end_date, 1) }}
    group by
        previous_peaks.sku,
        previous_peaks.pool_id,
        previous_peaks.event_name,
        previous_peaks.days_in_horizon
),

seasonality as (
    select
        peak_ratios.sku,
        peak_ratios.pool_id,
        sum(
            case when peak_ratios.uplift_ratio > 1
                then (peak_ratios.uplift_ratio - 1) * peak_ratios.days_in_horizon
                else 0
            end
        ) as uplift_days,
        string_agg(
            peak_ratios.event_name || ' x' || cast(round(peak_ratios.uplift_ratio, 2) as string),
            '; ' order by peak_ratios.event_name
        ) as peak_events
    from peak_ratios
    where peak_ratios.uplift_ratio is not null
    group by peak_ratios.sku, peak_ratios.pool_id
),

safety as (
    select
        methods.*,
        case when methods.demand_method_reason = 'FORECAST' then 'forecast' else 'trailing_mean' end as demand_method_used,
        -- the forecast carries the peaks itself (multipliers learned from the seller's history)
        case
            when methods.demand_method_reason = 'FORECAST' then 0
            else coalesce(seasonality.uplift_days, 0) * methods.avg_daily_units
        end as seasonal_uplift_units,
        seasonality.peak_events,
        case
            when methods.demand_method_reason = 'FORECAST' then methods.service_z * sqrt(
                methods.lead_error_sd_units * methods.lead_error_sd_units
                + (methods.forecast_lead_units / nullif(methods.forecast_lead_days, 0))
                    * (methods.forecast_lead_units / nullif(methods.forecast_lead_days, 0))
                    * methods.lead_time_sd_days * methods.lead_time_sd_days
            )
            else methods.service_z * sqrt(
                methods.lead_time_days * methods.sd_daily_units * methods.sd_daily_units
                + methods.avg_daily_units * methods.avg_daily_units
                    * methods.lead_time_sd_days * methods.lead_time_sd_days
            )
        end as safety_stock_units,
        case
            when methods.demand_method_reason = 'FORECAST' then methods.forecast_lead_units
            else methods.avg_daily_units * methods.lead_time_days
        end as lead_time_demand_units,
        case
            when methods.demand_method_reason = 'FORECAST' then methods.forecast_cover_units
            else methods.avg_daily_units * (methods.lead_time_days + methods.review_days)
        end as cover_demand_units,
        -- the daily rate the method plans with (EOQ, order-by date)
        case
            when methods.demand_method_reason = 'FORECAST' then methods.forecast_cover_units / nullif(methods.forecast_cover_days, 0)
            else methods.avg_daily_units
        end as plan_daily_units
    from methods
    left join seasonality
        on seasonality.sku = methods.sku
        and seasonality.pool_id = methods.pool_id
),

ordering as (
    select
        safety.*,
        ceil(safety.lead_time_demand_units + safety.safety_stock_units) as reorder_point_units,
        safety.inventory_position_units <= ceil(safety.lead_time_demand_units + safety.safety_stock_units)
            as needs_reorder,
        safety.cover_demand_units
            + safety.safety_stock_units
            + safety.seasonal_uplift_units as order_up_to_units
    from safety
),

rounded as (
    select
        ordering.*,
        case
            when not ordering.needs_reorder then 0
            when ordering.order_up_to_units - ordering.inventory_position_units <= 0 then 0
            else ordering.order_up_to_units - ordering.inventory_position_units
        end as raw_order_units
    from ordering
),

final as (
    select
        rounded.sku,
        rounded.pool_id,
        rounded.title,
        rounded.category,
        rounded.start_date as window_start_date,
        rounded.known_days,
        rounded.in_stock_days,
        rounded.known_days - rounded.in_stock_days as stockout_days,
        rounded.units_shipped as units_shipped_window,
        rounded.avg_daily_units,
        rounded.sd_daily_units,
        rounded.demand_method_used,
        rounded.demand_method_reason,
        rounded.forecast_model,
        rounded.plan_daily_units,
        rounded.lead_error_sd_units as forecast_error_sd_units,
        rounded.lead_time_days,
        rounded.lead_time_sd_days,
        rounded.service_level,
        rounded.service_z,
        rounded.safety_stock_units,
        rounded.lead_time_demand_units,
        rounded.cover_demand_units,
        rounded.reorder_point_units,
        rounded.on_hand_units,
        rounded.inbound_units,
        rounded.reserved_units,
        rounded.inventory_position_units,
        rounded.needs_reorder,
        rounded.review_days,
        rounded.seasonal_uplift_units,
        rounded.peak_events,
        rounded.order_up_to_units,
        rounded.raw_order_units,
        rounded.moq_units,
        rounded.case_pack_units,
        -- round up to the MOQ, then up to whole case packs (B.10: after computing Q)
        case
            when rounded.raw_order_units is null then null
            when rounded.raw_order_units <= 0 then 0
            else ceil(
                (case when ceil(rounded.raw_order_units) < rounded.moq_units
                    then rounded.moq_units else ceil(rounded.raw_order_units) end)
                / rounded.case_pack_units
            ) * rounded.case_pack_units
        end as suggested_order_units,
        -- EOQ = √(2·D·S / (i·C)), D = annual demand (B.11)
        case
            when rounded.plan_daily_units = 0 then 0
            else sqrt(
                2 * rounded.plan_daily_units * 365 * rounded.order_cost_base
                / nullif(rounded.holding_rate * rounded.unit_cost_base, 0)
            )
        end as eoq_units,
        rounded.unit_cost_base,
        -- last day to order without a stock-out: as_of + (IP − SS) / d̄ − L (B.10)
        case
            when rounded.plan_daily_units > 0
                and abs(
                    (rounded.inventory_position_units - rounded.safety_stock_units) / rounded.plan_daily_units
                    - rounded.lead_time_days
                ) < 3650
                then {{ add_days(
                rounded.as_of_date,
                floor(
                    (rounded.inventory_position_units - rounded.safety_stock_units) / rounded.plan_daily_units
                    - rounded.lead_time_days
                )
            ) }}
        end as order_by_date,
        case
            when rounded.known_days = 0 then 'DATA_GAP'
            when rounded.in_stock_days = 0 then 'NO_INVENTORY'
            when rounded.lead_time_days is null then 'NO_LEAD_TIME'
            when rounded.avg_daily_units = 0 then 'NO_DEMAND'
            when rounded.first_active_date > rounded.start_date or rounded.in_stock_days < 2 then 'NEW_SKU'
        end as reason_code
    from rounded
)

select * from final
