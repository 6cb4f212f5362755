-- materialized: table
-- cluster_by: ordered_date
-- incremental: sku
-- One row per order line (key: channel, order_id, line_id), unified across channels: the
-- location and pool it draws stock from, and its revenue in the base currency at the rate of the
-- order date (B.0). A line without a known location draws on pool 'UNASSIGNED'.
with

order_lines as (
    select * from {{ ref('stg_core__order_lines') }}
),

listings as (
    select * from {{ ref('stg_core__listings') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

fx as (
    select * from {{ ref('int_fx_daily') }}
),

-- a line carries its location when the channel says; otherwise the listing's feeding location
located as (
    select
        order_lines.channel,
        order_lines.marketplace,
        order_lines.order_id,
        order_lines.line_id,
        order_lines.sku,
        coalesce(order_lines.location_id, listings.location_id, 'UNASSIGNED') as location_id,
        order_lines.order_status,
        order_lines.fulfilment,
        order_lines.ship_country_code,
        order_lines.quantity_units,
        order_lines.item_price_amount,
        order_lines.currency_code,
        order_lines.item_price_base,
        order_lines.ordered_at,
        order_lines.shipped_at,
        order_lines.ship_by_at,
        order_lines.ordered_date,
        order_lines.shipped_date,
        order_lines.is_cancelled,
        order_lines.is_shipped
    from order_lines
    left join listings
        on listings.channel = order_lines.channel
        and listings.marketplace = order_lines.marketplace
        and listings.sku = order_lines.sku
        and listings.fulfilment = order_lines.fulfilment
    where {{ changed_skus('order_lines.sku') }}
),

final as (
    select
        located.channel,
        located.marketplace,
        located.order_id,
        located.line_id,
        located.sku,
        located.location_id,
        coalesce(locations.pool_id, located.location_id) as pool_id,
        locations.location_kind,
        -- FBA / 3PL / self-fulfilled, the way order operations are compared
        case
            when located.fulfilment = 'fba' then 'fba'
            when locations.location_kind = '3pl' then '3pl'
            else 'self'
        end as fulfilment_type,
        located.order_status,
        located.fulfilment,
        located.ship_country_code,
        located.quantity_units,
        located.currency_code,
        coalesce(
            located.item_price_base,
            located.item_price_amount * fx.rate_to_base
        ) as revenue_base,
        located.ordered_at,
        located.shipped_at,
        located.ship_by_at,
        located.ordered_date,
        located.shipped_date,
        located.is_cancelled,
        located.is_shipped
    from located
    left join locations
        on locations.location_id = located.location_id
    left join fx
        on fx.currency_code = located.currency_code
        and fx.date_day = located.ordered_date
)

select * from final
