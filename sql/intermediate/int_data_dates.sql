-- materialized: table
-- One row: the first and last day any data exists, and the last snapshot day. `as_of` defaults
-- to last_data_date.
with

order_lines as (
    select * from {{ ref('stg_core__order_lines') }}
),

snapshots as (
    select * from {{ ref('inventory_snapshot') }}
),

returns as (
    select * from {{ ref('stg_core__return_lines') }}
),

days as (
    select order_lines.ordered_date as date_day from order_lines
    union all
    select order_lines.shipped_date as date_day from order_lines
    union all
    select snapshots.snapshot_date as date_day from snapshots
    union all
    select returns.returned_date as date_day from returns
),

final as (
    select
        min(days.date_day) as first_data_date,
        max(days.date_day) as last_data_date,
        (select max(snapshots.snapshot_date) from snapshots) as last_snapshot_date
    from days
)

select * from final
