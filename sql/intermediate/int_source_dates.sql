-- materialized: table
-- One row per data source (key: source_kind, source_id): how far each source's data reaches.
-- Orders are one source per channel (the first and last day its lines were ordered or shipped:
-- a report that shows a shipment covers that day); stock is one source per location (first and
-- last snapshot day). int_data_dates takes the default as_of and the span of all data from these,
-- and the data_quality dataset lists the sources that end before it.
-- Both come from the per-sku spans (int_sku_order_dates, int_sku_stock_dates): tens of thousands
-- of rows instead of the order lines and the snapshot history, and this is rebuilt after every pull.
with

order_dates as (
    select * from {{ ref('int_sku_order_dates') }}
),

stock_dates as (
    select * from {{ ref('int_sku_stock_dates') }}
),

order_sources as (
    select
        'orders' as source_kind,
        order_dates.channel as source_id,
        min(order_dates.first_date) as first_date,
        max(order_dates.last_date) as last_date
    from order_dates
    group by order_dates.channel
),

stock_sources as (
    select
        'inventory' as source_kind,
        stock_dates.location_id as source_id,
        min(stock_dates.first_date) as first_date,
        max(stock_dates.last_date) as last_date
    from stock_dates
    group by stock_dates.location_id
),

final as (
    select * from order_sources
    union all
    select * from stock_sources
)

select * from final
