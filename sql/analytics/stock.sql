-- stock: one row per listing (sku × channel × marketplace × fulfilment): what the channel shows,
-- the stock that feeds it, the quantity the allocation rules suggest, and whether it may be set.
-- Key: listing. The write-back (pipeline/writeback) plans edits against these same rows.
-- Allocation order (anchors B.12a, pipeline/writeback/allocation.ts):
--   available → − reserve → × percentage (round down) → cap → 0 at or below the floor.
-- Reads the live canonical tables (not the models): an applied push shows on the next refresh
-- (its default answer's mart is read only while it is of the current data version).
-- FBA rows get no suggestion: Amazon sets their quantity.
with

params as (
    select
        cast($channel as string) as channel_filter,
        cast($marketplace as string) as marketplace_filter,
        cast($sku_prefix as string) as sku_prefix_filter
),

listings as (
    select canonical_listing.*
    from {{ ref('listing') }} as canonical_listing
    cross join params
    where (params.channel_filter is null or canonical_listing.channel = params.channel_filter)
        and (params.marketplace_filter is null or canonical_listing.marketplace = params.marketplace_filter)
        and (params.sku_prefix_filter is null or starts_with(canonical_listing.sku, params.sku_prefix_filter))
),

versions as (
    select * from {{ ref('listing_version') }}
),

locations as (
    select * from {{ ref('location') }}
),

rules as (
    select * from {{ ref('allocation_rule') }}
),

-- The latest end-of-day position of each sku at each location (a missing row is unknown), kept
-- as snapshots land (sql/schema/130_inventory_latest.sql) rather than aggregated per request.
latest_position as (
    select * from {{ latest_snapshots() }}
),

-- A listing is fed by its location's whole pool (B.0): sum the pool members' latest positions.
listing_pool as (
    select
        listings.listing_id,
        coalesce(feeding.pool_id, listings.location_id) as pool_id,
        coalesce(feeding.is_settable, true) as is_settable
    from listings
    left join locations as feeding
        on listings.location_id = feeding.location_id
),

pool_available as (
    select
        listing_pool.listing_id,
        sum(latest_position.available_units) as available_units,
        max(latest_position.snapshot_date) as available_as_of_date
    from listing_pool
    inner join listings
        on listing_pool.listing_id = listings.listing_id
    left join locations as members
        on listing_pool.pool_id = members.pool_id
    inner join latest_position
        on latest_position.sku = listings.sku
        and latest_position.location_id = coalesce(members.location_id, listings.location_id)
    group by listing_pool.listing_id
),

-- Rules merge field by field, most specific first: listing → channel → all.
effective_rule as (
    select
        listings.listing_id,
        coalesce(by_listing.reserve_units, by_channel.reserve_units, for_all.reserve_units, 0)
            as reserve_units,
        coalesce(by_listing.available_pct, by_channel.available_pct, for_all.available_pct, 100)
            as available_pct,
        coalesce(by_listing.max_units, by_channel.max_units, for_all.max_units) as max_units,
        coalesce(by_listing.floor_units, by_channel.floor_units, for_all.floor_units, 0)
            as floor_units
    from listings
    left join rules as by_listing
        on by_listing.rule_scope = 'listing'
        and by_listing.listing_id = listings.listing_id
    left join rules as by_channel
        on by_channel.rule_scope = 'channel'
        and by_channel.channel = listings.channel
    left join rules as for_all
        on for_all.rule_scope = 'all'
),

-- Steps 1–2: what is left after the reserve (never below 0; a negative pool counts as 0).
after_reserve as (
    select
        effective_rule.*,
        pool_available.available_units,
        pool_available.available_as_of_date,
        case
            when pool_available.available_units is null then null
            when pool_available.available_units - effective_rule.reserve_units <= 0 then 0
            else pool_available.available_units - effective_rule.reserve_units
        end as after_reserve_units
    from effective_rule
    left join pool_available
        on effective_rule.listing_id = pool_available.listing_id
),

-- Step 3: the percentage, rounded down (hundredths of a percent in integers, so 7% of 100 is
-- exactly 7).
shared as (
    select
        after_reserve.*,
        cast(floor(
            after_reserve.after_reserve_units
            * cast(round(after_reserve.available_pct * 100) as bigint)
            / 10000
        ) as bigint) as share_units
    from after_reserve
),

-- Step 4: the cap.
allocated as (
    select
        shared.*,
        case
            when shared.max_units is not null and shared.max_units < shared.share_units
                then shared.max_units
            else shared.share_units
        end as capped_units
    from shared
),

final as (
    select
        listings.listing_id as listing,
        listings.sku,
        listings.title,
        listings.channel,
        listings.marketplace,
        listings.fulfilment,
        listings.channel_listing_id,
        listings.channel_offer_id,
        listings.channel_inventory_item_id,
        listings.channel_location_id,
        listings.location_id,
        listing_pool.pool_id,
        allocated.available_units,
        allocated.available_as_of_date,
        listings.channel_quantity_units as channel_quantity,
        listings.channel_quantity_seen_at,
        versions.version,
        listings.fulfilment = 'merchant' and listing_pool.is_settable as editable,
        allocated.reserve_units,
        allocated.available_pct,
        allocated.max_units,
        allocated.floor_units,
        -- Step 5: the floor ("end when"); no suggestion for rows nobody may set.
        case
            when not (listings.fulfilment = 'merchant' and listing_pool.is_settable) then null
            when allocated.capped_units is null then null
            when allocated.capped_units <= allocated.floor_units then 0
            else allocated.capped_units
        end as suggested_quantity
    from listings
    inner join versions
        on listings.listing_id = versions.listing_id
    inner join listing_pool
        on listings.listing_id = listing_pool.listing_id
    inner join allocated
        on listings.listing_id = allocated.listing_id
)

-- in the dataset's order (channel, marketplace, sku, listing): the answer is sorted once, by the
-- registry (orderedAnswer); sorting here as well cost a second sort of 30k rows
select * from final
