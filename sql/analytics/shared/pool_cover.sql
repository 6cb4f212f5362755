-- fragment pool_cover: days of supply and excess per sku × pool, one text for every dataset that
-- judges cover (transfers, slow_movers, aged_inventory), so their flags and moves agree.
-- Paste inside a WITH list (the include macro), after these CTEs of the includer:
--   period       as_of_date, start_date (first day of the window), excess_days
--   cover_scope  int_daily_position rows of [start_date, as_of_date] for every pool (not filtered
--                by pool: a hub is judged by the demand of the pools it feeds)
--   locations    stg_core__locations;  skus  stg_core__skus
-- Defines cover_pools, cover_rates, cover_latest, cover_hubs and pool_cover (each ends with a
-- comma, so the includer's own CTEs follow).
--
-- Demand is the mean of units shipped on in-stock days of the window (stock-out days are censored,
-- not zero). A hub is an own warehouse holding a sku that pools in another country also hold: it
-- feeds them (the supplier-country warehouse of a cross-border seller), so its cover is its stock
-- over the demand of the whole network (supply_basis network_demand); every other pool is judged by its
-- own demand (pool_demand). excess_units: units beyond excess_days of supply counting inbound, at most
-- the available units (only they can move); a pool without demand has all its available units in
-- excess, unless the sku arrived there within the window (too new to judge).

cover_pools as (
    select
        locations.pool_id,
        case
            when max(case when locations.location_kind = 'fba' then 1 else 0 end) = 1 then 'fba'
            when max(case when locations.location_kind = '3pl' then 1 else 0 end) = 1 then '3pl'
            else 'own'
        end as pool_kind,
        -- a pool's market: its (first) country; stock never moves between markets. Pools whose
        -- country is not known are taken to share the seller's one market
        coalesce(min(locations.country_code), '') as pool_country
    from locations
    group by locations.pool_id
),

-- the stock of the last known day is taken in the same pass, not by joining the window back to
-- itself: max_by keyed by the known days (gap days, whose quantities are null, get a key before
-- any day, so they win only where no day is known, and those rows are dropped below; known days
-- have no null quantities); no null key, whose handling differs between engines
cover_rates as (
    select
        cover_scope.sku,
        cover_scope.pool_id,
        coalesce(avg(case when cover_scope.is_in_stock then cover_scope.units_shipped end), 0) as avg_daily_units,
        min(cover_scope.first_active_date) as first_active_date,
        max(case when not cover_scope.data_gap then cover_scope.date_day end) as last_known_date,
        max_by(cover_scope.on_hand_units, case when not cover_scope.data_gap then cover_scope.date_day else cast('0001-01-01' as date) end)
            as on_hand_units,
        max_by(cover_scope.sellable_on_hand_units, case when not cover_scope.data_gap then cover_scope.date_day else cast('0001-01-01' as date) end)
            as sellable_on_hand_units,
        max_by(cover_scope.available_units, case when not cover_scope.data_gap then cover_scope.date_day else cast('0001-01-01' as date) end)
            as available_units,
        max_by(cover_scope.inbound_units, case when not cover_scope.data_gap then cover_scope.date_day else cast('0001-01-01' as date) end)
            as inbound_units
    from cover_scope
    group by cover_scope.sku, cover_scope.pool_id
),

cover_latest as (
    select
        cover_rates.sku,
        cover_rates.pool_id,
        cover_rates.last_known_date as date_day,
        cover_rates.on_hand_units,
        cover_rates.sellable_on_hand_units,
        cover_rates.available_units,
        cover_rates.inbound_units
    from cover_rates
    where cover_rates.last_known_date is not null
),

cover_hubs as (
    select distinct
        own_rates.sku,
        own_rates.pool_id
    from cover_rates as own_rates
    inner join cover_pools as own_pools
        on own_pools.pool_id = own_rates.pool_id
        and own_pools.pool_kind = 'own'
    inner join cover_rates as other_rates
        on other_rates.sku = own_rates.sku
        and other_rates.pool_id <> own_rates.pool_id
    inner join cover_pools as other_pools
        on other_pools.pool_id = other_rates.pool_id
        and other_pools.pool_country <> own_pools.pool_country
),

cover_network as (
    select
        cover_rates.sku,
        sum(cover_rates.avg_daily_units) as network_daily_units
    from cover_rates
    group by cover_rates.sku
),

cover_basis as (
    select
        cover_latest.sku,
        cover_latest.pool_id,
        coalesce(cover_pools.pool_kind, 'own') as pool_kind,
        cover_pools.pool_country,
        cover_hubs.pool_id is not null as is_hub,
        cover_latest.date_day as last_known_date,
        cover_latest.on_hand_units,
        cover_latest.sellable_on_hand_units,
        cover_latest.available_units,
        cover_latest.inbound_units,
        cover_rates.avg_daily_units,
        case when cover_hubs.pool_id is not null then cover_network.network_daily_units else cover_rates.avg_daily_units end
            as supply_daily_units,
        case when cover_hubs.pool_id is not null then 'network_demand' else 'pool_demand' end as supply_basis,
        cover_rates.first_active_date >= period.start_date as is_new_in_window,
        period.excess_days
    from cover_latest
    cross join period
    inner join cover_rates
        on cover_rates.sku = cover_latest.sku
        and cover_rates.pool_id = cover_latest.pool_id
    inner join cover_network
        on cover_network.sku = cover_latest.sku
    left join cover_pools
        on cover_pools.pool_id = cover_latest.pool_id
    left join cover_hubs
        on cover_hubs.sku = cover_latest.sku
        and cover_hubs.pool_id = cover_latest.pool_id
),

pool_cover as (
    select
        cover_basis.*,
        (cover_basis.available_units + cover_basis.inbound_units) / nullif(cover_basis.supply_daily_units, 0)
            as days_of_supply,
        cast(case
            when cover_basis.available_units <= 0 then 0
            when cover_basis.supply_daily_units = 0 and cover_basis.is_new_in_window then 0
            when cover_basis.supply_daily_units = 0 then cover_basis.available_units
            when cover_basis.available_units + cover_basis.inbound_units
                - ceil(cover_basis.supply_daily_units * cover_basis.excess_days) <= 0 then 0
            when cover_basis.available_units + cover_basis.inbound_units
                - ceil(cover_basis.supply_daily_units * cover_basis.excess_days) > cover_basis.available_units
                then cover_basis.available_units
            else cover_basis.available_units + cover_basis.inbound_units
                - ceil(cover_basis.supply_daily_units * cover_basis.excess_days)
        end as bigint) as excess_units
    from cover_basis
),
