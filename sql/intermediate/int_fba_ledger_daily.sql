-- materialized: table
-- cluster_by: event_date
-- incremental: sku
-- One row per sku × FBA location × day with ledger events (key: sku, location_id, event_date):
-- the day's units per roll-forward bucket, as positive amounts in the direction the bucket
-- names (shipped, lost, damaged, disposed, vendor-returned units leave stock), transfers and
-- other adjustments signed. Identity: net_units = receipts − shipped + customer_returns +
-- transfers − vendor_returns + found − lost − damaged − disposed + other.
with

events as (
    select * from {{ ref('stg_core__fba_ledger') }}
),

final as (
    select
        events.sku,
        events.location_id,
        events.event_date,
        min(events.marketplace) as marketplace,
        min(events.fnsku) as fnsku,
        cast(sum(case when events.ledger_bucket = 'receipts' then events.quantity_units else 0 end) as bigint)
            as receipts_units,
        cast(-sum(case when events.ledger_bucket = 'shipments' then events.quantity_units else 0 end) as bigint)
            as shipped_units,
        cast(sum(case when events.ledger_bucket = 'customer_returns' then events.quantity_units else 0 end) as bigint)
            as customer_returns_units,
        cast(sum(case when events.ledger_bucket = 'transfers' then events.quantity_units else 0 end) as bigint)
            as transfers_units,
        cast(-sum(case when events.ledger_bucket = 'vendor_returns' then events.quantity_units else 0 end) as bigint)
            as vendor_returns_units,
        cast(sum(case when events.ledger_bucket = 'found' then events.quantity_units else 0 end) as bigint)
            as found_units,
        cast(-sum(case when events.ledger_bucket = 'lost' then events.quantity_units else 0 end) as bigint)
            as lost_units,
        cast(-sum(case when events.ledger_bucket = 'damaged' then events.quantity_units else 0 end) as bigint)
            as damaged_units,
        cast(-sum(case when events.ledger_bucket = 'disposed' then events.quantity_units else 0 end) as bigint)
            as disposed_units,
        cast(sum(case when events.ledger_bucket = 'other' then events.quantity_units else 0 end) as bigint)
            as other_units,
        cast(sum(case when events.is_return_damaged then events.quantity_units else 0 end) as bigint)
            as returns_damaged_units,
        cast(sum(events.quantity_units) as bigint) as net_units,
        cast(sum(coalesce(events.unreconciled_units, 0)) as bigint) as unreconciled_units
    from events
    where {{ changed_skus('events.sku') }}
    group by events.sku, events.location_id, events.event_date
)

select * from final
