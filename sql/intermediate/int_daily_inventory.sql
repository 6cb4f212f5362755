-- materialized: table
-- cluster_by: date_day
-- incremental: sku
-- One row per sku × location × day (key: sku, location_id, date_day) from the sku's first
-- snapshot at the location to the location's last snapshot day. A day without a snapshot row is
-- unknown, not zero: data_gap = true and its quantities are null (B.0). units_shipped is the
-- location's zero-filled demand that day, kept beside the stock for days-of-supply.
-- sellable_on_hand_units = on_hand − unfulfillable: what turnover and aging count (B.0).
with

snapshots as (
    select * from {{ ref('inventory_snapshot') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

demand as (
    select * from {{ ref_skus('int_daily_demand') }} as demand
    where {{ changed_skus('demand.sku') }}
),

-- the first and last snapshot day of each sku at each location (built before this, per sku)
stock_dates as (
    select * from {{ ref('int_sku_stock_dates') }}
),

sku_bounds as (
    select
        stock_dates.sku,
        stock_dates.location_id,
        stock_dates.first_date as first_snapshot_date
    from stock_dates
    where {{ changed_skus('stock_dates.sku') }}
),

-- a location that reports other skus on a day but not this one has a gap for this one
location_bounds as (
    select
        stock_dates.location_id,
        max(stock_dates.last_date) as last_snapshot_date
    from stock_dates
    group by stock_dates.location_id
),

-- the snapshots of the skus built (every sku in a full build), for the days of their spine
sku_snapshots as (
    select * from snapshots
    where {{ changed_skus('snapshots.sku') }}
),

spine as (
    select
        sku_bounds.sku,
        sku_bounds.location_id,
        sku_bounds.first_snapshot_date,
        dates.date_day
    from sku_bounds
    inner join location_bounds
        on location_bounds.location_id = sku_bounds.location_id
    inner join dates
        on dates.date_day >= sku_bounds.first_snapshot_date
        and dates.date_day <= location_bounds.last_snapshot_date
),

final as (
    select
        spine.sku,
        spine.location_id,
        coalesce(locations.pool_id, spine.location_id) as pool_id,
        spine.date_day,
        spine.first_snapshot_date,
        sku_snapshots.on_hand_units,
        sku_snapshots.available_units,
        sku_snapshots.reserved_units,
        sku_snapshots.inbound_units,
        sku_snapshots.unfulfillable_units,
        sku_snapshots.on_hand_units - coalesce(sku_snapshots.unfulfillable_units, 0) as sellable_on_hand_units,
        sku_snapshots.snapshot_date is null as data_gap,
        coalesce(demand.units_shipped, 0) as units_shipped
    from spine
    left join locations
        on locations.location_id = spine.location_id
    left join sku_snapshots
        on sku_snapshots.sku = spine.sku
        and sku_snapshots.location_id = spine.location_id
        and sku_snapshots.snapshot_date = spine.date_day
    left join demand
        on demand.sku = spine.sku
        and demand.location_id = spine.location_id
        and demand.date_day = spine.date_day
)

select * from final
