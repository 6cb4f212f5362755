-- materialized: table
-- cluster_by: posted_date
-- incremental: sku
-- One row per channel × order × sku × fee type × posting day (order_id null: not charged for one
-- order; sku null: an order-level fee of an order that is not loaded, or an account fee), the
-- fees in the base currency (cost positive, credits negative). An order-level fee (a shipping
-- label, a payment fee: no sku) of a loaded order is split over the order's skus by their share
-- of its revenue (units when it has no prices), so every figure per sku adds up to the fees.
-- has_order_line: the fee's order and sku are loaded order lines (else it is counted per sku on
-- its posting day, or not per sku at all).
-- Identity: sum(fee_base) = sum of order_fee.fee_base (at the posting day's rate when the loader
-- had none), whenever every fee has a rate.
with

fees as (
    select * from {{ ref('stg_core__order_fees') }}
),

order_lines as {{ recompute() }} (
    select * from {{ ref('int_order_lines') }}
),

fx as (
    select * from {{ ref('int_fx_daily') }}
),

-- a rate loaded after the fee still applies (as for order lines)
priced as (
    select
        fees.channel,
        fees.order_id,
        fees.sku,
        fees.fee_type,
        fees.posted_date,
        coalesce(fees.fee_base, fees.fee_amount * fx.rate_to_base) as fee_base
    from fees
    left join fx
        on fx.currency_code = fees.currency_code
        and fx.date_day = fees.posted_date
    -- fees of a whole order (no sku) are shared out below over the order's changed SKUs, or kept
    where fees.sku is null or {{ changed_skus('fees.sku') }}
),

order_skus as (
    select
        order_lines.channel,
        order_lines.order_id,
        order_lines.sku,
        sum(coalesce(order_lines.revenue_base, 0)) as revenue_base,
        sum(order_lines.quantity_units) as quantity_units
    from order_lines
    -- an order's shares need all its SKUs: a partial rebuild keeps every order of a changed SKU.
    -- One semi join on the orders that have fees and (in a partial rebuild) a changed SKU: built
    -- from those few orders, it spares the scan of every order line when there are none.
    where (order_lines.channel, order_lines.order_id) in (
        select priced.channel, priced.order_id from priced where {{ changed_orders('priced', 'int_order_lines') }}
    )
    group by order_lines.channel, order_lines.order_id, order_lines.sku
),

-- the orders of fees without a sku that have lines, changed or not (a fee of an order never
-- loaded keeps no sku); only those fees are looked up here
loaded_orders as (
    select distinct
        order_lines.channel,
        order_lines.order_id
    from order_lines
    inner join (
        select distinct priced.channel, priced.order_id from priced where priced.sku is null
    ) as fee_orders
        on fee_orders.channel = order_lines.channel
        and fee_orders.order_id = order_lines.order_id
),

-- each sku's share of its order: by revenue, else by units, else equal
shares as (
    select
        order_skus.channel,
        order_skus.order_id,
        order_skus.sku,
        coalesce(
            order_skus.revenue_base / nullif(
                sum(order_skus.revenue_base) over (partition by order_skus.channel, order_skus.order_id), 0
            ),
            order_skus.quantity_units / nullif(
                sum(order_skus.quantity_units) over (partition by order_skus.channel, order_skus.order_id), 0
            ),
            1.0 / count(*) over (partition by order_skus.channel, order_skus.order_id)
        ) as share
    from order_skus
),

split as (
    -- order-level fees of loaded orders, over the order's skus
    select
        priced.channel,
        priced.order_id,
        shares.sku,
        priced.fee_type,
        priced.posted_date,
        priced.fee_base * shares.share as fee_base,
        true as has_order_line
    from priced
    inner join shares
        on shares.channel = priced.channel
        and shares.order_id = priced.order_id
    where priced.sku is null
    union all
    -- fees of one sku, and fees no loaded order line takes
    select
        priced.channel,
        priced.order_id,
        priced.sku,
        priced.fee_type,
        priced.posted_date,
        priced.fee_base,
        order_skus.sku is not null as has_order_line
    from priced
    left join order_skus
        on order_skus.channel = priced.channel
        and order_skus.order_id = priced.order_id
        and order_skus.sku = priced.sku
    left join loaded_orders
        on loaded_orders.channel = priced.channel
        and loaded_orders.order_id = priced.order_id
    where priced.sku is not null
        or loaded_orders.order_id is null
),

final as (
    select
        split.channel,
        split.order_id,
        split.sku,
        split.fee_type,
        split.posted_date,
        sum(split.fee_base) as fee_base,
        count(*) as count_fees,
        {{ bool_or(split.has_order_line) }} as has_order_line
    from split
    group by split.channel, split.order_id, split.sku, split.fee_type, split.posted_date
)

select * from final
