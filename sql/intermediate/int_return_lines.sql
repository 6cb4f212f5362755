-- materialized: table
-- cluster_by: returned_date
-- incremental: sku
-- One row per returned line (key: channel, return_line_id), linked to the order line it came
-- back from (same channel, order id and sku): its ship date, fulfilment type and pool. Returns
-- whose order is not in the data (shipped before the data starts) keep null links — the B.8
-- "orphan" bucket.
-- restock_location_id / restock_pool_id: where a sellable return goes back on the shelf — the
-- location the return file names, else the location its shipment drew on. Null when neither is
-- known: such a return restocks no pool (it is listed by the data_quality dataset instead).
with

returns as (
    select * from {{ ref('stg_core__return_lines') }}
),

order_lines as (
    select * from {{ ref_skus('int_order_lines') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

shipments as (
    select
        order_lines.channel,
        order_lines.order_id,
        order_lines.sku,
        min(order_lines.shipped_date) as shipped_date,
        min(order_lines.fulfilment_type) as fulfilment_type,
        min(order_lines.pool_id) as pool_id,
        -- a line that drew on no known location ('UNASSIGNED') cannot place its return
        min(case when order_lines.location_id <> 'UNASSIGNED' then order_lines.location_id end) as location_id
    from order_lines
    where order_lines.is_shipped
        and {{ changed_skus('order_lines.sku') }}
    group by order_lines.channel, order_lines.order_id, order_lines.sku
),

final as (
    select
        returns.channel,
        returns.marketplace,
        returns.return_line_id,
        returns.order_id,
        returns.sku,
        returns.location_id,
        returns.raw_reason,
        returns.reason_code,
        returns.disposition,
        returns.is_restocked,
        returns.is_sellable,
        returns.customer_comment,
        returns.quantity_units,
        returns.refund_base,
        returns.returned_at,
        returns.returned_date,
        shipments.shipped_date,
        shipments.fulfilment_type,
        shipments.pool_id,
        coalesce(returns.location_id, shipments.location_id) as restock_location_id,
        coalesce(
            locations.pool_id,
            coalesce(returns.location_id, shipments.location_id)
        ) as restock_pool_id
    from returns
    left join shipments
        on shipments.channel = returns.channel
        and shipments.order_id = returns.order_id
        and shipments.sku = returns.sku
    left join locations
        on locations.location_id = coalesce(returns.location_id, shipments.location_id)
    where {{ changed_skus('returns.sku') }}
)

select * from final
