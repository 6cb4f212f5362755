-- transfers: one row per suggested move (key: sku, from_pool_id, to_pool_id). A pool below
-- target_days of supply (incl. inbound) at its stock-out-censored demand is topped up to
-- target_days from the excess of other pools of the same sku: first from pools of the same
-- market (country), then from hubs, the seller's own warehouses that feed other countries (judged
-- by the demand of the whole network). Never out of FBA, never between markets, never back into a
-- hub; whole case packs (sql/analytics/shared/transfer_plan.sql). slow_movers suggests move_stock
-- for exactly these sources.
-- Identity: Σ transfer_units into a pool ≤ its need; out of a pool ≤ its excess_units.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($target_days as bigint) as target_days,
        cast($excess_days as bigint) as excess_days,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

positions as (
    select * from {{ ref('int_daily_position') }}
),

skus as (
    select * from {{ ref('stg_core__skus') }}
),

locations as (
    select * from {{ ref('stg_core__locations') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        params.target_days,
        params.excess_days,
        params.sku_prefix_filter,
        params.category_filter
    from params
),

cover_scope as (
    select positions.*
    from positions
    cross join period
    left join skus
        on skus.sku = positions.sku
    where positions.date_day between period.start_date and period.as_of_date
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
        and (period.category_filter is null or skus.category = period.category_filter)
),

{{ include('pool_cover') }}

{{ include('transfer_plan') }}

final as (
    select
        transfer_moves.sku,
        skus.title,
        transfer_moves.from_pool_id,
        from_cover.pool_kind as from_pool_kind,
        transfer_moves.to_pool_id,
        to_cover.pool_kind as to_pool_kind,
        transfer_moves.transfer_units,
        transfer_moves.route,
        from_cover.available_units as from_available_units,
        from_cover.supply_daily_units as from_avg_daily_units,
        from_cover.supply_basis as from_supply_basis,
        from_cover.days_of_supply as from_days_of_supply,
        to_cover.available_units as to_available_units,
        to_cover.inbound_units as to_inbound_units,
        to_cover.avg_daily_units as to_avg_daily_units,
        to_cover.days_of_supply as to_days_of_supply,
        (to_cover.available_units + to_cover.inbound_units + transfer_moves.transfer_units)
            / to_cover.avg_daily_units as to_days_of_supply_after,
        transfer_moves.to_pool_id || ' has ' || cast(round(to_cover.days_of_supply, 1) as string)
            || ' days of supply (target ' || cast(period.target_days as string) || '); '
            || transfer_moves.from_pool_id || ' holds '
            || coalesce(cast(round(from_cover.days_of_supply, 1) as string) || ' days', 'stock with no demand')
            || case when from_cover.supply_basis = 'network_demand' then ' of the demand of every pool it feeds' else '' end
            || ' (excess above ' || cast(period.excess_days as string) || ')' as reason
    from transfer_moves
    cross join period
    inner join pool_cover as from_cover
        on from_cover.sku = transfer_moves.sku
        and from_cover.pool_id = transfer_moves.from_pool_id
    inner join pool_cover as to_cover
        on to_cover.sku = transfer_moves.sku
        and to_cover.pool_id = transfer_moves.to_pool_id
    left join skus
        on skus.sku = transfer_moves.sku
)

select * from final
