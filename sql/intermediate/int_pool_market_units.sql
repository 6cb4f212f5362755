-- materialized: table
-- incremental: sku
-- One row per sku × pool × marketplace (key: sku, pool_id, marketplace): the units its order
-- lines asked for, cancelled lines left out. The demand forecasts take each pool's marketplace
-- (for its peak calendar) from these: 20k rows to sum instead of 10M order lines, and a pull
-- redoes only the rows of the SKUs it touched.
with

order_lines as (
    select * from {{ ref_skus('int_order_lines') }}
),

final as (
    select
        order_lines.sku,
        order_lines.pool_id,
        order_lines.marketplace,
        cast(sum(order_lines.quantity_units) as bigint) as quantity_units
    from order_lines
    where not order_lines.is_cancelled
        and {{ changed_skus('order_lines.sku') }}
    group by order_lines.sku, order_lines.pool_id, order_lines.marketplace
)

select * from final
