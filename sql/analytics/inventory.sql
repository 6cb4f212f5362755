-- inventory: one row per sku × location (key: sku, location_id). The latest known end-of-day
-- position on or before as_of within the window, its value at cost in the base currency, and
-- how many days it lasts at stock-out-censored demand (B.0, B.3).
-- Identities: days_of_supply = available_units / avg_daily_units when both are positive.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($location as string) as location_filter,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

inventory as (
    select * from {{ ref('int_daily_inventory') }}
),

demand as (
    select * from {{ ref('int_daily_demand') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        params.location_filter,
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

-- read twice; a window of one table: recomputing is cheaper than storing a copy
scoped as {{ recompute() }} (
    select
        inventory.sku,
        inventory.location_id,
        inventory.pool_id,
        inventory.date_day,
        inventory.first_snapshot_date,
        inventory.data_gap,
        inventory.on_hand_units,
        inventory.available_units,
        inventory.reserved_units,
        inventory.inbound_units,
        inventory.unfulfillable_units,
        inventory.units_shipped,
        period.as_of_date,
        period.start_date
    from inventory
    cross join period
    where inventory.date_day between period.start_date and period.as_of_date
        and (period.location_filter is null or inventory.location_id = period.location_filter)
        and (period.pool_filter is null or inventory.pool_id = period.pool_filter)
        and (period.sku_prefix_filter is null or starts_with(inventory.sku, period.sku_prefix_filter))
),

-- d̂ over in-stock days only (stock-out censoring, B.0), and the last known day: a gap on
-- as_of shows the last known day, flagged is_stale
demand_rate as (
    select
        scoped.sku,
        scoped.location_id,
        max(case when not scoped.data_gap then scoped.date_day end) as snapshot_date,
        countif(not scoped.data_gap and scoped.available_units > 0) as in_stock_days,
        sum(scoped.units_shipped) as units_shipped,
        sum(
            case
                when not scoped.data_gap and scoped.available_units > 0 then scoped.units_shipped
                else 0
            end
        ) as units_shipped_in_stock
    from scoped
    group by scoped.sku, scoped.location_id
),

latest as (
    select scoped.* from scoped
    inner join demand_rate
        on demand_rate.sku = scoped.sku
        and demand_rate.location_id = scoped.location_id
        and demand_rate.snapshot_date = scoped.date_day
),

measured as (
    select
        latest.sku,
        sku_costs.title,
        sku_costs.category,
        latest.location_id,
        locations.location_name,
        locations.location_kind,
        latest.pool_id,
        latest.date_day as snapshot_date,
        latest.date_day < latest.as_of_date as is_stale,
        latest.first_snapshot_date > latest.start_date as is_new_sku,
        latest.on_hand_units,
        latest.available_units,
        latest.reserved_units,
        latest.inbound_units,
        latest.unfulfillable_units,
        sku_costs.unit_cost_base,
        demand_rate.in_stock_days,
        demand_rate.units_shipped,
        demand_rate.units_shipped_in_stock / nullif(demand_rate.in_stock_days, 0) as avg_daily_units
    from latest
    inner join demand_rate
        on demand_rate.sku = latest.sku
        and demand_rate.location_id = latest.location_id
    cross join period
    left join sku_costs
        on sku_costs.sku = latest.sku
    left join locations
        on locations.location_id = latest.location_id
    where period.category_filter is null or sku_costs.category = period.category_filter
),

supply as (
    select
        measured.*,
        case
            when measured.available_units <= 0 then 0
            else measured.available_units / nullif(measured.avg_daily_units, 0)
        end as days_of_supply,
        case
            when measured.available_units + measured.inbound_units <= 0 then 0
            else (measured.available_units + measured.inbound_units) / nullif(measured.avg_daily_units, 0)
        end as days_of_supply_total
    from measured
),

final as (
    select
        supply.sku,
        supply.title,
        supply.category,
        supply.location_id,
        supply.location_name,
        supply.location_kind,
        supply.pool_id,
        supply.snapshot_date,
        supply.is_stale,
        supply.on_hand_units,
        supply.available_units,
        supply.reserved_units,
        supply.inbound_units,
        supply.unfulfillable_units,
        supply.unit_cost_base,
        supply.on_hand_units * supply.unit_cost_base as value_at_cost_base,
        supply.units_shipped as units_shipped_window,
        supply.in_stock_days,
        supply.avg_daily_units,
        supply.days_of_supply,
        supply.days_of_supply_total,
        coalesce(supply.days_of_supply, 9999) as days_of_supply_sort,
        case
            when supply.available_units < 0 then 'NEGATIVE_STOCK'
            when supply.days_of_supply is null then 'NO_DEMAND'
            when supply.is_new_sku then 'NEW_SKU'
            when supply.is_stale then 'DATA_GAP'
        end as reason_code,
        case when supply.unit_cost_base is null then 'NO_COST' end as value_reason_code
    from supply
)

select * from final
