-- fba_reconciliation: one row per sku × FBA location (key: sku, location_id) with ledger events,
-- FBA shipments or FBA returns in the window, at the locations the Amazon Inventory Ledger covers.
-- Roll-forward (docs/analytics.md): starting balance (snapshot of the day before the window) +
-- receipts − shipped + customer returns + transfers − vendor returns + found − lost − damaged −
-- disposed + other = expected ending balance, compared with the as_of snapshot; the ledger's
-- shipments and returns compared with Crossdock's own order and return lines; what can be
-- claimed from Amazon, by when, and what it is worth.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($return_wait_days as bigint) as return_wait_days,
        cast($found_wait_days as bigint) as found_wait_days,
        cast($claim_window_days as bigint) as claim_window_days,
        cast($marketplace as string) as marketplace_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

ledger as (
    select * from {{ ref('int_fba_ledger_daily') }}
),

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

returns as (
    select * from {{ ref('int_return_lines') }}
),

snapshots as (
    select * from {{ ref('inventory_snapshot') }}
),

skus as (
    select * from {{ ref('stg_core__skus') }}
),

-- standard cost in the base currency at the as_of rate (int_sku_costs is a view over every
-- sku × day: filtered here, so that only the as_of day is computed)
costs as (
    select * from {{ ref('int_sku_costs') }}
    where date_day = cast($as_of as date)
),

period as (
    select
        params.*,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        -- lost units newer than this are still in Amazon's own search (WAIT)
        {{ add_days(params.as_of_date, 0 - params.found_wait_days) }} as found_cutoff_date,
        -- events older than this are past the claim window
        {{ add_days(params.as_of_date, 0 - params.claim_window_days) }} as claim_open_date,
        -- returns refunded up to this day should be back at Amazon by now
        {{ add_days(params.as_of_date, 0 - params.return_wait_days) }} as return_due_date,
        {{ add_days(params.as_of_date, 0 - params.return_wait_days - params.claim_window_days) }} as return_claim_open_date
    from params
),

-- the FBA locations the ledger speaks for, and their marketplace
ledger_locations as (
    select
        ledger.location_id,
        min(ledger.marketplace) as marketplace
    from ledger
    group by ledger.location_id
),

ledger_window as (
    select
        ledger.sku,
        ledger.location_id,
        min(ledger.fnsku) as fnsku,
        sum(ledger.receipts_units) as receipts_units,
        sum(ledger.shipped_units) as shipped_units,
        sum(ledger.customer_returns_units) as customer_returns_units,
        sum(ledger.transfers_units) as transfers_units,
        sum(ledger.vendor_returns_units) as vendor_returns_units,
        sum(ledger.found_units) as found_units,
        sum(ledger.lost_units) as lost_units,
        sum(ledger.damaged_units) as damaged_units,
        sum(ledger.disposed_units) as disposed_units,
        sum(ledger.other_units) as other_units,
        sum(ledger.returns_damaged_units) as returns_damaged_units,
        sum(ledger.net_units) as net_units,
        sum(ledger.unreconciled_units) as unreconciled_units,
        sum(case when ledger.event_date > period.found_cutoff_date then ledger.lost_units else 0 end)
            as lost_recent_units,
        sum(case when ledger.event_date <= period.found_cutoff_date and ledger.event_date >= period.claim_open_date
            then ledger.lost_units else 0 end) as lost_claimable_units,
        sum(case when ledger.event_date < period.claim_open_date then ledger.lost_units else 0 end)
            as lost_expired_units,
        sum(case when ledger.event_date >= period.claim_open_date then ledger.damaged_units else 0 end)
            as damaged_claimable_units,
        sum(case when ledger.event_date < period.claim_open_date then ledger.damaged_units else 0 end)
            as damaged_expired_units,
        -- the oldest loss or damage still inside the claim window sets the deadline
        min(case
            when ledger.event_date >= period.claim_open_date
                and (
                    (ledger.lost_units > 0 and ledger.event_date <= period.found_cutoff_date)
                    or ledger.damaged_units > 0
                )
                then ledger.event_date
        end) as oldest_claim_event_date
    from ledger
    cross join period
    where ledger.event_date between period.start_date and period.as_of_date
    group by ledger.sku, ledger.location_id
),

shipped as (
    select
        order_lines.sku,
        order_lines.location_id,
        sum(order_lines.quantity_units) as order_shipped_units,
        sum(case when order_lines.revenue_base is not null then order_lines.quantity_units else 0 end)
            as priced_units,
        sum(order_lines.revenue_base) as revenue_base
    from order_lines
    cross join period
    inner join ledger_locations
        on ledger_locations.location_id = order_lines.location_id
    where order_lines.is_shipped
        and order_lines.shipped_date between period.start_date and period.as_of_date
    group by order_lines.sku, order_lines.location_id
),

returned as (
    select
        returns.sku,
        returns.restock_location_id as location_id,
        sum(returns.quantity_units) as order_returned_units,
        sum(case when returns.returned_date < period.return_claim_open_date then returns.quantity_units else 0 end)
            as return_expired_units,
        sum(case when returns.returned_date >= period.return_claim_open_date
            and returns.returned_date <= period.return_due_date then returns.quantity_units else 0 end)
            as return_due_units,
        min(case when returns.returned_date >= period.return_claim_open_date
            and returns.returned_date <= period.return_due_date then returns.returned_date end)
            as oldest_due_return_date
    from returns
    cross join period
    inner join ledger_locations
        on ledger_locations.location_id = returns.restock_location_id
    where returns.returned_date between period.start_date and period.as_of_date
    group by returns.sku, returns.restock_location_id
),

activity as (
    select ledger_window.sku, ledger_window.location_id from ledger_window
    union all
    select shipped.sku, shipped.location_id from shipped
    union all
    select returned.sku, returned.location_id from returned
),

universe as (
    select distinct
        activity.sku,
        activity.location_id
    from activity
),

scoped as (
    select
        universe.sku,
        universe.location_id,
        ledger_locations.marketplace
    from universe
    cross join period
    inner join ledger_locations
        on ledger_locations.location_id = universe.location_id
    left join skus
        on skus.sku = universe.sku
    where (period.marketplace_filter is null or ledger_locations.marketplace = period.marketplace_filter)
        and (period.sku_prefix_filter is null or starts_with(universe.sku, period.sku_prefix_filter))
        and (period.category_filter is null or skus.category = period.category_filter)
),

balances as (
    select
        scoped.sku,
        scoped.location_id,
        opening.on_hand_units as starting_balance_units,
        closing.on_hand_units as ending_balance_units
    from scoped
    cross join period
    left join snapshots as opening
        on opening.sku = scoped.sku
        and opening.location_id = scoped.location_id
        and opening.snapshot_date = {{ add_days(period.start_date, -1) }}
    left join snapshots as closing
        on closing.sku = scoped.sku
        and closing.location_id = scoped.location_id
        and closing.snapshot_date = period.as_of_date
),

joined as (
    select
        scoped.sku,
        scoped.marketplace,
        scoped.location_id,
        ledger_window.fnsku,
        period.start_date as period_start_date,
        period.as_of_date as period_end_date,
        period.as_of_date,
        period.claim_window_days,
        period.return_wait_days,
        balances.starting_balance_units,
        coalesce(ledger_window.receipts_units, 0) as receipts_units,
        coalesce(ledger_window.shipped_units, 0) as shipped_units,
        coalesce(ledger_window.customer_returns_units, 0) as customer_returns_units,
        coalesce(ledger_window.transfers_units, 0) as transfers_units,
        coalesce(ledger_window.vendor_returns_units, 0) as vendor_returns_units,
        coalesce(ledger_window.found_units, 0) as found_units,
        coalesce(ledger_window.lost_units, 0) as lost_units,
        coalesce(ledger_window.damaged_units, 0) as damaged_warehouse_units,
        coalesce(ledger_window.disposed_units, 0) as disposed_units,
        coalesce(ledger_window.other_units, 0) as other_adjustment_units,
        coalesce(ledger_window.net_units, 0) as net_units,
        balances.ending_balance_units,
        coalesce(shipped.order_shipped_units, 0) as order_shipped_units,
        coalesce(returned.order_returned_units, 0) as order_returned_units,
        coalesce(ledger_window.returns_damaged_units, 0) as returns_customer_damaged_units,
        coalesce(ledger_window.unreconciled_units, 0) as ledger_unreconciled_units,
        coalesce(ledger_window.lost_recent_units, 0) as lost_recent_units,
        coalesce(ledger_window.lost_claimable_units, 0) as lost_claimable_units,
        coalesce(ledger_window.lost_expired_units, 0) as lost_expired_units,
        coalesce(ledger_window.damaged_claimable_units, 0) as damaged_claimable_units,
        coalesce(ledger_window.damaged_expired_units, 0) as damaged_expired_units,
        coalesce(returned.return_expired_units, 0) as return_expired_units,
        coalesce(returned.return_due_units, 0) as return_due_units,
        ledger_window.oldest_claim_event_date,
        returned.oldest_due_return_date,
        costs.unit_cost_base,
        shipped.revenue_base / nullif(shipped.priced_units, 0) as avg_selling_price_base
    from scoped
    cross join period
    left join ledger_window
        on ledger_window.sku = scoped.sku
        and ledger_window.location_id = scoped.location_id
    left join shipped
        on shipped.sku = scoped.sku
        and shipped.location_id = scoped.location_id
    left join returned
        on returned.sku = scoped.sku
        and returned.location_id = scoped.location_id
    left join balances
        on balances.sku = scoped.sku
        and balances.location_id = scoped.location_id
    left join costs
        on costs.sku = scoped.sku
        and costs.date_day = period.as_of_date
),

-- Found units offset lost ones, newest loss first (a unit found is most likely one lost lately):
-- first the losses Amazon is still searching for, then the claimable ones, then the expired.
-- Amazon's booked-back returns cover Crossdock's refunded returns oldest first.
offset_lost as (
    select
        joined.*,
        greatest(joined.lost_recent_units - joined.found_units, 0) as waiting_lost_units,
        greatest(joined.found_units - joined.lost_recent_units, 0) as found_after_recent_units,
        greatest(joined.customer_returns_units - joined.return_expired_units, 0) as booked_after_expired_units
    from joined
),

offset_claims as (
    select
        offset_lost.*,
        greatest(offset_lost.lost_claimable_units - offset_lost.found_after_recent_units, 0)
            as claimable_lost_units,
        greatest(offset_lost.found_after_recent_units - offset_lost.lost_claimable_units, 0)
            as found_after_claimable_units,
        greatest(offset_lost.return_due_units - offset_lost.booked_after_expired_units, 0)
            as claimable_return_units,
        greatest(offset_lost.return_expired_units - offset_lost.customer_returns_units, 0)
            as expired_return_units
    from offset_lost
),

claims as (
    select
        offset_claims.*,
        greatest(offset_claims.lost_expired_units - offset_claims.found_after_claimable_units, 0)
            as expired_lost_units,
        offset_claims.claimable_lost_units + offset_claims.damaged_claimable_units
        + offset_claims.claimable_return_units as claimable_units,
        offset_claims.starting_balance_units + offset_claims.net_units as expected_ending_units
    from offset_claims
),

final as (
    select
        claims.sku,
        claims.marketplace,
        claims.location_id,
        claims.fnsku,
        claims.period_start_date,
        claims.period_end_date,
        claims.starting_balance_units,
        claims.receipts_units,
        claims.shipped_units,
        claims.customer_returns_units,
        claims.transfers_units,
        claims.vendor_returns_units,
        claims.found_units,
        claims.lost_units,
        claims.damaged_warehouse_units,
        claims.disposed_units,
        claims.other_adjustment_units,
        claims.expected_ending_units,
        claims.ending_balance_units,
        claims.ending_balance_units - claims.expected_ending_units as balance_variance_units,
        claims.order_shipped_units,
        claims.shipped_units - claims.order_shipped_units as shipment_variance_units,
        claims.order_returned_units,
        claims.returns_customer_damaged_units,
        claims.claimable_return_units + claims.expired_return_units as returns_not_received_units,
        claims.lost_units - claims.found_units as net_lost_units,
        claims.ledger_unreconciled_units,
        claims.claimable_lost_units,
        claims.damaged_claimable_units as claimable_damaged_units,
        claims.claimable_return_units,
        claims.claimable_units,
        claims.waiting_lost_units,
        claims.expired_lost_units + claims.damaged_expired_units + claims.expired_return_units as expired_units,
        claims.unit_cost_base,
        claims.claimable_units * claims.unit_cost_base as claimable_value_base,
        claims.avg_selling_price_base,
        claims.claimable_units * claims.avg_selling_price_base as claimable_value_at_price_base,
        case
            when claims.claimable_lost_units + claims.damaged_claimable_units > 0
                and claims.claimable_return_units > 0
                and {{ add_days(claims.oldest_due_return_date, claims.return_wait_days + claims.claim_window_days) }}
                < {{ add_days(claims.oldest_claim_event_date, claims.claim_window_days) }}
                then {{ add_days(claims.oldest_due_return_date, claims.return_wait_days + claims.claim_window_days) }}
            when claims.claimable_lost_units + claims.damaged_claimable_units > 0
                then {{ add_days(claims.oldest_claim_event_date, claims.claim_window_days) }}
            when claims.claimable_return_units > 0
                then {{ add_days(claims.oldest_due_return_date, claims.return_wait_days + claims.claim_window_days) }}
        end as claim_deadline_date,
        case
            when claims.claimable_lost_units > 0 then 'CLAIM_LOST'
            when claims.damaged_claimable_units > 0 then 'CLAIM_DAMAGED'
            when claims.claimable_return_units > 0 then 'CLAIM_RETURN_NOT_RECEIVED'
            when claims.waiting_lost_units > 0 then 'WAIT'
            when claims.expired_lost_units + claims.damaged_expired_units + claims.expired_return_units > 0
                then 'EXPIRED'
            -- the ledger does not roll forward to the stock Crossdock holds. (Shipments are not
            -- compared here: the All Orders report has no ship date, so an order shipped the day
            -- after it was placed falls on the other side of a window edge; shipment_variance_units
            -- shows the difference.)
            when coalesce(claims.ending_balance_units - claims.expected_ending_units, 0) <> 0
                then 'VARIANCE'
            else 'RECONCILED'
        end as claim_status
    from claims
),

dated as (
    select
        final.*,
        {{ days_between(final.period_end_date, final.claim_deadline_date) }} as days_to_deadline
    from final
)

select * from dated
