-- materialized: view
-- One row per FBA Inventory Ledger event line (key: event_date, sku, fnsku, country_code,
-- fulfillment_center, event_type, reference_id, disposition, reason_code), with the bucket of the
-- roll-forward it belongs to. Adjustment reason codes (docs/ingest.md, Amazon's Inventory
-- Adjustments table): M misplaced → lost; F found, N transferred in → found; E, H, K, U, 6, 7
-- damaged at the fulfilment centre (Amazon's fault) → damaged; D destroyed, 5 unrecoverable →
-- disposed; every other code (P into warehouse-damaged, software and catalogue corrections) →
-- other. Quantities stay signed.
with

source as (
    select * from {{ ref('fba_ledger_event') }}
),

renamed as (
    select
        ---------- ids
        source.event_date,
        source.sku,
        source.fnsku,
        source.marketplace,
        source.location_id,
        source.fulfillment_center,
        source.reference_id,
        ---------- attributes
        source.event_type,
        source.disposition,
        source.reason_code,
        case
            when source.event_type = 'Receipts' then 'receipts'
            when source.event_type = 'Shipments' then 'shipments'
            when source.event_type = 'CustomerReturns' then 'customer_returns'
            when source.event_type = 'WhseTransfers' then 'transfers'
            when source.event_type = 'VendorReturns' then 'vendor_returns'
            when source.event_type <> 'Adjustments' then 'other'
            when source.reason_code = 'M' then 'lost'
            when source.reason_code in ('F', 'N') then 'found'
            when source.reason_code in ('E', 'H', 'K', 'U', '6', '7') then 'damaged'
            when source.reason_code in ('D', '5') then 'disposed'
            else 'other'
        end as ledger_bucket,
        -- customer returns that came back unsellable through no fault of Amazon's warehouse
        source.event_type = 'CustomerReturns'
        and source.disposition in ('CUSTOMER_DAMAGED', 'CARRIER_DAMAGED', 'DEFECTIVE') as is_return_damaged,
        ---------- numerics
        source.quantity_units,
        source.unreconciled_units
    from source
)

select * from renamed
