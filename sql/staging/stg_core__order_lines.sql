-- materialized: view
-- One row per order line (key: channel, order_id, line_id), with UTC dates and status flags.
with

source as (
    select * from {{ ref('order_line') }}
),

renamed as (
    select
        ---------- ids
        source.channel,
        source.marketplace,
        source.order_id,
        source.line_id,
        source.sku,
        source.location_id,
        ---------- attributes
        source.order_status,
        source.fulfilment,
        source.ship_country_code,
        ---------- numerics
        source.quantity_units,
        cast(source.item_price_amount as {{ float_type() }}) as item_price_amount,
        source.currency_code,
        cast(source.item_price_base as {{ float_type() }}) as item_price_base,
        ---------- timestamps
        source.ordered_at,
        source.shipped_at,
        cast(source.ordered_at as date) as ordered_date,
        cast(source.shipped_at as date) as shipped_date,
        ---------- flags
        source.order_status = 'cancelled' as is_cancelled,
        -- shipped = left the warehouse; a refunded line that shipped still moved stock
        (
            source.shipped_at is not null
            and source.order_status in ('shipped', 'refunded')
        ) as is_shipped
    from source
)

select * from renamed
