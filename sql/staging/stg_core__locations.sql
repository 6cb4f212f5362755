-- materialized: view
-- One row per location (key: location_id), with the pool whose stock it shares. Rename only.
with

source as (
    select * from {{ ref('location') }}
),

renamed as (
    select
        ---------- ids
        source.location_id,
        coalesce(source.pool_id, source.location_id) as pool_id,
        ---------- attributes
        source.location_name,
        source.location_kind,
        source.country_code,
        source.is_settable
    from source
)

select * from renamed
