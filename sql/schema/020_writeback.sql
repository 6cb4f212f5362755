-- Stock write-back: allocation rules, the change ledger, idempotent change sets, and the one
-- definition of a listing's `version` (see docs/writeback.md).

create table if not exists allocation_rule (
    -- key: rule_id ('all', 'channel:<channel>', 'listing:<listing_id>'). How much of a listing's
    -- available stock a channel is offered. Rules merge field by field, most specific first:
    -- listing → channel → all; a null field inherits from the wider rule.
    rule_id varchar primary key,
    rule_scope varchar not null check (rule_scope in ('all', 'channel', 'listing')),
    channel varchar,                        -- set when rule_scope = 'channel'
    listing_id varchar,                     -- set when rule_scope = 'listing'
    reserve_units integer check (reserve_units >= 0),       -- held back from this channel
    available_pct double check (available_pct between 0 and 100), -- share of what remains
    max_units integer check (max_units >= 0),               -- never show more than this
    floor_units integer check (floor_units >= 0),           -- at or below this, show 0
    note varchar,
    updated_by varchar,
    updated_at timestamp not null default current_timestamp,
    check ((rule_scope = 'all' and channel is null and listing_id is null)
        or (rule_scope = 'channel' and channel is not null and listing_id is null)
        or (rule_scope = 'listing' and listing_id is not null))
);

create table if not exists stock_change_set (
    -- key: idempotency_key. One apply request. A resend with the same key answers from here
    -- (and the ledger) instead of pushing again; a different body under the same key is refused.
    idempotency_key varchar primary key,
    change_set_id varchar not null unique,
    request_sha256 varchar not null,        -- of the canonical request body
    requested_by varchar not null,          -- token name
    requested_role varchar not null,
    requested_at timestamp not null,
    finished_at timestamp,
    set_status varchar not null check (set_status in ('running', 'done', 'interrupted')),
    count_rows integer not null,
    response_json varchar                   -- the answer as first sent (audit); resends rebuild it from the ledger
);

create table if not exists stock_change (
    -- key: change_id. The stock ledger: one row per requested listing edit, written as
    -- `pending` before anything is sent, never deleted. Status moves forward only:
    -- pending → sent → applied | pending_verification | conflict | failed; pending_verification →
    -- applied | failed. Rejected rows are recorded too (nothing sent). A listing whose quantity
    -- the channel keeps together with a pushed one (Amazon merchant SKUs of one region, Shopify
    -- listings on one inventory level) gets a row of its own that follows the pushed row
    -- (is_side_effect, follows_change_id), so every listing a push moves is in the ledger.
    change_id varchar primary key,
    change_set_id varchar not null,
    row_index integer not null,             -- position in the request body
    idempotency_key varchar not null,
    requested_by varchar not null,
    requested_role varchar not null,
    requested_at timestamp not null,
    listing_id varchar not null,
    channel varchar,
    marketplace varchar,
    sku varchar,
    expected_version varchar,               -- the version the sheet was showing
    seen_quantity_units integer,            -- the channel quantity we held when planning
    asked_value varchar,                    -- new_quantity exactly as received
    asked_quantity_units integer,           -- new_quantity when it was a whole number
    sent_quantity_units integer,            -- what was sent to the channel (null: nothing sent)
    change_status varchar not null check (change_status in
        ('pending', 'sent', 'applied', 'pending_verification', 'conflict', 'failed', 'rejected')),
    reason_code varchar,                    -- CD_/plan reason for rejected and failed rows
    message varchar,
    channel_quantity_units integer,         -- what the channel showed in its answer, when known
    channel_response varchar,               -- the channel's raw per-row answer (JSON text)
    is_retryable boolean,
    sent_at timestamp,
    answered_at timestamp,
    verified_at timestamp,
    updated_at timestamp not null,          -- last status change; `changes?since=` pages on it
    follows_change_id varchar,              -- the change whose push moves this listing (not sent itself)
    is_side_effect boolean,                 -- true: not in the request; moved by follows_change_id's push
    available_units integer,                -- the pool's available units when planned (null: unknown)
    warning_code varchar,                   -- ABOVE_AVAILABLE: pushed above the pool's available units
    warning_message varchar
);

-- A listing's version: changes whenever the channel quantity we hold, or the time we saw it,
-- changes. The stock sheet carries it; plan/apply refuse an edit made on an older version.
-- This view is the only definition (pipeline/writeback reads it, sql/analytics/stock.sql too).
create or replace view listing_version as
select
    listing.listing_id,
    substr(
        md5(
            coalesce(cast(listing.channel_quantity_units as varchar), '-')
            || '|'
            || coalesce(cast(listing.channel_quantity_seen_at as varchar), '-')
        ),
        1,
        16
    ) as version
from listing;
