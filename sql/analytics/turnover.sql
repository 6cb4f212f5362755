-- turnover: one row per group (key: group_by plus the group's columns; default one row per sku).
-- Units shipped, COGS, average inventory by the daily method over non-gap days, unit and COGS
-- turnover (also annualised), days of inventory, available-based sell-through and GMROI (B.1–B.4,
-- B.13). Groups: sku, sku_pool, pool, category, channel (a pool's stock is split across the
-- channels it shipped to by their share of units; a pool that shipped nothing in the period
-- keeps its stock in the row '(no sales)'; returns reverse COGS on their own channel), all.
-- Fees (int_order_fees): those of the lines shipped in the period, plus a sku's fees no sale
-- takes, posted in the period, split over its pools by average stock.
-- Identities: unit_turnover = units_shipped / avg_inventory_units;
--             days_of_inventory = period_days / unit_turnover;
--             margin_after_fees_base = revenue_base - cogs_base - fees_base.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($group_by as string) as group_by,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

positions as (
    select * from {{ ref('int_daily_position') }}
),

receipts as (
    select * from {{ ref('int_inventory_receipts') }}
),

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

return_lines as (
    select * from {{ ref('int_return_lines') }}
),

fees as (
    select * from {{ ref('int_order_fees') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        params.group_by,
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
        -- sellable on hand (on_hand − unfulfillable, B.0); negative stock counts as 0 (B.1)
        case
            when positions.data_gap then null
            when positions.sellable_on_hand_units < 0 then 0
            else positions.sellable_on_hand_units
        end as inventory_units,
        positions.units_shipped,
        positions.revenue_base,
        positions.units_returned_sellable
    from positions
    cross join period
    where positions.date_day between period.start_date and period.as_of_date
        and (period.pool_filter is null or positions.pool_id = period.pool_filter)
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
),

-- sellable on_hand the day before the period, for sell-through (null when unknown)
opening as (
    select
        positions.sku,
        positions.pool_id,
        case when positions.sellable_on_hand_units < 0 then 0 else positions.sellable_on_hand_units end as opening_units
    from positions
    cross join period
    where positions.date_day = {{ add_days(period.start_date, -1) }}
        and not positions.data_gap
),

received as (
    select
        receipts.sku,
        receipts.pool_id,
        sum(receipts.receipt_units) as units_received
    from receipts
    cross join period
    where receipts.receipt_date between period.start_date and period.as_of_date
    group by receipts.sku, receipts.pool_id
),

sku_pool as (
    select
        daily.sku,
        daily.pool_id,
        min(daily.first_active_date) as first_active_date,
        countif(not daily.data_gap) as non_gap_days,
        avg(daily.inventory_units) as avg_inventory_units,
        sum(daily.units_shipped) as units_shipped,
        sum(daily.revenue_base) as revenue_base,
        sum(daily.units_returned_sellable) as units_returned_sellable
    from daily
    group by daily.sku, daily.pool_id
),

channel_shipments as (
    select
        order_lines.sku,
        order_lines.pool_id,
        order_lines.channel,
        sum(order_lines.quantity_units) as units_shipped,
        sum(order_lines.revenue_base) as revenue_base
    from order_lines
    cross join period
    where order_lines.is_shipped
        and order_lines.shipped_date between period.start_date and period.as_of_date
        and period.group_by = 'channel'
    group by order_lines.sku, order_lines.pool_id, order_lines.channel
),

-- sellable returns restocked into the pool in the period, by the channel they came back from
-- (the same returns int_daily_demand restocks)
channel_returns as (
    select
        return_lines.sku,
        return_lines.restock_pool_id as pool_id,
        return_lines.channel,
        sum(return_lines.quantity_units) as units_returned_sellable
    from return_lines
    cross join period
    where return_lines.is_sellable
        and return_lines.restock_pool_id is not null
        and return_lines.returned_date between period.start_date and period.as_of_date
        and period.group_by = 'channel'
    group by return_lines.sku, return_lines.restock_pool_id, return_lines.channel
),

channel_activity as (
    select
        coalesce(channel_shipments.sku, channel_returns.sku) as sku,
        coalesce(channel_shipments.pool_id, channel_returns.pool_id) as pool_id,
        coalesce(channel_shipments.channel, channel_returns.channel) as channel,
        coalesce(channel_shipments.units_shipped, 0) as units_shipped,
        coalesce(channel_shipments.revenue_base, 0) as revenue_base,
        coalesce(channel_returns.units_returned_sellable, 0) as units_returned_sellable
    from channel_shipments
    full outer join channel_returns
        on channel_returns.sku = channel_shipments.sku
        and channel_returns.pool_id = channel_shipments.pool_id
        and channel_returns.channel = channel_shipments.channel
),

-- how a sku × pool's figures split into group members: whole (weight 1) unless grouping by
-- channel, where its stock goes to the channels it shipped to by their share of units (weight),
-- each channel keeps its own sales and returns, and stock of a pool that shipped nothing in the
-- period is its own row '(no sales)' (stock, no sales, no COGS: never negative)
splits as (
    select
        sku_pool.sku,
        sku_pool.pool_id,
        cast(null as string) as channel,
        cast(1 as {{ float_type() }}) as weight,
        sku_pool.units_shipped,
        sku_pool.revenue_base,
        sku_pool.units_returned_sellable
    from sku_pool
    cross join period
    where period.group_by <> 'channel'
    union all
    select
        channel_activity.sku,
        channel_activity.pool_id,
        channel_activity.channel,
        coalesce(
            channel_activity.units_shipped / nullif(
                sum(channel_activity.units_shipped) over (
                    partition by channel_activity.sku, channel_activity.pool_id
                ),
                0
            ),
            0
        ) as weight,
        channel_activity.units_shipped,
        channel_activity.revenue_base,
        channel_activity.units_returned_sellable
    from channel_activity
    union all
    select
        sku_pool.sku,
        sku_pool.pool_id,
        '(no sales)' as channel,
        cast(1 as {{ float_type() }}) as weight,
        0 as units_shipped,
        0 as revenue_base,
        0 as units_returned_sellable
    from sku_pool
    cross join period
    where period.group_by = 'channel'
        and sku_pool.units_shipped = 0
),

-- each order × sku's fees (whenever posted), summed first: fewer rows than order lines, and none
-- at all for a seller without fee reports
order_sku_fees as (
    select
        fees.channel,
        fees.order_id,
        fees.sku,
        sum(fees.fee_base) as fees_base
    from fees
    where fees.order_id is not null
        and fees.sku is not null
    group by fees.channel, fees.order_id, fees.sku
),

-- the order × sku lines shipped in the period that were charged fees, and the pool they drew on:
-- fees follow the units they were charged for, as revenue does
shipped_order_skus as (
    select
        order_lines.channel,
        order_lines.order_id,
        order_lines.sku,
        min(order_lines.pool_id) as pool_id,
        any_value(order_sku_fees.fees_base) as fees_base
    from order_lines
    cross join period
    inner join order_sku_fees
        on order_sku_fees.channel = order_lines.channel
        and order_sku_fees.order_id = order_lines.order_id
        and order_sku_fees.sku = order_lines.sku
    where order_lines.is_shipped
        and order_lines.shipped_date between period.start_date and period.as_of_date
    group by order_lines.channel, order_lines.order_id, order_lines.sku
),

line_fees as (
    select
        shipped_order_skus.sku,
        shipped_order_skus.pool_id,
        case when period.group_by = 'channel' then shipped_order_skus.channel end as channel,
        sum(shipped_order_skus.fees_base) as fees_base
    from shipped_order_skus
    cross join period
    group by
        shipped_order_skus.sku,
        shipped_order_skus.pool_id,
        case when period.group_by = 'channel' then shipped_order_skus.channel end
),

-- fees of a sku that no loaded sale takes (FBA removals and disposals, a storage fee naming the
-- sku), posted in the period
sku_fees as (
    select
        fees.sku,
        sum(fees.fee_base) as fees_base
    from fees
    cross join period
    where not fees.has_order_line
        and fees.sku is not null
        and fees.posted_date between period.start_date and period.as_of_date
    group by fees.sku
),

-- one row per sku × pool (× channel when grouping by channel), with its weight in the group
members as (
    select
        sku_pool.sku,
        sku_pool.pool_id,
        sku_costs.category,
        splits.channel,
        splits.weight,
        sku_pool.first_active_date,
        sku_pool.non_gap_days,
        sku_pool.avg_inventory_units,
        splits.units_shipped,
        splits.revenue_base,
        splits.units_returned_sellable,
        sku_costs.unit_cost_base,
        -- a sku that arrived during the period opened at zero
        coalesce(
            opening.opening_units,
            case when sku_pool.first_active_date >= period.start_date then 0 end
        ) as opening_units,
        coalesce(received.units_received, 0) as units_received,
        sku_pool.first_active_date >= period.start_date as is_new
    from sku_pool
    cross join period
    left join sku_costs
        on sku_costs.sku = sku_pool.sku
    inner join splits
        on splits.sku = sku_pool.sku
        and splits.pool_id = sku_pool.pool_id
    left join opening
        on opening.sku = sku_pool.sku
        and opening.pool_id = sku_pool.pool_id
    left join received
        on received.sku = sku_pool.sku
        and received.pool_id = sku_pool.pool_id
    -- the category filter applies after aggregation: one join per sku × pool, not per day
    where period.category_filter is null or sku_costs.category = period.category_filter
),

-- each member's fees: those of the lines it shipped, plus its share of the sku's other fees by
-- its share of the sku's average stock (equal shares when the sku held none)
charged as (
    select
        members.*,
        coalesce(line_fees.fees_base, 0) + coalesce(sku_fees.fees_base, 0) * coalesce(
            coalesce(members.avg_inventory_units, 0) * members.weight / nullif(
                sum(coalesce(members.avg_inventory_units, 0) * members.weight) over (partition by members.sku), 0
            ),
            1.0 / count(*) over (partition by members.sku)
        ) as fees_base,
        line_fees.fees_base is not null or sku_fees.fees_base is not null as has_fees
    from members
    left join line_fees
        on line_fees.sku = members.sku
        and line_fees.pool_id = members.pool_id
        and coalesce(line_fees.channel, '') = coalesce(members.channel, '')
    left join sku_fees
        on sku_fees.sku = members.sku
),

grouped as (
    select
        period.group_by,
        case when period.group_by in ('sku', 'sku_pool') then members.sku end as sku,
        case when period.group_by in ('pool', 'sku_pool') then members.pool_id end as pool_id,
        case when period.group_by in ('sku', 'sku_pool', 'category') then members.category end as category,
        case when period.group_by = 'channel' then members.channel end as channel,
        count(distinct members.sku) as count_skus,
        min(members.first_active_date) as first_active_date,
        max(members.non_gap_days) as non_gap_days,
        min(case when members.is_new then 1 else 0 end) = 1 as all_new_skus,
        sum(members.units_shipped) as units_shipped,
        sum(members.revenue_base) as revenue_base,
        sum(members.avg_inventory_units * members.weight) as avg_inventory_units,
        sum(members.avg_inventory_units * members.weight * members.unit_cost_base) as avg_inventory_cost_base,
        sum((members.units_shipped - members.units_returned_sellable) * members.unit_cost_base) as cogs_base,
        sum((members.opening_units + members.units_received) * members.weight) as units_available_for_sale,
        max(case when members.unit_cost_base is null then 1 else 0 end) = 1 as has_missing_cost,
        sum(members.fees_base) as fees_base,
        {{ bool_or(members.has_fees) }} as has_fees,
        period.start_date,
        period.as_of_date
    from charged as members
    cross join period
    group by
        period.group_by,
        case when period.group_by in ('sku', 'sku_pool') then members.sku end,
        case when period.group_by in ('pool', 'sku_pool') then members.pool_id end,
        case when period.group_by in ('sku', 'sku_pool', 'category') then members.category end,
        case when period.group_by = 'channel' then members.channel end,
        period.start_date,
        period.as_of_date
),

-- a group made only of new skus is measured from its first day (B.1 N_active)
measured as (
    select
        grouped.*,
        {{ days_between(
            case when grouped.all_new_skus then grouped.first_active_date else grouped.start_date end,
            grouped.as_of_date
        ) }} + 1 as period_days,
        grouped.units_shipped / nullif(grouped.avg_inventory_units, 0) as unit_turnover,
        case when not grouped.has_missing_cost
            then grouped.cogs_base / nullif(grouped.avg_inventory_cost_base, 0)
        end as cogs_turnover,
        case when not grouped.has_missing_cost
            then (grouped.revenue_base - grouped.cogs_base) / nullif(grouped.avg_inventory_cost_base, 0)
        end as gmroi
    from grouped
),

final as (
    select
        measured.group_by,
        measured.sku,
        measured.pool_id,
        measured.category,
        measured.channel,
        measured.count_skus,
        measured.period_days,
        measured.non_gap_days,
        measured.units_shipped,
        measured.revenue_base,
        case when not measured.has_missing_cost then measured.cogs_base end as cogs_base,
        measured.avg_inventory_units,
        case when not measured.has_missing_cost then measured.avg_inventory_cost_base end as avg_inventory_cost_base,
        measured.unit_turnover,
        measured.unit_turnover * 365 / measured.period_days as unit_turnover_annualised,
        measured.cogs_turnover,
        measured.cogs_turnover * 365 / measured.period_days as cogs_turnover_annualised,
        measured.period_days / nullif(measured.unit_turnover, 0) as days_of_inventory,
        coalesce(measured.period_days / nullif(measured.unit_turnover, 0), 9999) as days_of_inventory_sort,
        measured.units_shipped / nullif(measured.units_available_for_sale, 0) as sell_through_rate,
        measured.gmroi,
        measured.gmroi * 365 / measured.period_days as gmroi_annualised,
        -- null when no member has fee data (unknown, not zero)
        case when measured.has_fees then measured.fees_base end as fees_base,
        case when measured.has_fees then measured.fees_base / nullif(measured.units_shipped, 0) end
            as fees_per_unit_base,
        case when measured.has_fees and not measured.has_missing_cost
            then measured.revenue_base - measured.cogs_base - measured.fees_base
        end as margin_after_fees_base,
        case
            when measured.avg_inventory_units is null then 'DATA_GAP'
            when measured.avg_inventory_units = 0 and measured.units_shipped > 0 then 'NO_INVENTORY'
            when measured.avg_inventory_units = 0 then 'INACTIVE'
            when measured.units_shipped = 0 then 'NO_DEMAND'
            when measured.has_missing_cost then 'NO_COST'
            -- a rollup is new only when every member is (B.1 N_active)
            when measured.all_new_skus then 'NEW_SKU'
        end as reason_code
    from measured
)

select * from final
