-- materialized: table
-- One row: the first and last day any data exists, the last snapshot day, and the default
-- as_of: the last day every source is complete for (docs/analytics.md "Default as_of").
--   orders_last_date     the last day any channel's lines were ordered or shipped (a quiet
--                        channel is not incomplete: days without orders are zero demand)
--   inventory_last_date  the earliest last-snapshot day of the locations still reporting (a
--                        location whose snapshots stopped 30+ days before the newest one is
--                        treated as closed, so it cannot hold the default back for ever)
--   default_as_of_date   the earlier of the two (either alone when only one kind is loaded)
-- The span of all data comes from the sources' spans (orders and stock) and the returns: no
-- scan of the 10M order lines or the snapshot history here.
with

returns as (
    select * from {{ ref('stg_core__return_lines') }}
),

sources as (
    select * from {{ ref('int_source_dates') }}
),

days as (
    select sources.first_date as date_day from sources
    union all
    select sources.last_date as date_day from sources
    union all
    select returns.returned_date as date_day from returns
),

span as (
    select
        min(days.date_day) as first_data_date,
        max(days.date_day) as last_data_date
    from days
),

kinds as (
    select
        max(case when sources.source_kind = 'orders' then sources.last_date end) as orders_last_date,
        max(case when sources.source_kind = 'inventory' then sources.last_date end) as last_snapshot_date
    from sources
),

inventory_end as (
    select
        min(sources.last_date) as inventory_last_date
    from sources
    cross join kinds
    where sources.source_kind = 'inventory'
        and sources.last_date > {{ add_days(kinds.last_snapshot_date, -30) }}
),

final as (
    select
        span.first_data_date,
        span.last_data_date,
        kinds.last_snapshot_date,
        kinds.orders_last_date,
        inventory_end.inventory_last_date,
        case
            when kinds.orders_last_date is null then coalesce(inventory_end.inventory_last_date, span.last_data_date)
            when inventory_end.inventory_last_date is null then kinds.orders_last_date
            when kinds.orders_last_date < inventory_end.inventory_last_date then kinds.orders_last_date
            else inventory_end.inventory_last_date
        end as default_as_of_date
    from span
    cross join kinds
    cross join inventory_end
)

select * from final
