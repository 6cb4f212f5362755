-- oversell: one row per incident or risk (key: kind, channel, order_id, line_id, listing_id).
-- kind = 'incident': an order line accepted when the pool's available-to-sell was already short
-- (anchors B.12c): each day starts from the pool's available units at the previous end of day,
-- and that day's accepted lines of every channel are replayed in ordered_at order;
-- shortfall = max(0, quantity − max(ats before the line, 0)). Pending lines are not committed.
-- kind = 'risk': a merchant-fulfilled listing whose channel quantity exceeds the available stock
-- of the pool feeding it (as last seen on or before as_of).
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($channel as string) as channel_filter,
        cast($marketplace as string) as marketplace_filter,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter
),

replayed_incidents as (
    select * from {{ ref('int_oversell_incidents') }}
),

positions as (
    select * from {{ ref('int_daily_position') }}
),

listings as (
    select * from {{ ref('stg_core__listings') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        params.channel_filter,
        params.marketplace_filter,
        params.pool_filter,
        params.sku_prefix_filter
    from params
),

recent_positions as (
    select
        positions.sku,
        positions.pool_id,
        positions.date_day,
        positions.data_gap,
        positions.available_units,
        positions.opening_available_units,
        positions.units_accepted
    from positions
    cross join period
    where positions.date_day between period.start_date and period.as_of_date
        and (period.pool_filter is null or positions.pool_id = period.pool_filter)
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
),

-- the replay itself is done once per rebuild over the whole history (int_oversell_incidents)
incidents as (
    select
        'incident' as kind,
        replayed.channel,
        replayed.marketplace,
        replayed.sku,
        replayed.pool_id,
        replayed.order_id,
        replayed.line_id,
        replayed.ordered_at,
        replayed.order_status,
        replayed.quantity_units,
        replayed.ats_before_units,
        replayed.quantity_units - (
            case when replayed.ats_before_units > 0 then replayed.ats_before_units else 0 end
        ) as shortfall_units,
        cast(null as string) as listing_id,
        cast(null as bigint) as channel_quantity_units,
        cast(null as bigint) as pool_available_units,
        cast(null as bigint) as excess_listed_units,
        case
            when replayed.order_status = 'cancelled' then 'accepted beyond stock, then cancelled'
            else 'accepted beyond stock'
        end as reason
    from replayed_incidents as replayed
    cross join period
    where replayed.ordered_date between period.start_date and period.as_of_date
        and (period.channel_filter is null or replayed.channel = period.channel_filter)
        and (period.marketplace_filter is null or replayed.marketplace = period.marketplace_filter)
        and (period.pool_filter is null or replayed.pool_id = period.pool_filter)
        and (period.sku_prefix_filter is null or starts_with(replayed.sku, period.sku_prefix_filter))
),

-- the pool's available units on its last known day in the window (one aggregate, no self-join)
pool_stock as (
    select
        recent_positions.sku,
        recent_positions.pool_id,
        max_by(recent_positions.available_units, recent_positions.date_day) as available_units
    from recent_positions
    where not recent_positions.data_gap
    group by recent_positions.sku, recent_positions.pool_id
),

risks as (
    select
        'risk' as kind,
        listings.channel,
        listings.marketplace,
        listings.sku,
        locations.pool_id,
        cast(null as string) as order_id,
        cast(null as string) as line_id,
        cast(null as timestamp) as ordered_at,
        cast(null as string) as order_status,
        cast(null as bigint) as quantity_units,
        cast(null as bigint) as ats_before_units,
        cast(null as bigint) as shortfall_units,
        listings.listing_id,
        cast(listings.channel_quantity_units as bigint) as channel_quantity_units,
        cast(pool_stock.available_units as bigint) as pool_available_units,
        listings.channel_quantity_units - (
            case when pool_stock.available_units > 0 then pool_stock.available_units else 0 end
        ) as excess_listed_units,
        'channel shows more than the pool can ship' as reason
    from listings
    cross join period
    inner join locations
        on locations.location_id = listings.location_id
    inner join pool_stock
        on pool_stock.sku = listings.sku
        and pool_stock.pool_id = locations.pool_id
    where listings.fulfilment = 'merchant'
        and coalesce(lower(listings.listing_status), 'active') not in ('inactive', 'ended', 'closed', 'deleted')
        and listings.channel_quantity_units > (
            case when pool_stock.available_units > 0 then pool_stock.available_units else 0 end
        )
        and (period.channel_filter is null or listings.channel = period.channel_filter)
        and (period.marketplace_filter is null or listings.marketplace = period.marketplace_filter)
        and (period.pool_filter is null or locations.pool_id = period.pool_filter)
        and (period.sku_prefix_filter is null or starts_with(listings.sku, period.sku_prefix_filter))
),

final as (
    select * from incidents
    union all
    select * from risks
)

select * from final
