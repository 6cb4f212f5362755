-- Fees the channels charged (issue 13): Amazon settlement report lines, eBay transaction report
-- fee columns and shipping labels, Shopify Payments processing fees. Key (channel, fee_id), kept
-- by the loader like the other fact tables (delete-by-key + insert in one transaction).
-- fee_amount is a cost: positive = the seller paid it, negative = the channel credited it back
-- (a referral fee refunded with the item). order_id is null for fees not charged for one order
-- (storage, subscription, advertising); sku is null for fees of a whole order (shipping label,
-- payment processing). fee_base is fee_amount at the posted_at date's rate (fx_rate).
create table if not exists order_fee (
    channel varchar not null,
    marketplace varchar,
    fee_id varchar not null,                -- the fee's identity within its channel (see docs/ingest.md)
    order_id varchar,
    sku varchar,
    fee_type varchar not null check (fee_type in ('fulfilment', 'referral', 'shipping', 'payment', 'storage', 'advertising', 'refund_commission', 'other')),
    raw_description varchar,                -- the channel's words: ItemFees/Commission, Final Value Fee - fixed, ...
    fee_amount decimal(18, 4) not null,
    currency_code varchar not null,
    fee_base decimal(18, 4),
    posted_at timestamp not null,
    settlement_id varchar,                  -- settlement / payout it was paid in, when known
    source_file varchar,
    loaded_at timestamp not null default current_timestamp
);
