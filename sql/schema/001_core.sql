-- Crossdock canonical model (DuckDB). Every table has a natural key, so loading the same data
-- twice changes nothing: small dimension tables declare it as PRIMARY KEY; the big fact tables
-- (order_line, return_line, inventory_snapshot) keep it as a documented key that the loader
-- enforces with delete-by-key + insert inside one transaction (faster than a PK index on
-- millions of rows, see docs/data-model.md). All timestamps are UTC (TIMESTAMP without zone).
-- Migrations are append-only files applied in name order; schema_migration records which ran.

create table if not exists setting (
    -- key: setting_key. Tenant-wide settings (base_currency_code, data_version, ...).
    setting_key varchar primary key,
    setting_value varchar not null,
    updated_at timestamp not null default current_timestamp
);

create table if not exists sku (
    -- key: sku. One row per seller SKU (the seller's own code; channels map to it).
    sku varchar primary key,
    title varchar,
    category varchar,
    unit_cost_amount decimal(18, 4),
    cost_currency_code varchar,
    lead_time_days double,
    lead_time_sd_days double,
    moq_units integer,
    case_pack_units integer,
    is_active boolean not null default true,
    source_file varchar,
    loaded_at timestamp not null default current_timestamp
);

create table if not exists location (
    -- key: location_id. Where stock sits. pool_id groups nodes that share stock (B.0 "pool").
    location_id varchar primary key,
    location_name varchar not null,
    location_kind varchar not null check (location_kind in ('fba', '3pl', 'own')),
    country_code varchar,
    pool_id varchar not null,
    is_settable boolean not null,           -- false for FBA: Amazon owns those quantities
    loaded_at timestamp not null default current_timestamp
);

create table if not exists listing (
    -- key: listing_id = channel:marketplace:sku:fulfilment (see pipeline/model/keys.ts).
    -- One row per SKU offered on a channel/marketplace.
    listing_id varchar primary key,
    channel varchar not null,               -- amazon | ebay | shopify | aliexpress
    marketplace varchar not null,           -- US, DE, ... or the shop/site id
    sku varchar not null,
    fulfilment varchar not null check (fulfilment in ('fba', 'merchant')),
    location_id varchar,                    -- the location whose stock feeds this listing
    channel_listing_id varchar,             -- ASIN / eBay item id / Shopify variant id / AE product id
    channel_offer_id varchar,               -- eBay offer id / Amazon listing-id
    channel_inventory_item_id varchar,      -- Shopify inventory item gid / AE sku id
    channel_location_id varchar,            -- Shopify location gid / eBay merchantLocationKey
    title varchar,
    listing_status varchar,
    price_amount decimal(18, 4),
    currency_code varchar,
    channel_quantity_units integer,         -- what the channel last showed as available
    channel_quantity_seen_at timestamp,
    source_file varchar,
    loaded_at timestamp not null default current_timestamp
);

create table if not exists order_line (
    -- key: (channel, order_id, line_id). One row per order line; latest version wins.
    channel varchar not null,
    marketplace varchar,
    order_id varchar not null,
    line_id varchar not null,
    sku varchar not null,
    title varchar,
    quantity_units integer not null,
    item_price_amount decimal(18, 4),       -- line total for quantity_units, before tax
    currency_code varchar,
    item_price_base decimal(18, 4),         -- in the base currency at the ordered_at date's rate
    fx_rate double,                         -- base units per 1 currency unit used for _base
    order_status varchar not null,          -- pending | unshipped | shipped | cancelled | refunded
    raw_status varchar,
    fulfilment varchar not null,            -- fba | merchant
    location_id varchar,
    ship_country_code varchar,
    ordered_at timestamp not null,
    shipped_at timestamp,
    last_updated_at timestamp,
    source_file varchar,
    loaded_at timestamp not null default current_timestamp
);

create table if not exists return_line (
    -- key: (channel, return_line_id). return_line_id is built by each parser from the
    -- channel's own ids (e.g. Amazon: order-id|sku|license-plate-number|return-date).
    channel varchar not null,
    marketplace varchar,
    return_line_id varchar not null,
    order_id varchar,
    sku varchar not null,
    quantity_units integer not null,
    returned_at timestamp not null,
    raw_reason varchar,
    reason_code varchar not null,           -- normalised taxonomy, pipeline/model/returnReasons.ts
    disposition varchar not null,           -- sellable | damaged | customer_damaged | carrier_damaged | defective | expired | unknown
    is_restocked boolean not null,
    raw_status varchar,
    customer_comment varchar,
    location_id varchar,
    refund_amount decimal(18, 4),
    currency_code varchar,
    refund_base decimal(18, 4),
    source_file varchar,
    loaded_at timestamp not null default current_timestamp
);

create table if not exists inventory_snapshot (
    -- key: (snapshot_date, sku, location_id). End-of-day position. A missing row is unknown
    -- (a data gap), not zero: zero stock is a row with zeros.
    snapshot_date date not null,
    sku varchar not null,
    location_id varchar not null,
    on_hand_units integer not null,
    available_units integer not null,
    reserved_units integer not null default 0,
    inbound_units integer not null default 0,
    unfulfillable_units integer not null default 0,
    source_file varchar,
    loaded_at timestamp not null default current_timestamp
);

create table if not exists fx_rate (
    -- key: (rate_date, currency_code). rate_to_base: base units for 1 unit of currency_code.
    rate_date date not null,
    currency_code varchar not null,
    rate_to_base double not null check (rate_to_base > 0),
    rate_source varchar,
    source_file varchar,
    loaded_at timestamp not null default current_timestamp,
    primary key (rate_date, currency_code)
);

create table if not exists pipeline_run (
    -- key: run_id. One row per run of one stream (a file ingest, an API pull).
    run_id varchar primary key,
    run_kind varchar not null,              -- ingest | api | inbox | demo
    stream varchar not null,                -- e.g. amazon/all_orders or a file kind
    started_at timestamp not null,
    finished_at timestamp,
    run_status varchar not null,            -- running | succeeded | failed | partial
    rows_read bigint not null default 0,
    rows_loaded bigint not null default 0,
    rows_rejected bigint not null default 0,
    watermark_before varchar,
    watermark_after varchar,
    error_message varchar
);

create table if not exists ingested_file (
    -- key: file_sha256. Which file contents were loaded, as what, by which run.
    file_sha256 varchar primary key,
    file_path varchar not null,
    report_kind varchar not null,
    file_bytes bigint not null,
    run_id varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null,
    loaded_at timestamp not null default current_timestamp
);

create table if not exists rejected_row (
    -- key: (source_file, line_number, field). A row we refused, and why. Rerunning a file
    -- replaces its rejects.
    run_id varchar not null,
    source_file varchar not null,
    report_kind varchar not null,
    line_number bigint not null,
    field varchar not null,
    reason varchar not null,
    raw_value varchar,
    rejected_at timestamp not null default current_timestamp,
    primary key (source_file, line_number, field)
);

insert into setting (setting_key, setting_value) values ('base_currency_code', 'USD') on conflict do nothing;
insert into setting (setting_key, setting_value) values ('data_version', '0') on conflict do nothing;
