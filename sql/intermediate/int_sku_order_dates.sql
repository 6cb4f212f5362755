-- materialized: table
-- incremental: sku
-- One row per sku × channel (key: sku, channel): the first and last day its order lines were
-- ordered or shipped. int_source_dates takes each channel's span from these 40k rows instead of
-- the 10M order lines, and a pull redoes only the rows of the SKUs it touched.
with

order_lines as (
    select * from {{ ref_skus('int_order_lines') }}
),

final as (
    select
        order_lines.sku,
        order_lines.channel,
        min(
            case when order_lines.shipped_date < order_lines.ordered_date
                then order_lines.shipped_date else order_lines.ordered_date end
        ) as first_date,
        max(
            case when order_lines.shipped_date > order_lines.ordered_date
                then order_lines.shipped_date else order_lines.ordered_date end
        ) as last_date
    from order_lines
    where {{ changed_skus('order_lines.sku') }}
    group by order_lines.sku, order_lines.channel
)

select * from final
