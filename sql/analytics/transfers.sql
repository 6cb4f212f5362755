-- transfers: one row per suggested move (key: sku, from_pool_id, to_pool_id). A pool below
-- target_days of supply (incl. inbound) at its stock-out-censored demand is topped up to
-- target_days from pools of the same sku holding more than excess_days of supply; only the
-- surplus above excess_days moves, never out of FBA (Amazon stock leaves only by removal
-- order), rounded down to whole case packs. Sources and needs are matched largest first.
-- Identity: Σ transfer_units into a pool ≤ its need; out of a pool ≤ its surplus.
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

pools as (
    select
        locations.pool_id,
        case
            when max(case when locations.location_kind = 'fba' then 1 else 0 end) = 1 then 'fba'
            when max(case when locations.location_kind = '3pl' then 1 else 0 end) = 1 then '3pl'
            else 'own'
        end as pool_kind
    from locations
    group by locations.pool_id
),

daily as (
    select
        positions.sku,
        positions.pool_id,
        positions.date_day,
        positions.data_gap,
        positions.is_in_stock,
        positions.available_units,
        positions.inbound_units,
        positions.units_shipped
    from positions
    cross join period
    left join skus
        on skus.sku = positions.sku
    where positions.date_day between period.start_date and period.as_of_date
        and (period.sku_prefix_filter is null or starts_with(positions.sku, period.sku_prefix_filter))
        and (period.category_filter is null or skus.category = period.category_filter)
),

rates as (
    select
        daily.sku,
        daily.pool_id,
        coalesce(avg(case when daily.is_in_stock then daily.units_shipped end), 0) as avg_daily_units,
        max(case when not daily.data_gap then daily.date_day end) as last_known_date
    from daily
    group by daily.sku, daily.pool_id
),

latest as (
    select
        daily.sku,
        daily.pool_id,
        daily.available_units,
        daily.inbound_units
    from daily
    inner join rates
        on rates.sku = daily.sku
        and rates.pool_id = daily.pool_id
        and rates.last_known_date = daily.date_day
),

cover as (
    select
        latest.sku,
        latest.pool_id,
        coalesce(pools.pool_kind, 'own') as pool_kind,
        latest.available_units,
        latest.inbound_units,
        rates.avg_daily_units,
        (latest.available_units + latest.inbound_units) / nullif(rates.avg_daily_units, 0) as days_of_supply,
        coalesce(skus.case_pack_units, 1) as case_pack_units,
        skus.title,
        period.target_days,
        period.excess_days
    from latest
    cross join period
    inner join rates
        on rates.sku = latest.sku
        and rates.pool_id = latest.pool_id
    left join pools
        on pools.pool_id = latest.pool_id
    left join skus
        on skus.sku = latest.sku
),

needs as (
    select
        cover.*,
        ceil(cover.avg_daily_units * cover.target_days) - (cover.available_units + cover.inbound_units) as need_units
    from cover
    where cover.avg_daily_units > 0
        and cover.days_of_supply < cover.target_days
),

-- no demand at all: every available unit is surplus
surpluses as (
    select
        cover.*,
        cover.available_units - ceil(cover.avg_daily_units * cover.excess_days) as surplus_units
    from cover
    where cover.pool_kind <> 'fba'
        and cover.available_units > 0
        and (cover.avg_daily_units = 0 or cover.days_of_supply > cover.excess_days)
),

-- lay needs and surpluses end to end per sku; a transfer is where the two intervals overlap
need_ranges as (
    select
        needs.*,
        sum(needs.need_units) over (
            partition by needs.sku order by needs.need_units desc, needs.pool_id
            rows between unbounded preceding and current row
        ) as range_end
    from needs
    where needs.need_units > 0
),

surplus_ranges as (
    select
        surpluses.*,
        sum(surpluses.surplus_units) over (
            partition by surpluses.sku order by surpluses.surplus_units desc, surpluses.pool_id
            rows between unbounded preceding and current row
        ) as range_end
    from surpluses
    where surpluses.surplus_units > 0
),

matched as (
    select
        surplus_ranges.sku,
        surplus_ranges.title,
        surplus_ranges.pool_id as from_pool_id,
        surplus_ranges.pool_kind as from_pool_kind,
        need_ranges.pool_id as to_pool_id,
        need_ranges.pool_kind as to_pool_kind,
        (
            case when surplus_ranges.range_end < need_ranges.range_end
                then surplus_ranges.range_end else need_ranges.range_end end
        ) - (
            case when surplus_ranges.range_end - surplus_ranges.surplus_units > need_ranges.range_end - need_ranges.need_units
                then surplus_ranges.range_end - surplus_ranges.surplus_units
                else need_ranges.range_end - need_ranges.need_units end
        ) as overlap_units,
        surplus_ranges.case_pack_units,
        surplus_ranges.available_units as from_available_units,
        surplus_ranges.avg_daily_units as from_avg_daily_units,
        surplus_ranges.days_of_supply as from_days_of_supply,
        need_ranges.available_units as to_available_units,
        need_ranges.inbound_units as to_inbound_units,
        need_ranges.avg_daily_units as to_avg_daily_units,
        need_ranges.days_of_supply as to_days_of_supply,
        need_ranges.target_days,
        need_ranges.excess_days
    from surplus_ranges
    inner join need_ranges
        on need_ranges.sku = surplus_ranges.sku
        and need_ranges.pool_id <> surplus_ranges.pool_id
),

final as (
    select
        matched.sku,
        matched.title,
        matched.from_pool_id,
        matched.from_pool_kind,
        matched.to_pool_id,
        matched.to_pool_kind,
        floor(matched.overlap_units / matched.case_pack_units) * matched.case_pack_units as transfer_units,
        matched.from_available_units,
        matched.from_avg_daily_units,
        matched.from_days_of_supply,
        matched.to_available_units,
        matched.to_inbound_units,
        matched.to_avg_daily_units,
        matched.to_days_of_supply,
        (
            matched.to_available_units + matched.to_inbound_units
            + floor(matched.overlap_units / matched.case_pack_units) * matched.case_pack_units
        ) / matched.to_avg_daily_units as to_days_of_supply_after,
        matched.to_pool_id || ' has ' || cast(round(matched.to_days_of_supply, 1) as string)
            || ' days of supply (target ' || cast(matched.target_days as string) || '); '
            || matched.from_pool_id || ' holds '
            || coalesce(cast(round(matched.from_days_of_supply, 1) as string) || ' days', 'stock with no demand')
            || ' (excess above ' || cast(matched.excess_days as string) || ')' as reason
    from matched
    where matched.overlap_units > 0
        and floor(matched.overlap_units / matched.case_pack_units) > 0
)

select * from final
