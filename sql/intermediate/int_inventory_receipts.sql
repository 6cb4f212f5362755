-- materialized: table
-- incremental: sku
-- One row per sku × location × day stock arrived (key: sku, location_id, receipt_date): the FIFO
-- layers B.6 ages. The canonical model has no receipt ledger, so receipts are inferred from the
-- snapshots: arrivals = rise in sellable on_hand (on_hand − unfulfillable, B.0) + units shipped
-- since the previous known snapshot
-- (sellable returns and transfers in count as arrivals, as Amazon's FC age does). The first
-- snapshot is an opening balance whose age is a lower bound. cumulative_pool_units runs over the
-- pool's receipts oldest first, so FIFO layers on any day need no window at query time.
with

inventory as (
    select * from {{ ref_skus('int_daily_inventory') }}
),

demand as (
    select * from {{ ref_skus('int_daily_demand') }}
),

shipped_to_date as (
    select
        demand.sku,
        demand.location_id,
        demand.date_day,
        cast(sum(demand.units_shipped) over (
            partition by demand.sku, demand.location_id
            order by demand.date_day
            rows between unbounded preceding and current row
        ) as bigint) as cumulative_shipped_units
    from demand
    where {{ changed_skus('demand.sku') }}
),

known_days as (
    select
        inventory.sku,
        inventory.location_id,
        inventory.pool_id,
        inventory.date_day,
        inventory.sellable_on_hand_units as on_hand_units,
        coalesce(shipped_to_date.cumulative_shipped_units, 0) as cumulative_shipped_units
    from inventory
    left join shipped_to_date
        on shipped_to_date.sku = inventory.sku
        and shipped_to_date.location_id = inventory.location_id
        and shipped_to_date.date_day = inventory.date_day
    where not inventory.data_gap
        and {{ changed_skus('inventory.sku') }}
),

with_previous as (
    select
        known_days.sku,
        known_days.location_id,
        known_days.pool_id,
        known_days.date_day,
        known_days.on_hand_units,
        known_days.cumulative_shipped_units,
        lag(known_days.on_hand_units) over previous_day as previous_on_hand_units,
        lag(known_days.cumulative_shipped_units) over previous_day as previous_cumulative_shipped_units
    from known_days
    window previous_day as (partition by known_days.sku, known_days.location_id order by known_days.date_day)
),

receipts as (
    select
        with_previous.sku,
        with_previous.location_id,
        with_previous.pool_id,
        with_previous.date_day as receipt_date,
        case
            when with_previous.previous_on_hand_units is null
                then case when with_previous.on_hand_units > 0 then with_previous.on_hand_units else 0 end
            else (
                with_previous.on_hand_units
                - with_previous.previous_on_hand_units
                + with_previous.cumulative_shipped_units
                - with_previous.previous_cumulative_shipped_units
            )
        end as receipt_units,
        with_previous.previous_on_hand_units is null as is_opening_balance
    from with_previous
),

final as (
    select
        receipts.sku,
        receipts.location_id,
        receipts.pool_id,
        receipts.receipt_date,
        receipts.receipt_units,
        receipts.is_opening_balance,
        cast(sum(receipts.receipt_units) over (
            partition by receipts.sku, receipts.pool_id
            order by receipts.receipt_date, receipts.location_id
            rows between unbounded preceding and current row
        ) as bigint) as cumulative_pool_units
    from receipts
    where receipts.receipt_units > 0
)

select * from final
