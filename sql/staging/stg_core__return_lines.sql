-- materialized: view
-- One row per returned line (key: channel, return_line_id), reason already normalised (B.8).
with

source as (
    select * from {{ ref('return_line') }}
),

renamed as (
    select
        ---------- ids
        source.channel,
        source.marketplace,
        source.return_line_id,
        source.order_id,
        source.sku,
        source.location_id,
        ---------- attributes
        source.raw_reason,
        coalesce(source.reason_code, 'UNKNOWN') as reason_code,
        source.disposition,
        source.is_restocked,
        nullif(trim(source.customer_comment), '') as customer_comment,
        ---------- numerics
        source.quantity_units,
        cast(source.refund_base as {{ float_type() }}) as refund_base,
        ---------- timestamps
        source.returned_at,
        cast(source.returned_at as date) as returned_date,
        ---------- flags
        source.disposition = 'sellable' as is_sellable
    from source
)

select * from renamed
