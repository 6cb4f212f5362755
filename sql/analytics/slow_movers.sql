-- slow_movers: one row per sku × pool holding stock on as_of (key: sku, pool_id); by default
-- (show=problems) only dead, excess and slow stock, all of it with show=all. Dead stock
-- (DEAD_NO_SALES_N: stock on every known day of the last dead_days, no unit shipped, first seen
-- at least dead_days ago), excess (EXCESS_DOS: days of supply incl. inbound > excess_days), slow
-- (SLOW_WOC: weeks of cover > 13; a new sku over the days since it appeared, B.3), ABC (revenue
-- share over the window, 80/15/5) and XYZ (CV of weekly units, X < 0.5 ≤ Y < 1.0 ≤ Z), days since
-- the last sale, value tied up, and a suggested action with its reason (anchors B.7).
-- Cover and excess come from the pool_cover fragment (a hub, the own warehouse feeding other
-- countries, is judged by the demand of the whole network: it is not dead while they sell), and
-- move_stock is suggested exactly for the sources of the transfers dataset's moves (the
-- transfer_plan fragment), with the same units.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($dead_days as bigint) as dead_days,
        cast($excess_days as bigint) as excess_days,
        cast($target_days as bigint) as target_days,
        cast($show as string) as show_filter,
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

skus as (
    select * from {{ ref('stg_core__skus') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
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
        params.target_days,
        params.window_days,
        params.show_filter,
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

-- computed where each reader scans (stats, weekly, cover_scope): storing the 1.8M rows of a
-- 91-day window first cost more than the scans it saved (live, 91 days, DuckDB alone, same run
-- alternating: 449–501 → 419–440 ms)
history as {{ recompute() }} (
    select
        positions.sku,
        positions.pool_id,
        positions.date_day,
        positions.first_active_date,
        positions.data_gap,
        positions.is_in_stock,
        positions.on_hand_units,
        positions.sellable_on_hand_units,
        positions.available_units,
        positions.inbound_units,
        positions.units_shipped,
        positions.revenue_base,
        positions.last_sale_date
    from positions
    cross join period
    -- every pool: a hub is judged by the pools it feeds; the pool filter applies to the answer.
    -- The category filter is applied per sku below (sku_revenue, classified), not to every day:
    -- everything before them is per sku, so only ABC's ranking across skus needs it
    where positions.date_day between period.lookback_date and period.as_of_date
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
),

cover_scope as (
    select history.*
    from history
    cross join period
    where history.date_day >= period.start_date
),

{{ include('pool_cover') }}

{{ include('transfer_plan') }}

moves_out as (
    select
        transfer_moves.sku,
        transfer_moves.from_pool_id as pool_id,
        cast(sum(transfer_moves.transfer_units) as bigint) as move_units,
        string_agg(transfer_moves.to_pool_id, ', ' order by transfer_moves.to_pool_id) as move_to_pool_ids
    from transfer_moves
    group by transfer_moves.sku, transfer_moves.from_pool_id
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

-- per sku over every pool: what a hub is judged by
network as (
    select
        stats.sku,
        sum(stats.units_shipped_window) as units_shipped_window,
        sum(stats.units_shipped_dead_window) as units_shipped_dead_window
    from stats
    group by stats.sku
),

-- weeks numbered from a Monday (2000-01-03): an integer key groups faster than a truncated date
weekly as (
    select
        history.sku,
        history.pool_id,
        floor({{ days_between(cast('2000-01-03' as date), history.date_day) }} / 7) as week_no,
        sum(history.units_shipped) as units
    from history
    cross join period
    where history.date_day >= period.start_date
    group by history.sku, history.pool_id, floor({{ days_between(cast('2000-01-03' as date), history.date_day) }} / 7)
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
    cross join period
    left join skus
        on skus.sku = stats.sku
    where period.category_filter is null or skus.category = period.category_filter
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
        pool_cover.sku,
        pool_cover.pool_id,
        sku_costs.title,
        sku_costs.category,
        pool_cover.on_hand_units,
        pool_cover.inbound_units,
        pool_cover.on_hand_units * sku_costs.unit_cost_base as value_base,
        pool_cover.excess_units,
        pool_cover.excess_units * sku_costs.unit_cost_base as excess_value_base,
        pool_cover.supply_basis,
        stats.first_active_date,
        stats.last_sale_date,
        {{ days_between(stats.last_sale_date, period.as_of_date) }} as days_since_last_sale,
        stats.units_shipped_window,
        stats.revenue_window_base,
        pool_cover.supply_daily_units as avg_daily_units,
        pool_cover.days_of_supply as days_of_supply_total,
        -- WOC = (on hand + inbound) / weekly units; a sku that appeared inside the window is rated over the days since
        (pool_cover.on_hand_units + pool_cover.inbound_units) / nullif(
            (case when pool_cover.is_hub then network.units_shipped_window else stats.units_shipped_window end) * 7.0
                / (case when stats.first_active_date > period.start_date
                    then {{ days_between(stats.first_active_date, period.as_of_date) }} + 1
                    else period.window_days end),
            0
        ) as weeks_of_cover,
        case
            when abc.revenue_base is null or abc.revenue_base <= 0 then 'C'
            when abc.revenue_share_before < 0.8 then 'A'
            when abc.revenue_share_before < 0.95 then 'B'
            else 'C'
        end as abc_class,
        variability.demand_cv_weekly,
        case
            when variability.demand_cv_weekly is null then null
            -- rounded: a CV of exactly 0.5 or 1 came out a last bit either side, run to run
            -- (parallel float sums), and flipped its class
            when round(variability.demand_cv_weekly, 9) < 0.5 then 'X'
            when round(variability.demand_cv_weekly, 9) < 1.0 then 'Y'
            else 'Z'
        end as xyz_class,
        stats.first_active_date > {{ add_days(period.as_of_date, -period.dead_days) }} as is_new,
        (case when pool_cover.is_hub then network.units_shipped_dead_window else stats.units_shipped_dead_window end) = 0
            and stats.known_days_dead_window > 0
            and stats.min_on_hand_dead_window > 0
            and stats.first_active_date <= {{ add_days(period.as_of_date, -period.dead_days) }} as is_dead,
        pool_cover.excess_units > 0 as is_excess,
        moves_out.move_units,
        moves_out.move_to_pool_ids,
        period.dead_days,
        period.excess_days,
        period.show_filter,
        best_pool.pool_id as best_pool_id,
        best_channel.channel as best_channel,
        best_channel.marketplace as best_marketplace
    from pool_cover
    cross join period
    inner join stats
        on stats.sku = pool_cover.sku
        and stats.pool_id = pool_cover.pool_id
    inner join network
        on network.sku = pool_cover.sku
    left join variability
        on variability.sku = pool_cover.sku
        and variability.pool_id = pool_cover.pool_id
    left join abc
        on abc.sku = pool_cover.sku
    left join sku_costs
        on sku_costs.sku = pool_cover.sku
    left join best_pool
        on best_pool.sku = pool_cover.sku
        and best_pool.pool_id <> pool_cover.pool_id
    left join best_channel
        on best_channel.sku = pool_cover.sku
    left join moves_out
        on moves_out.sku = pool_cover.sku
        and moves_out.pool_id = pool_cover.pool_id
    left join skus
        on skus.sku = pool_cover.sku
    where pool_cover.on_hand_units > 0
        and (period.pool_filter is null or pool_cover.pool_id = period.pool_filter)
        and (period.category_filter is null or skus.category = period.category_filter)
),

flagged as (
    select
        classified.*,
        coalesce(classified.weeks_of_cover > 13, false) as is_slow
    from classified
),

final as (
    select
        flagged.sku,
        flagged.pool_id,
        flagged.title,
        flagged.category,
        flagged.on_hand_units,
        flagged.inbound_units,
        flagged.value_base,
        flagged.excess_units,
        flagged.excess_value_base,
        flagged.last_sale_date,
        flagged.days_since_last_sale,
        flagged.units_shipped_window,
        flagged.revenue_window_base,
        flagged.avg_daily_units,
        flagged.supply_basis,
        flagged.days_of_supply_total,
        flagged.weeks_of_cover,
        flagged.abc_class,
        flagged.xyz_class,
        flagged.demand_cv_weekly,
        -- a new sku is never dead (B.7), but can already be excess or slow
        case
            when flagged.is_dead then 'dead'
            when flagged.is_excess then 'excess'
            when flagged.is_slow then 'slow'
            when flagged.is_new then 'new'
            else 'healthy'
        end as status,
        case
            when flagged.is_dead then 'DEAD_NO_SALES_N'
            when flagged.is_excess then 'EXCESS_DOS'
            when flagged.is_slow then 'SLOW_WOC'
        end as rule_id,
        case
            when flagged.move_units > 0 then 'move_stock'
            when flagged.is_dead then 'clearance_discount'
            when flagged.is_excess or flagged.is_slow then 'stop_reordering'
            else 'none'
        end as suggested_action,
        flagged.move_units,
        flagged.move_to_pool_ids,
        case
            when flagged.move_units > 0
                then 'move ' || cast(flagged.move_units as string) || ' units to ' || flagged.move_to_pool_ids
                    || ', which ' || case when flagged.move_to_pool_ids like '%,%' then 'are' else 'is' end
                    || ' short (see transfers); stop reordering here'
            when flagged.is_dead
                then 'no unit shipped in ' || cast(flagged.dead_days as string)
                    || case when flagged.supply_basis = 'network_demand' then ' days from any pool it feeds' else ' days' end
                    || ' with stock on hand every day; discount to clear and stop reordering'
            when flagged.is_excess
                then 'days of supply above ' || cast(flagged.excess_days as string)
                    || case when flagged.supply_basis = 'network_demand' then ' at the demand of every pool it feeds' else '' end
                    || '; no short pool to move it to; stop reordering until it falls'
            when flagged.is_slow then 'more than 13 weeks of cover; stop reordering until it falls'
            when flagged.is_new then 'first seen less than ' || cast(flagged.dead_days as string) || ' days ago'
        end as action_reason,
        flagged.best_pool_id,
        flagged.best_channel,
        flagged.best_marketplace,
        case
            when flagged.is_new then 'NEW_SKU'
            when flagged.avg_daily_units is null or flagged.avg_daily_units = 0 then 'NO_DEMAND'
        end as reason_code
    from flagged
    where flagged.show_filter = 'all' or flagged.is_dead or flagged.is_excess or flagged.is_slow
)

select * from final
