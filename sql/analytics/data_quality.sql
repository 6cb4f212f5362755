-- data_quality: what the figures could not use, one row per finding (key: check_code, source_id,
-- sku, record_id). Nothing here is invented into a pool or a date; each row says what to fix.
--   RETURN_UNPLACED        a sellable return with no location whose order is not in the data:
--                          it restocks no pool (load the order, or give the return a location)
--   ORDER_LINES_UNLOCATED  order lines whose channel line and listing name no location: they
--                          draw on pool UNASSIGNED (set location_id in the listings template)
--   SOURCE_ENDS_EARLY      a source whose data ends before the default as_of (its later days are
--                          unknown stock / no orders)
--   SOURCE_AHEAD           a source with data after the default as_of, which default results
--                          do not use until the other sources catch up
with

params as (
    select
        cast($check as string) as check_filter,
        cast($source as string) as source_filter
),

return_lines as (
    select * from {{ ref('int_return_lines') }}
),

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

sources as (
    select * from {{ ref('int_source_dates') }}
),

data_dates as (
    select * from {{ ref('int_data_dates') }}
),

unplaced_returns as (
    select
        'RETURN_UNPLACED' as check_code,
        return_lines.channel as source_id,
        return_lines.sku,
        return_lines.return_line_id as record_id,
        return_lines.returned_date as first_date,
        return_lines.returned_date as last_date,
        cast(1 as bigint) as count_records,
        cast(return_lines.quantity_units as bigint) as units,
        'sellable return of order ' || coalesce(return_lines.order_id, '(none)')
            || ' has no location and its order is not loaded: restocked nowhere' as message
    from return_lines
    where return_lines.is_sellable
        and return_lines.restock_location_id is null
),

unlocated_lines as (
    select
        'ORDER_LINES_UNLOCATED' as check_code,
        order_lines.channel as source_id,
        order_lines.sku,
        order_lines.marketplace || ':' || order_lines.fulfilment as record_id,
        min(order_lines.ordered_date) as first_date,
        max(order_lines.ordered_date) as last_date,
        cast(count(*) as bigint) as count_records,
        cast(sum(order_lines.quantity_units) as bigint) as units,
        'no location for ' || order_lines.channel || ' ' || order_lines.marketplace || ' '
            || order_lines.fulfilment || ' listing: its lines draw on pool UNASSIGNED' as message
    from order_lines
    where order_lines.location_id = 'UNASSIGNED'
    group by order_lines.channel, order_lines.marketplace, order_lines.fulfilment, order_lines.sku
),

source_findings as (
    select
        case
            when sources.last_date < data_dates.default_as_of_date then 'SOURCE_ENDS_EARLY'
            else 'SOURCE_AHEAD'
        end as check_code,
        sources.source_id,
        cast(null as string) as sku,
        sources.source_kind as record_id,
        sources.first_date,
        sources.last_date,
        cast(null as bigint) as count_records,
        cast(null as bigint) as units,
        case
            when sources.last_date < data_dates.default_as_of_date
                then 'stock at ' || sources.source_id || ' ends ' || cast(sources.last_date as string)
                    || ', before the default as_of ' || cast(data_dates.default_as_of_date as string)
                    || ': its stock after that is unknown'
            else case when sources.source_kind = 'orders'
                    then sources.source_id || ' orders reach '
                    else 'stock at ' || sources.source_id || ' reaches '
                end
                || cast(sources.last_date as string) || ', after the default as_of '
                || cast(data_dates.default_as_of_date as string) || ': default results wait for the other sources'
        end as message
    from sources
    cross join data_dates
    where sources.last_date <> data_dates.default_as_of_date
        -- a quiet channel is not behind: only the last order day of all channels sets as_of
        and not (sources.source_kind = 'orders' and sources.last_date < data_dates.default_as_of_date)
),

findings as (
    select * from unplaced_returns
    union all
    select * from unlocated_lines
    union all
    select * from source_findings
),

final as (
    select
        findings.check_code,
        findings.source_id,
        findings.sku,
        findings.record_id,
        findings.first_date,
        findings.last_date,
        findings.count_records,
        findings.units,
        findings.message
    from findings
    cross join params
    where (params.check_filter is null or findings.check_code = params.check_filter)
        and (params.source_filter is null or findings.source_id = params.source_filter)
    order by findings.check_code, findings.source_id, findings.sku, findings.record_id
)

select * from final
