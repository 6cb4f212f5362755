-- materialized: table
-- incremental: sku
-- One row per sku × location (key: sku, location_id): its first and last snapshot day. The daily
-- inventory spine starts at the first and ends at the location's last (the greatest of its
-- skus' last), and int_source_dates takes each location's span from these 20k rows instead of
-- the snapshot history, which an order pull then does not read at all.
with

snapshots as (
    select * from {{ ref('inventory_snapshot') }}
),

final as (
    select
        snapshots.sku,
        snapshots.location_id,
        min(snapshots.snapshot_date) as first_date,
        max(snapshots.snapshot_date) as last_date
    from snapshots
    where {{ changed_skus('snapshots.sku') }}
    group by snapshots.sku, snapshots.location_id
)

select * from final
