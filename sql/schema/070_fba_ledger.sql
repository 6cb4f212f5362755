-- Amazon FBA Inventory Ledger, detailed view (GET_LEDGER_DETAIL_VIEW_DATA; docs/ingest.md): every
-- event that moved FBA stock, signed (shipments negative). Read by the fba_reconciliation dataset.

create table if not exists fba_ledger_event (
    -- key: (event_date, sku, fnsku, country_code, fulfillment_center, event_type, reference_id,
    -- disposition, reason_code), kept by the loader like the other fact tables. Ledger lines have
    -- no id of their own; '' stands for an absent FC, reference, disposition or reason code.
    event_date date not null,
    sku varchar not null,                   -- MSKU
    fnsku varchar not null,
    asin varchar,
    country_code varchar not null,          -- Amazon's Country (GB for the UK store)
    marketplace varchar not null,           -- Crossdock's code (UK for GB)
    location_id varchar not null,           -- the FBA location of that marketplace (FBA-<code>)
    fulfillment_center varchar not null,
    event_type varchar not null,            -- Receipts, Shipments, CustomerReturns, WhseTransfers, VendorReturns, Adjustments
    reference_id varchar not null,
    disposition varchar not null,           -- SELLABLE, CUSTOMER_DAMAGED, WAREHOUSE_DAMAGED, ...
    reason_code varchar not null,           -- adjustment reason code (M lost, F found, E damaged, D disposed, ...)
    quantity_units integer not null,        -- signed: + into FBA stock, - out of it
    reconciled_units integer,
    unreconciled_units integer,
    source_file varchar,
    loaded_at timestamp not null default current_timestamp
);
