-- materialized: table
-- One row per data source (key: source_kind, source_id): how far each source's data reaches.
-- Orders are one source per channel (the first and last day its lines were ordered or shipped:
-- a report that shows a shipment covers that day); stock is one source per location (first and
-- last snapshot day). int_data_dates takes the default as_of and the span of all data from these,
-- and the data_quality dataset lists the sources that end before it.
-- Orders are read from int_order_lines, whose dates are stored: the staging view casts every
-- timestamp again (3× slower, and this is rebuilt after every pull).
with

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

snapshots as (
    select * from {{ ref('inventory_snapshot') }}
),

order_sources as (
    select
        'orders' as source_kind,
        order_lines.channel as source_id,
        min(
            case when order_lines.shipped_date < order_lines.ordered_date
                then order_lines.shipped_date else order_lines.ordered_date end
        ) as first_date,
        max(
            case when order_lines.shipped_date > order_lines.ordered_date
                then order_lines.shipped_date else order_lines.ordered_date end
        ) as last_date
    from order_lines
    group by order_lines.channel
),

stock_sources as (
    select
        'inventory' as source_kind,
        snapshots.location_id as source_id,
        min(snapshots.snapshot_date) as first_date,
        max(snapshots.snapshot_date) as last_date
    from snapshots
    group by snapshots.location_id
),

final as (
    select * from order_sources
    union all
    select * from stock_sources
)

select * from final
