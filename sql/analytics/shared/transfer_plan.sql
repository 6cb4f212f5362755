-- fragment transfer_plan: the stock moves Crossdock suggests, one text for transfers (which lists
-- them) and slow_movers (which suggests move_stock exactly for their sources).
-- Paste after the pool_cover fragment; needs period.target_days and skus (case_pack_units).
-- Defines plan_needs, plan_sources, local_*, hub_* and transfer_moves (each ends with a comma).
--
-- A pool below target_days of supply (incl. inbound) that is not a hub needs enough to reach
-- target_days. Its excess (pool_cover.excess_units) is what a pool can give; FBA never gives
-- (stock leaves Amazon only by removal order). Round 1 moves within a market (same country),
-- largest needs and surpluses first; round 2 fills what is still needed from hubs (the seller's
-- own warehouses that feed other countries). Stock never moves between two markets and never back
-- into a hub. Each move is rounded down to whole case packs.
-- Identity: Σ transfer_units into a pool ≤ its need; out of a pool ≤ its excess.

plan_needs as (
    select
        pool_cover.sku,
        pool_cover.pool_id,
        pool_cover.pool_country,
        ceil(pool_cover.supply_daily_units * period.target_days)
            - (pool_cover.available_units + pool_cover.inbound_units) as need_units
    from pool_cover
    cross join period
    where not pool_cover.is_hub
        and pool_cover.supply_daily_units > 0
        and pool_cover.days_of_supply < period.target_days
),

plan_sources as (
    select
        pool_cover.sku,
        pool_cover.pool_id,
        pool_cover.pool_country,
        pool_cover.is_hub,
        pool_cover.excess_units,
        coalesce(skus.case_pack_units, 1) as case_pack_units
    from pool_cover
    left join skus
        on skus.sku = pool_cover.sku
    where pool_cover.pool_kind <> 'fba'
        and pool_cover.excess_units > 0
),

-- lay needs and surpluses end to end; a move is where the two intervals overlap
local_need_ranges as (
    select
        plan_needs.*,
        sum(plan_needs.need_units) over (
            partition by plan_needs.sku, plan_needs.pool_country order by plan_needs.need_units desc, plan_needs.pool_id
            rows between unbounded preceding and current row
        ) as range_end
    from plan_needs
    where plan_needs.need_units > 0
),

local_source_ranges as (
    select
        plan_sources.*,
        sum(plan_sources.excess_units) over (
            partition by plan_sources.sku, plan_sources.pool_country order by plan_sources.excess_units desc, plan_sources.pool_id
            rows between unbounded preceding and current row
        ) as range_end
    from plan_sources
    where not plan_sources.is_hub
),

local_moves as (
    select
        local_source_ranges.sku,
        local_source_ranges.pool_id as from_pool_id,
        local_need_ranges.pool_id as to_pool_id,
        'same_country' as route,
        floor({{ interval_overlap(local_source_ranges.range_end, local_source_ranges.excess_units, local_need_ranges.range_end, local_need_ranges.need_units) }}
            / local_source_ranges.case_pack_units) * local_source_ranges.case_pack_units as transfer_units
    from local_source_ranges
    inner join local_need_ranges
        on local_need_ranges.sku = local_source_ranges.sku
        and local_need_ranges.pool_country = local_source_ranges.pool_country
        and local_need_ranges.pool_id <> local_source_ranges.pool_id
),

local_received as (
    select
        local_moves.sku,
        local_moves.to_pool_id,
        sum(local_moves.transfer_units) as received_units
    from local_moves
    where local_moves.transfer_units > 0
    group by local_moves.sku, local_moves.to_pool_id
),

hub_need_ranges as (
    select
        still_needed.*,
        sum(still_needed.need_units) over (
            partition by still_needed.sku order by still_needed.need_units desc, still_needed.pool_id
            rows between unbounded preceding and current row
        ) as range_end
    from (
        select
            plan_needs.sku,
            plan_needs.pool_id,
            plan_needs.need_units - coalesce(local_received.received_units, 0) as need_units
        from plan_needs
        left join local_received
            on local_received.sku = plan_needs.sku
            and local_received.to_pool_id = plan_needs.pool_id
    ) as still_needed
    where still_needed.need_units > 0
),

hub_source_ranges as (
    select
        plan_sources.*,
        sum(plan_sources.excess_units) over (
            partition by plan_sources.sku order by plan_sources.excess_units desc, plan_sources.pool_id
            rows between unbounded preceding and current row
        ) as range_end
    from plan_sources
    where plan_sources.is_hub
),

hub_moves as (
    select
        hub_source_ranges.sku,
        hub_source_ranges.pool_id as from_pool_id,
        hub_need_ranges.pool_id as to_pool_id,
        'from_hub' as route,
        floor({{ interval_overlap(hub_source_ranges.range_end, hub_source_ranges.excess_units, hub_need_ranges.range_end, hub_need_ranges.need_units) }}
            / hub_source_ranges.case_pack_units) * hub_source_ranges.case_pack_units as transfer_units
    from hub_source_ranges
    inner join hub_need_ranges
        on hub_need_ranges.sku = hub_source_ranges.sku
        and hub_need_ranges.pool_id <> hub_source_ranges.pool_id
),

transfer_moves as (
    select
        moves.sku,
        moves.from_pool_id,
        moves.to_pool_id,
        moves.route,
        cast(moves.transfer_units as bigint) as transfer_units
    from (
        select * from local_moves where local_moves.transfer_units > 0
        union all
        select * from hub_moves where hub_moves.transfer_units > 0
    ) as moves
),
