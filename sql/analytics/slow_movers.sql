-- slow_movers: one row per sku × pool holding stock on as_of (key: sku, pool_id). Dead stock
-- (DEAD_NO_SALES_N: stock on every known day of the last dead_days, no unit shipped, first seen
-- at least dead_days ago), excess (EXCESS_DOS: days of supply incl. inbound > excess_days), slow
-- (SLOW_WOC: weeks of cover > 13), ABC (revenue share over the window, 80/15/5) and XYZ (CV of
-- weekly units, X < 0.5 ≤ Y < 1.0 ≤ Z), days since the last sale, value tied up, and a suggested
-- action with its reason (anchors B.7).
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($dead_days as bigint) as dead_days,
        cast($excess_days as bigint) as excess_days,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

positions as (
    select * from {{ ref('int_daily_position') }}
),

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        {{ add_days(params.as_of_date, 1 - params.dead_days) }} as dead_start_date,
        -- the longer of the two windows is all this dataset reads
        case when params.dead_days > params.window_days
            then {{ add_days(params.as_of_date, 1 - params.dead_days) }}
            else {{ add_days(params.as_of_date, 1 - params.window_days) }}
        end as lookback_date,
        params.dead_days,
        params.excess_days,
        params.window_days,
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

history as (
    select
        positions.sku,
        positions.pool_id,
        positions.date_day,
        positions.first_active_date,
        positions.data_gap,
        positions.is_in_stock,
        positions.on_hand_units,
        positions.available_units,
        positions.inbound_units,
        positions.units_shipped,
        positions.revenue_base,
        positions.last_sale_date
    from positions
    cross join period
    where positions.date_day between period.lookback_date and period.as_of_date
        and (period.pool_filter is null or positions.pool_id = period.pool_filter)
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
),

stats as (
    select
        history.sku,
        history.pool_id,
        min(history.first_active_date) as first_active_date,
        -- a running value (int_daily_position): its latest is the last sale on or before as_of
        max(history.last_sale_date) as last_sale_date,
        max(case when not history.data_gap and history.date_day >= period.start_date then history.date_day end)
            as last_known_date,
        sum(case when history.date_day >= period.start_date then history.units_shipped else 0 end) as units_shipped_window,
        sum(case when history.date_day >= period.start_date then history.revenue_base else 0 end) as revenue_window_base,
        avg(
            case when history.date_day >= period.start_date and history.is_in_stock then history.units_shipped end
        ) as avg_daily_units,
        sum(case when history.date_day >= period.dead_start_date then history.units_shipped else 0 end) as units_shipped_dead_window,
        countif(history.date_day >= period.dead_start_date and not history.data_gap) as known_days_dead_window,
        min(case when history.date_day >= period.dead_start_date then history.on_hand_units end) as min_on_hand_dead_window
    from history
    cross join period
    group by history.sku, history.pool_id
),

latest as (
    select
        history.sku,
        history.pool_id,
        history.on_hand_units,
        history.available_units,
        history.inbound_units
    from history
    inner join stats
        on stats.sku = history.sku
        and stats.pool_id = history.pool_id
        and stats.last_known_date = history.date_day
),

weekly as (
    select
        history.sku,
        history.pool_id,
        {{ trunc_iso_week(history.date_day) }} as week_start_date,
        sum(history.units_shipped) as units
    from history
    cross join period
    where history.date_day >= period.start_date
    group by history.sku, history.pool_id, {{ trunc_iso_week(history.date_day) }}
),

variability as (
    select
        weekly.sku,
        weekly.pool_id,
        {{ stddev(weekly.units) }} / nullif(avg(weekly.units), 0) as demand_cv_weekly
    from weekly
    group by weekly.sku, weekly.pool_id
),

-- ABC over all pools: a sku is A while the skus ranked above it hold < 80 % of revenue, B < 95 %
sku_revenue as (
    select
        stats.sku,
        sum(stats.revenue_window_base) as revenue_base
    from stats
    group by stats.sku
),

abc as (
    select
        sku_revenue.sku,
        coalesce(
            sum(sku_revenue.revenue_base) over (
                order by sku_revenue.revenue_base desc, sku_revenue.sku
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) / nullif(sum(sku_revenue.revenue_base) over (), 0) as revenue_share_before,
        sku_revenue.revenue_base
    from sku_revenue
),

-- where else the sku sells: the pool with the highest in-stock rate, and its top channel
best_pool as (
    select
        stats.sku,
        stats.pool_id,
        stats.avg_daily_units
    from stats
    where stats.units_shipped_window > 0
    qualify row_number() over (
        partition by stats.sku
        order by stats.avg_daily_units desc, stats.units_shipped_window desc, stats.pool_id
    ) = 1
),

best_channel as (
    select
        order_lines.sku,
        order_lines.channel,
        order_lines.marketplace,
        sum(order_lines.quantity_units) as units
    from order_lines
    cross join period
    where order_lines.is_shipped
        and order_lines.shipped_date between period.start_date and period.as_of_date
    group by order_lines.sku, order_lines.channel, order_lines.marketplace
    qualify row_number() over (
        partition by order_lines.sku
        order by sum(order_lines.quantity_units) desc, order_lines.channel, order_lines.marketplace
    ) = 1
),

classified as (
    select
        latest.sku,
        latest.pool_id,
        sku_costs.title,
        sku_costs.category,
        latest.on_hand_units,
        latest.inbound_units,
        latest.on_hand_units * sku_costs.unit_cost_base as value_base,
        stats.first_active_date,
        stats.last_sale_date,
        {{ days_between(stats.last_sale_date, period.as_of_date) }} as days_since_last_sale,
        stats.units_shipped_window,
        stats.revenue_window_base,
        stats.avg_daily_units,
        (latest.available_units + latest.inbound_units) / nullif(stats.avg_daily_units, 0) as days_of_supply_total,
        (latest.on_hand_units + latest.inbound_units)
            / nullif(stats.units_shipped_window * 7.0 / period.window_days, 0) as weeks_of_cover,
        case
            when abc.revenue_base is null or abc.revenue_base <= 0 then 'C'
            when abc.revenue_share_before < 0.8 then 'A'
            when abc.revenue_share_before < 0.95 then 'B'
            else 'C'
        end as abc_class,
        variability.demand_cv_weekly,
        case
            when variability.demand_cv_weekly is null then null
            when variability.demand_cv_weekly < 0.5 then 'X'
            when variability.demand_cv_weekly < 1.0 then 'Y'
            else 'Z'
        end as xyz_class,
        stats.first_active_date > {{ add_days(period.as_of_date, -period.dead_days) }} as is_new,
        stats.units_shipped_dead_window = 0
            and stats.known_days_dead_window > 0
            and stats.min_on_hand_dead_window > 0
            and stats.first_active_date <= {{ add_days(period.as_of_date, -period.dead_days) }} as is_dead,
        coalesce(
            (latest.available_units + latest.inbound_units) / nullif(stats.avg_daily_units, 0) > period.excess_days,
            false
        ) as is_excess,
        coalesce(
            (latest.on_hand_units + latest.inbound_units)
                / nullif(stats.units_shipped_window * 7.0 / period.window_days, 0) > 13,
            false
        ) as is_slow,
        period.dead_days,
        period.excess_days,
        best_pool.pool_id as best_pool_id,
        best_channel.channel as best_channel,
        best_channel.marketplace as best_marketplace
    from latest
    cross join period
    inner join stats
        on stats.sku = latest.sku
        and stats.pool_id = latest.pool_id
    left join variability
        on variability.sku = latest.sku
        and variability.pool_id = latest.pool_id
    left join abc
        on abc.sku = latest.sku
    left join sku_costs
        on sku_costs.sku = latest.sku
    left join best_pool
        on best_pool.sku = latest.sku
        and best_pool.pool_id <> latest.pool_id
    left join best_channel
        on best_channel.sku = latest.sku
    where latest.on_hand_units > 0
        and (period.category_filter is null or sku_costs.category = period.category_filter)
),

final as (
    select
        classified.sku,
        classified.pool_id,
        classified.title,
        classified.category,
        classified.on_hand_units,
        classified.inbound_units,
        classified.value_base,
        classified.last_sale_date,
        classified.days_since_last_sale,
        classified.units_shipped_window,
        classified.revenue_window_base,
        classified.avg_daily_units,
        classified.days_of_supply_total,
        coalesce(classified.days_of_supply_total, 9999) as days_of_supply_sort,
        classified.weeks_of_cover,
        classified.abc_class,
        classified.xyz_class,
        classified.demand_cv_weekly,
        -- a new sku is never dead (B.7), but can already be excess or slow
        case
            when classified.is_dead then 'dead'
            when classified.is_excess then 'excess'
            when classified.is_slow then 'slow'
            when classified.is_new then 'new'
            else 'healthy'
        end as status,
        case
            when classified.is_dead then 'DEAD_NO_SALES_N'
            when classified.is_excess then 'EXCESS_DOS'
            when classified.is_slow then 'SLOW_WOC'
        end as rule_id,
        case
            when (classified.is_dead or classified.is_excess) and classified.best_pool_id is not null then 'move_stock'
            when classified.is_dead then 'clearance_discount'
            when classified.is_excess or classified.is_slow then 'stop_reordering'
            else 'none'
        end as suggested_action,
        case
            when (classified.is_dead or classified.is_excess) and classified.best_pool_id is not null
                then 'sells from pool ' || classified.best_pool_id
                    || coalesce(' (top channel ' || classified.best_channel || ' ' || classified.best_marketplace || ')', '')
                    || '; move stock there and stop reordering here'
            when classified.is_dead
                then 'no unit shipped in ' || cast(classified.dead_days as string)
                    || ' days with stock on hand every day; discount to clear and stop reordering'
            when classified.is_excess
                then 'days of supply above ' || cast(classified.excess_days as string) || '; stop reordering until it falls'
            when classified.is_slow then 'more than 13 weeks of cover; stop reordering until it falls'
            when classified.is_new then 'first seen less than ' || cast(classified.dead_days as string) || ' days ago'
        end as action_reason,
        classified.best_pool_id,
        classified.best_channel,
        classified.best_marketplace,
        case
            when classified.is_new then 'NEW_SKU'
            when classified.avg_daily_units is null or classified.avg_daily_units = 0 then 'NO_DEMAND'
        end as reason_code
    from classified
)

select * from final
