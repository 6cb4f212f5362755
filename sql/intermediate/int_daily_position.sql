-- materialized: table
-- cluster_by: date_day
-- incremental: sku
-- One row per sku × pool × day (key: sku, pool_id, date_day): the B.0 grain every stock metric
-- starts from. End-of-day stock summed over the pool's locations (unknown if any of them has a
-- gap that day, or if the pool has no snapshot that day) beside zero-filled demand.
-- is_in_stock drives stock-out censoring: available at end of day > 0 on a known day.
-- last_sale_date (last day with units shipped, up to this day) and opening_available_units
-- (the previous day's end-of-day available, null after a gap) spare the datasets long scans.
with

inventory as (
    select * from {{ ref_skus('int_daily_inventory') }}
),

demand as (
    select * from {{ ref_skus('int_daily_demand') }}
),

pool_inventory as (
    select
        inventory.sku,
        inventory.pool_id,
        inventory.date_day,
        min(inventory.first_snapshot_date) as first_snapshot_date,
        max(case when inventory.data_gap then 1 else 0 end) = 1 as data_gap,
        cast(sum(inventory.on_hand_units) as bigint) as on_hand_units,
        cast(sum(inventory.available_units) as bigint) as available_units,
        cast(sum(inventory.reserved_units) as bigint) as reserved_units,
        cast(sum(inventory.inbound_units) as bigint) as inbound_units,
        cast(sum(inventory.unfulfillable_units) as bigint) as unfulfillable_units,
        cast(sum(inventory.sellable_on_hand_units) as bigint) as sellable_on_hand_units
    from inventory
    where {{ changed_skus('inventory.sku') }}
    group by inventory.sku, inventory.pool_id, inventory.date_day
),

pool_demand as (
    select
        demand.sku,
        demand.pool_id,
        demand.date_day,
        min(demand.first_demand_date) as first_demand_date,
        cast(sum(demand.units_ordered) as bigint) as units_ordered,
        cast(sum(demand.count_order_lines) as bigint) as count_order_lines,
        cast(sum(demand.units_accepted) as bigint) as units_accepted,
        cast(sum(demand.units_shipped) as bigint) as units_shipped,
        sum(demand.revenue_base) as revenue_base,
        cast(sum(demand.units_returned_sellable) as bigint) as units_returned_sellable
    from demand
    where {{ changed_skus('demand.sku') }}
    group by demand.sku, demand.pool_id, demand.date_day
),

joined as (
    select
        coalesce(pool_inventory.sku, pool_demand.sku) as sku,
        coalesce(pool_inventory.pool_id, pool_demand.pool_id) as pool_id,
        coalesce(pool_inventory.date_day, pool_demand.date_day) as date_day,
        pool_inventory.first_snapshot_date,
        pool_demand.first_demand_date,
        coalesce(pool_inventory.data_gap, true) as data_gap,
        case when pool_inventory.data_gap then null else pool_inventory.on_hand_units end as on_hand_units,
        case when pool_inventory.data_gap then null else pool_inventory.available_units end as available_units,
        case when pool_inventory.data_gap then null else pool_inventory.reserved_units end as reserved_units,
        case when pool_inventory.data_gap then null else pool_inventory.inbound_units end as inbound_units,
        case when pool_inventory.data_gap then null else pool_inventory.unfulfillable_units end as unfulfillable_units,
        case when pool_inventory.data_gap then null else pool_inventory.sellable_on_hand_units end as sellable_on_hand_units,
        coalesce(pool_demand.units_ordered, 0) as units_ordered,
        coalesce(pool_demand.count_order_lines, 0) as count_order_lines,
        coalesce(pool_demand.units_accepted, 0) as units_accepted,
        coalesce(pool_demand.units_shipped, 0) as units_shipped,
        coalesce(pool_demand.revenue_base, 0) as revenue_base,
        coalesce(pool_demand.units_returned_sellable, 0) as units_returned_sellable
    from pool_inventory
    full outer join pool_demand
        on pool_demand.sku = pool_inventory.sku
        and pool_demand.pool_id = pool_inventory.pool_id
        and pool_demand.date_day = pool_inventory.date_day
),

final as (
    select
        joined.sku,
        joined.pool_id,
        joined.date_day,
        -- the first day the sku was seen in this pool: stock or demand (B.1 "N_active")
        min(coalesce(joined.first_snapshot_date, joined.first_demand_date)) over (
            partition by joined.sku, joined.pool_id
        ) as first_active_date,
        min(joined.first_snapshot_date) over (
            partition by joined.sku, joined.pool_id
        ) as first_snapshot_date,
        joined.data_gap,
        joined.on_hand_units,
        joined.available_units,
        joined.reserved_units,
        joined.inbound_units,
        joined.unfulfillable_units,
        joined.sellable_on_hand_units,
        (not joined.data_gap and joined.available_units > 0) as is_in_stock,
        joined.units_ordered,
        joined.count_order_lines,
        joined.units_accepted,
        joined.units_shipped,
        joined.revenue_base,
        joined.units_returned_sellable,
        max(case when joined.units_shipped > 0 then joined.date_day end) over (
            partition by joined.sku, joined.pool_id
            order by joined.date_day
            rows between unbounded preceding and current row
        ) as last_sale_date,
        lag(joined.available_units) over (
            partition by joined.sku, joined.pool_id
            order by joined.date_day
        ) as opening_available_units
    from joined
)

select * from final
