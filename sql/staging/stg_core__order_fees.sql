-- materialized: view
-- One row per channel fee (key: channel, fee_id): cost positive, credits negative, with the UTC
-- posting day. Rename and type; nothing else.
with

source as (
    select * from {{ ref('order_fee') }}
),

renamed as (
    select
        ---------- ids
        source.channel,
        source.marketplace,
        source.fee_id,
        source.order_id,
        source.sku,
        ---------- attributes
        source.fee_type,
        source.raw_description,
        ---------- numerics
        cast(source.fee_amount as {{ float_type() }}) as fee_amount,
        source.currency_code,
        cast(source.fee_base as {{ float_type() }}) as fee_base,
        ---------- timestamps
        source.posted_at,
        cast(source.posted_at as date) as posted_date
    from source
)

select * from renamed
