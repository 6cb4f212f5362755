-- materialized: table
-- cluster_by: date_day
-- incremental: sku
-- One row per sku × location × day (key: sku, location_id, date_day) from the first day the sku
-- had demand or a return at the location to the last data day, zero-filled over dim_date so that
-- days without sales count (B.0, pipeline.md rec. 8). Rolls up to the sku × pool × day grain
-- through pool_id.
with

order_lines as (
    select * from {{ ref_skus('int_order_lines') }}
),

returns as (
    select * from {{ ref_skus('int_return_lines') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

data_dates as (
    select * from {{ ref('int_data_dates') }}
),

ordered as (
    select
        order_lines.sku,
        order_lines.location_id,
        order_lines.ordered_date as date_day,
        cast(sum(case when order_lines.is_cancelled then 0 else order_lines.quantity_units end) as bigint) as units_ordered,
        cast(countif(not order_lines.is_cancelled) as bigint) as count_order_lines,
        -- committed when accepted (not pending), even if cancelled later: what oversell replays
        cast(sum(case when order_lines.order_status = 'pending' then 0 else order_lines.quantity_units end) as bigint)
            as units_accepted
    from order_lines
    where {{ changed_skus('order_lines.sku') }}
    group by order_lines.sku, order_lines.location_id, order_lines.ordered_date
),

shipped as (
    select
        order_lines.sku,
        order_lines.location_id,
        order_lines.shipped_date as date_day,
        cast(sum(order_lines.quantity_units) as bigint) as units_shipped,
        sum(order_lines.revenue_base) as revenue_base
    from order_lines
    where order_lines.is_shipped
        and {{ changed_skus('order_lines.sku') }}
    group by order_lines.sku, order_lines.location_id, order_lines.shipped_date
),

-- sellable returns put back on the shelf where they came back to (the return's location, else
-- its shipment's): they reverse COGS in the period they arrive (B.2). A return that cannot be
-- placed restocks nothing (data_quality lists it).
restocked as (
    select
        returns.sku,
        returns.restock_location_id as location_id,
        returns.returned_date as date_day,
        cast(sum(returns.quantity_units) as bigint) as units_returned_sellable
    from returns
    where returns.is_sellable
        and returns.restock_location_id is not null
        and {{ changed_skus('returns.sku') }}
    group by returns.sku, returns.restock_location_id, returns.returned_date
),

activity as (
    select ordered.sku, ordered.location_id, ordered.date_day from ordered
    union all
    select shipped.sku, shipped.location_id, shipped.date_day from shipped
    union all
    select restocked.sku, restocked.location_id, restocked.date_day from restocked
),

bounds as (
    select
        activity.sku,
        activity.location_id,
        min(activity.date_day) as first_demand_date
    from activity
    group by activity.sku, activity.location_id
),

spine as (
    select
        bounds.sku,
        bounds.location_id,
        bounds.first_demand_date,
        dates.date_day
    from bounds
    cross join data_dates
    inner join dates
        on dates.date_day >= bounds.first_demand_date
        and dates.date_day <= data_dates.last_data_date
),

final as (
    select
        spine.sku,
        spine.location_id,
        coalesce(locations.pool_id, spine.location_id) as pool_id,
        spine.date_day,
        spine.first_demand_date,
        coalesce(ordered.units_ordered, 0) as units_ordered,
        coalesce(ordered.count_order_lines, 0) as count_order_lines,
        coalesce(ordered.units_accepted, 0) as units_accepted,
        coalesce(shipped.units_shipped, 0) as units_shipped,
        coalesce(shipped.revenue_base, 0) as revenue_base,
        coalesce(restocked.units_returned_sellable, 0) as units_returned_sellable
    from spine
    left join locations
        on locations.location_id = spine.location_id
    left join ordered
        on ordered.sku = spine.sku
        and ordered.location_id = spine.location_id
        and ordered.date_day = spine.date_day
    left join shipped
        on shipped.sku = spine.sku
        and shipped.location_id = spine.location_id
        and shipped.date_day = spine.date_day
    left join restocked
        on restocked.sku = spine.sku
        and restocked.location_id = spine.location_id
        and restocked.date_day = spine.date_day
)

select * from final
