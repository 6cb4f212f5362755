-- aged_inventory: one row per sku × pool holding stock on as_of (key: sku, pool_id). FIFO age of
-- the units on hand in Amazon's Inventory Age buckets (0–90, 91–180, 181–270, 271–365, 365+
-- days), their value at cost, and the Amazon fee-band flags (anchors B.6, A.4 item 6):
-- low-inventory-level fee risk (historical days of supply < 28 on both 30 and 90 days, FBA),
-- excess (days of supply incl. inbound > excess_days, default 90: the pool_cover fragment, shared
-- with slow_movers and transfers; a hub is judged by the demand of the pools it feeds, and stock
-- that arrived inside the window without demand yet is not excess), aged-inventory surcharge
-- (units ≥ 181 days, FBA).
-- FIFO: sales consume the oldest units, so what is on hand is the newest receipts
-- (sql/intermediate/int_inventory_receipts.sql infers receipts from the snapshots).
-- Aging counts sellable units (on_hand − unfulfillable, B.0): unfulfillable units are not aged.
-- Identity: the five units_age_* columns sum to sellable_units.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($excess_days as bigint) as excess_days,
        cast($pool as string) as pool_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

positions as (
    select * from {{ ref('int_daily_position') }}
),

receipts as (
    select * from {{ ref('int_inventory_receipts') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

skus as (
    select * from {{ ref('stg_core__skus') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        params.excess_days,
        params.pool_filter,
        params.sku_prefix_filter,
        params.category_filter
    from params
),

-- standard cost in the base currency at the as_of rate (int_sku_costs)
sku_costs as (
    select * from {{ ref('int_sku_costs') }}
    where date_day = cast($as_of as date)
),

-- the window of every pool (a hub is judged by the pools it feeds), for days of supply and excess.
-- It and `recent` each scan int_daily_position: pruned to their days, two scans cost less than
-- one shared CTE, which DuckDB writes out for its two readers (10M lines: ~480 → ~450 ms)
cover_scope as (
    select positions.*
    from positions
    cross join period
    where positions.date_day <= period.as_of_date
        and positions.date_day >= period.start_date
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
),

{{ include('pool_cover') }}

-- the trailing 90 days of the sku × pools in scope, for HDoS
recent as (
    select positions.*
    from positions
    cross join period
    where positions.date_day > {{ add_days(period.as_of_date, -90) }}
        and positions.date_day <= period.as_of_date
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
        and (period.pool_filter is null or positions.pool_id = period.pool_filter)
),

-- HDoS_w = average daily on hand ÷ average daily units shipped over the last w days (B.3.4)
supply as (
    select
        recent.sku,
        recent.pool_id,
        avg(case when recent.date_day > {{ add_days(period.as_of_date, -30) }} then recent.on_hand_units end)
            / nullif(avg(case when recent.date_day > {{ add_days(period.as_of_date, -30) }} then recent.units_shipped end), 0)
            as hdos_30_days,
        avg(case when recent.date_day > {{ add_days(period.as_of_date, -90) }} then recent.on_hand_units end)
            / nullif(avg(case when recent.date_day > {{ add_days(period.as_of_date, -90) }} then recent.units_shipped end), 0)
            as hdos_90_days
    from recent
    cross join period
    group by recent.sku, recent.pool_id
),

-- the last known day in the window; a sku × pool with nothing on hand then has no age
-- (ERPNext #6764: no stale ages)
latest as (
    select
        pool_cover.sku,
        pool_cover.pool_id,
        pool_cover.last_known_date as date_day,
        pool_cover.on_hand_units,
        pool_cover.sellable_on_hand_units as sellable_units,
        pool_cover.available_units,
        pool_cover.inbound_units,
        period.as_of_date
    from pool_cover
    cross join period
    where pool_cover.sellable_on_hand_units > 0
        and (period.pool_filter is null or pool_cover.pool_id = period.pool_filter)
),

-- receipts up to as_of, newest first: a layer's units still on hand are what is left of
-- on_hand after every newer receipt (FIFO)
received_to_date as (
    select
        receipts.sku,
        receipts.pool_id,
        max(receipts.cumulative_pool_units) as received_units
    from receipts
    inner join latest
        on latest.sku = receipts.sku
        and latest.pool_id = receipts.pool_id
    where receipts.receipt_date <= latest.as_of_date
    group by receipts.sku, receipts.pool_id
),

layers as (
    select
        latest.sku,
        latest.pool_id,
        latest.sellable_units,
        receipts.receipt_date,
        receipts.receipt_units,
        receipts.is_opening_balance,
        received_to_date.received_units - receipts.cumulative_pool_units as newer_units,
        receipts.cumulative_pool_units = receipts.receipt_units as is_oldest
    from latest
    inner join received_to_date
        on received_to_date.sku = latest.sku
        and received_to_date.pool_id = latest.pool_id
    inner join receipts
        on receipts.sku = latest.sku
        and receipts.pool_id = latest.pool_id
        and receipts.receipt_date <= latest.as_of_date
        -- only layers that still hold units
        and received_to_date.received_units - receipts.cumulative_pool_units < latest.sellable_units
),

-- units on hand from each layer, newest first; units beyond every known receipt sit in the
-- oldest layer, whose age is then only a lower bound
layer_units as (
    select
        layers.sku,
        layers.pool_id,
        layers.receipt_date,
        layers.is_opening_balance,
        case
            when layers.is_oldest then layers.sellable_units - layers.newer_units
            when layers.sellable_units - layers.newer_units < layers.receipt_units
                then layers.sellable_units - layers.newer_units
            else layers.receipt_units
        end as units,
        layers.is_oldest
            and layers.sellable_units - layers.newer_units > layers.receipt_units as is_beyond_receipts
    from layers
),

aged as (
    select
        layer_units.sku,
        layer_units.pool_id,
        layer_units.units,
        layer_units.is_opening_balance or layer_units.is_beyond_receipts as is_lower_bound,
        {{ days_between(layer_units.receipt_date, period.as_of_date) }} as age_days
    from layer_units
    cross join period
    where layer_units.units > 0
),

buckets as (
    select
        aged.sku,
        aged.pool_id,
        sum(case when aged.age_days <= 90 then aged.units else 0 end) as units_age_0_90,
        sum(case when aged.age_days between 91 and 180 then aged.units else 0 end) as units_age_91_180,
        sum(case when aged.age_days between 181 and 270 then aged.units else 0 end) as units_age_181_270,
        sum(case when aged.age_days between 271 and 365 then aged.units else 0 end) as units_age_271_365,
        sum(case when aged.age_days > 365 then aged.units else 0 end) as units_age_365_plus,
        sum(aged.units * aged.age_days) / sum(aged.units) as avg_age_days,
        max(aged.age_days) as oldest_age_days,
        min(aged.age_days) as newest_age_days,
        max(case when aged.is_lower_bound then 1 else 0 end) = 1 as age_is_lower_bound
    from aged
    group by aged.sku, aged.pool_id
),

final as (
    select
        latest.sku,
        latest.pool_id,
        coalesce(pool_cover.pool_kind = 'fba', false) as is_fba_pool,
        sku_costs.title,
        sku_costs.category,
        latest.date_day as snapshot_date,
        latest.on_hand_units,
        latest.sellable_units,
        buckets.units_age_0_90,
        buckets.units_age_91_180,
        buckets.units_age_181_270,
        buckets.units_age_271_365,
        buckets.units_age_365_plus,
        sku_costs.unit_cost_base,
        buckets.units_age_0_90 * sku_costs.unit_cost_base as value_age_0_90_base,
        buckets.units_age_91_180 * sku_costs.unit_cost_base as value_age_91_180_base,
        buckets.units_age_181_270 * sku_costs.unit_cost_base as value_age_181_270_base,
        buckets.units_age_271_365 * sku_costs.unit_cost_base as value_age_271_365_base,
        buckets.units_age_365_plus * sku_costs.unit_cost_base as value_age_365_plus_base,
        latest.sellable_units * sku_costs.unit_cost_base as value_total_base,
        buckets.avg_age_days,
        buckets.oldest_age_days,
        buckets.newest_age_days,
        buckets.age_is_lower_bound,
        supply.hdos_30_days,
        supply.hdos_90_days,
        pool_cover.supply_daily_units as avg_daily_units,
        pool_cover.supply_basis,
        pool_cover.days_of_supply as days_of_supply_total,
        -- Amazon: fee only when both windows are below 28 days; no value (no sales) → no fee
        coalesce(pool_cover.pool_kind = 'fba', false)
            and coalesce(supply.hdos_30_days < 28 and supply.hdos_90_days < 28, false) as is_low_inventory_fee_risk,
        pool_cover.excess_units > 0 as is_excess,
        pool_cover.excess_units,
        pool_cover.excess_units * sku_costs.unit_cost_base as excess_value_base,
        buckets.units_age_181_270 + buckets.units_age_271_365 + buckets.units_age_365_plus as units_age_181_plus,
        coalesce(pool_cover.pool_kind = 'fba', false)
            and buckets.units_age_181_270 + buckets.units_age_271_365 + buckets.units_age_365_plus > 0
            as has_aged_surcharge_risk,
        case
            when pool_cover.supply_daily_units is null or pool_cover.supply_daily_units = 0 then 'NO_DEMAND'
            when buckets.age_is_lower_bound then 'OPENING_BALANCE'
        end as reason_code
    from latest
    inner join buckets
        on buckets.sku = latest.sku
        and buckets.pool_id = latest.pool_id
    left join supply
        on supply.sku = latest.sku
        and supply.pool_id = latest.pool_id
    inner join pool_cover
        on pool_cover.sku = latest.sku
        and pool_cover.pool_id = latest.pool_id
    left join sku_costs
        on sku_costs.sku = latest.sku
    cross join period
    where period.category_filter is null or sku_costs.category = period.category_filter
)

select * from final
