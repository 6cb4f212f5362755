-- materialized: view
-- One row per listing (key: listing_id): a SKU on a channel/marketplace and the location feeding it.
with

source as (
    select * from {{ ref('listing') }}
),

renamed as (
    select
        ---------- ids
        source.listing_id,
        source.channel,
        source.marketplace,
        source.sku,
        source.location_id,
        ---------- attributes
        source.fulfilment,
        source.listing_status,
        ---------- numerics
        source.channel_quantity_units,
        source.channel_quantity_seen_at
    from source
)

select * from renamed
