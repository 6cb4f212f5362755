-- order_ops: one row per channel × fulfilment type (key: channel, fulfilment_type; fba | 3pl |
-- self) for orders placed in the window: orders, units, revenue in base currency, cancellations,
-- processing time ordered → shipped (median and p90, hours), late shipments (shipped after the
-- channel's ship-by date where it gave one — Amazon's merchant order reports do — else more than
-- late_after_hours after ordering; or still unshipped past that at the end of as_of), the calendar
-- return rate (returns received in the window ÷ units shipped in it) and the fees of the window's
-- orders (int_order_fees).
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($late_after_hours as bigint) as late_after_hours,
        cast($channel as string) as channel_filter,
        cast($marketplace as string) as marketplace_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

returns as (
    select * from {{ ref('int_return_lines') }}
),

skus as (
    select * from {{ ref('stg_core__skus') }}
),

fees as (
    select * from {{ ref('int_order_fees') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        cast({{ add_days(params.as_of_date, 1) }} as timestamp) as period_end_at,
        params.late_after_hours,
        params.channel_filter,
        params.marketplace_filter,
        params.sku_prefix_filter,
        params.category_filter
    from params
),

scoped as (
    select
        order_lines.channel,
        order_lines.marketplace,
        order_lines.order_id,
        order_lines.line_id,
        order_lines.sku,
        order_lines.fulfilment_type,
        order_lines.quantity_units,
        order_lines.revenue_base,
        order_lines.ordered_at,
        order_lines.shipped_at,
        order_lines.ship_by_at,
        order_lines.ordered_date,
        order_lines.shipped_date,
        order_lines.is_cancelled,
        order_lines.is_shipped,
        order_lines.order_status
    from order_lines
    cross join period
    left join skus
        on skus.sku = order_lines.sku
    where (period.channel_filter is null or order_lines.channel = period.channel_filter)
        and (period.marketplace_filter is null or order_lines.marketplace = period.marketplace_filter)
        and (period.sku_prefix_filter is null or starts_with(order_lines.sku, period.sku_prefix_filter))
        and (period.category_filter is null or skus.category = period.category_filter)
        and order_lines.ordered_date between period.start_date and period.as_of_date
),

-- units shipped in the window, whenever ordered: its own scan, since an OR of the two date ranges
-- kept DuckDB from pruning either (the table is ordered by ordered_date, and shipped_date follows it)
shipped as (
    select
        order_lines.channel,
        order_lines.fulfilment_type,
        sum(case when order_lines.is_shipped then order_lines.quantity_units else 0 end) as units_shipped
    from order_lines
    cross join period
    left join skus
        on skus.sku = order_lines.sku
    where order_lines.shipped_date between period.start_date and period.as_of_date
        and (period.channel_filter is null or order_lines.channel = period.channel_filter)
        and (period.marketplace_filter is null or order_lines.marketplace = period.marketplace_filter)
        and (period.sku_prefix_filter is null or starts_with(order_lines.sku, period.sku_prefix_filter))
        and (period.category_filter is null or skus.category = period.category_filter)
    group by order_lines.channel, order_lines.fulfilment_type
),

timed as (
    select
        scoped.*,
        case when scoped.is_shipped then {{ hours_between(scoped.ordered_at, scoped.shipped_at) }} end as processing_hours,
        case
            when scoped.is_cancelled then false
            -- the channel's promise, where it made one
            when scoped.ship_by_at is not null and scoped.is_shipped then scoped.shipped_at > scoped.ship_by_at
            when scoped.ship_by_at is not null then period.period_end_at > scoped.ship_by_at
            when scoped.is_shipped then {{ hours_between(scoped.ordered_at, scoped.shipped_at) }} > period.late_after_hours
            else {{ hours_between(scoped.ordered_at, period.period_end_at) }} > period.late_after_hours
        end as is_late,
        scoped.ship_by_at is not null and not scoped.is_cancelled as has_ship_by
    from scoped
    cross join period
),

-- returns received in the window, attributed to the fulfilment type of the line they came from
returned as (
    select
        returns.channel,
        returns.fulfilment_type,
        sum(returns.quantity_units) as units_returned
    from returns
    cross join period
    left join skus
        on skus.sku = returns.sku
    where returns.returned_date between period.start_date and period.as_of_date
        and (period.channel_filter is null or returns.channel = period.channel_filter)
        and (period.marketplace_filter is null or returns.marketplace = period.marketplace_filter)
        and (period.sku_prefix_filter is null or starts_with(returns.sku, period.sku_prefix_filter))
        and (period.category_filter is null or skus.category = period.category_filter)
    group by returns.channel, returns.fulfilment_type
),

-- an order counts as cancelled when all its lines are
orders as (
    select
        timed.channel,
        timed.fulfilment_type,
        timed.order_id,
        min(case when timed.is_cancelled then 1 else 0 end) = 1 as is_cancelled_order
    from timed
    group by timed.channel, timed.fulfilment_type, timed.order_id
),

order_counts as (
    select
        orders.channel,
        orders.fulfilment_type,
        count(*) as count_orders,
        countif(orders.is_cancelled_order) as count_cancelled_orders
    from orders
    group by orders.channel, orders.fulfilment_type
),

grouped as (
    select
        timed.channel,
        timed.fulfilment_type,
        sum(case when not timed.is_cancelled then timed.quantity_units else 0 end) as units_ordered,
        sum(case when not timed.is_cancelled then timed.revenue_base else 0 end) as revenue_base,
        countif(timed.is_shipped) as count_lines_shipped,
        {{ percentile(timed.processing_hours, 0.5) }} as processing_hours_median,
        {{ percentile(timed.processing_hours, 0.9) }} as processing_hours_p90,
        countif(timed.is_late) as count_late_lines,
        countif(timed.has_ship_by) as count_lines_with_ship_by,
        countif(not timed.is_cancelled) as count_active_lines,
        countif(not timed.is_cancelled and not timed.is_shipped) as count_unshipped_lines
    from timed
    group by timed.channel, timed.fulfilment_type
),

-- a row per channel × fulfilment type with lines ordered or shipped in the window
groups as (
    select grouped.channel, grouped.fulfilment_type from grouped
    union distinct
    select shipped.channel, shipped.fulfilment_type from shipped
),

-- each order × sku's fees in base currency, whenever posted (a refund's commission comes later),
-- summed first: fewer rows than order lines, and none at all for a seller without fee reports
order_sku_fees as (
    select
        fees.channel,
        fees.order_id,
        fees.sku,
        sum(case when fees.fee_type = 'fulfilment' then fees.fee_base else 0 end) as fulfilment_cost_base,
        sum(case when fees.fee_type = 'referral' then fees.fee_base else 0 end) as referral_fee_base,
        sum(case when fees.fee_type = 'shipping' then fees.fee_base else 0 end) as shipping_cost_base,
        sum(case when fees.fee_type not in ('fulfilment', 'referral', 'shipping') then fees.fee_base else 0 end)
            as other_fees_base,
        sum(fees.fee_base) as total_fees_base
    from fees
    where fees.order_id is not null
        and fees.sku is not null
    group by fees.channel, fees.order_id, fees.sku
),

-- the order × sku of the lines placed in the window that were charged fees (the grain fees are
-- charged at), each with one fulfilment type
fee_lines as (
    select
        timed.channel,
        timed.order_id,
        timed.sku,
        min(timed.fulfilment_type) as fulfilment_type,
        any_value(order_sku_fees.fulfilment_cost_base) as fulfilment_cost_base,
        any_value(order_sku_fees.referral_fee_base) as referral_fee_base,
        any_value(order_sku_fees.shipping_cost_base) as shipping_cost_base,
        any_value(order_sku_fees.other_fees_base) as other_fees_base,
        any_value(order_sku_fees.total_fees_base) as total_fees_base
    from timed
    inner join order_sku_fees
        on order_sku_fees.channel = timed.channel
        and order_sku_fees.order_id = timed.order_id
        and order_sku_fees.sku = timed.sku
    group by timed.channel, timed.order_id, timed.sku
),

order_fees as (
    select
        fee_lines.channel,
        fee_lines.fulfilment_type,
        sum(fee_lines.fulfilment_cost_base) as fulfilment_cost_base,
        sum(fee_lines.referral_fee_base) as referral_fee_base,
        sum(fee_lines.shipping_cost_base) as shipping_cost_base,
        sum(fee_lines.other_fees_base) as other_fees_base,
        sum(fee_lines.total_fees_base) as total_fees_base,
        count(distinct fee_lines.order_id) as count_orders_with_fees
    from fee_lines
    group by fee_lines.channel, fee_lines.fulfilment_type
),

final as (
    select
        groups.channel,
        groups.fulfilment_type,
        coalesce(order_counts.count_orders, 0) as count_orders,
        coalesce(order_counts.count_cancelled_orders, 0) as count_cancelled_orders,
        order_counts.count_cancelled_orders / nullif(order_counts.count_orders, 0) as cancellation_rate,
        coalesce(grouped.units_ordered, 0) as units_ordered,
        coalesce(grouped.revenue_base, 0) as revenue_base,
        coalesce(shipped.units_shipped, 0) as units_shipped,
        coalesce(grouped.count_lines_shipped, 0) as count_lines_shipped,
        coalesce(grouped.count_unshipped_lines, 0) as count_unshipped_lines,
        grouped.processing_hours_median,
        grouped.processing_hours_p90,
        coalesce(grouped.count_late_lines, 0) as count_late_lines,
        grouped.count_late_lines / nullif(grouped.count_active_lines, 0) as late_shipment_rate,
        coalesce(grouped.count_lines_with_ship_by, 0) as count_lines_with_ship_by,
        coalesce(returned.units_returned, 0) as units_returned,
        coalesce(returned.units_returned, 0) / nullif(shipped.units_shipped, 0) as return_rate,
        -- fee columns are null when no order of the row has fee data (not zero: unknown)
        order_fees.fulfilment_cost_base,
        order_fees.referral_fee_base,
        order_fees.shipping_cost_base,
        order_fees.other_fees_base,
        order_fees.total_fees_base,
        order_fees.total_fees_base / nullif(grouped.revenue_base, 0) as fees_share_of_revenue,
        coalesce(order_fees.count_orders_with_fees, 0) as count_orders_with_fees,
        case when coalesce(shipped.units_shipped, 0) = 0 then 'NO_DEMAND' end as reason_code
    from groups
    left join grouped
        on grouped.channel = groups.channel
        and grouped.fulfilment_type = groups.fulfilment_type
    left join shipped
        on shipped.channel = groups.channel
        and shipped.fulfilment_type = groups.fulfilment_type
    left join order_counts
        on order_counts.channel = groups.channel
        and order_counts.fulfilment_type = groups.fulfilment_type
    left join returned
        on returned.channel = groups.channel
        and returned.fulfilment_type = groups.fulfilment_type
    left join order_fees
        on order_fees.channel = groups.channel
        and order_fees.fulfilment_type = groups.fulfilment_type
)

select * from final
