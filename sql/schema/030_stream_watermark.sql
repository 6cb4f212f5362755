-- Incremental API pulls (pipeline/scheduler). One watermark per channel account and stream:
-- everything the channel changed before cursor_value has been loaded. It is written in the same
-- transaction as the rows of the window it closes, so a kill leaves data and watermark agreeing.
create table if not exists stream_watermark (
    -- key: (channel, account, stream)
    channel varchar not null,               -- amazon | ebay | shopify | aliexpress
    account varchar not null,               -- the account id from crossdock.config.json
    stream varchar not null,                -- orders | inventory | returns | listings
    cursor_value varchar not null,          -- ISO-8601 UTC instant (exclusive window end)
    run_id varchar,                         -- the pipeline_run that advanced it
    updated_at timestamp not null default current_timestamp,
    primary key (channel, account, stream)
);

-- pipeline_run rows of one `crossdock run` pass (or one scheduled tick) share a pass_id; API
-- pulls also name the account and how the run was started.
alter table pipeline_run add column if not exists pass_id varchar;
alter table pipeline_run add column if not exists account varchar;
alter table pipeline_run add column if not exists run_trigger varchar;   -- cli | schedule | api | inbox
alter table pipeline_run add column if not exists attempt integer;
