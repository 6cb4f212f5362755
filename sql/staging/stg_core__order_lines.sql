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
        -- the channel's ship-by promise (Amazon's latest-ship-date); null when it said none
        source.ship_by_at,
        cast(source.ordered_at as date) as ordered_date,
        -- Amazon's All Orders report has no ship date: a line Amazon calls shipped without one
        -- counts as shipped on its order date (FBA and Prime ship within a day or two), so that
        -- its units reach demand and COGS. shipped_at stays null: ship times are never invented.
        coalesce(
            cast(source.shipped_at as date),
            case when source.order_status = 'shipped' then cast(source.ordered_at as date) end
        ) as shipped_date,
        source.shipped_at is null and source.order_status = 'shipped' as is_ship_date_estimated,
        ---------- flags
        source.order_status = 'cancelled' as is_cancelled,
        -- shipped = left the warehouse; a refunded line that shipped still moved stock
        (
            source.order_status = 'shipped'
            or (source.shipped_at is not null and source.order_status = 'refunded')
        ) as is_shipped
    from source
)

select * from renamed
