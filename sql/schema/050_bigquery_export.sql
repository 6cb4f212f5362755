-- BigQuery export state (pipeline/warehouse/bigquery, docs/bigquery.md). DuckDB stays the ETL
-- engine; each run copies the rows changed since the last successful MERGE to BigQuery.

create table if not exists bigquery_export_watermark (
    -- key: table_name. The newest change time (loaded_at/updated_at, UTC) already merged into
    -- BigQuery. Moves only after that table's MERGE succeeded, so a failed run is retried.
    table_name varchar primary key,
    watermark timestamp not null,
    rows_total bigint not null default 0,
    updated_at timestamp not null default current_timestamp
);

create table if not exists bigquery_sync_log (
    -- key: (run_id, table_name, step). The run log of the BigQuery export: one row per job.
    run_id varchar not null,
    table_name varchar not null,            -- a canonical table, or mart:<dataset> / model:<name>
    step varchar not null check (step in ('export', 'load', 'merge', 'build')),
    job_id varchar,
    step_status varchar not null check (step_status in ('succeeded', 'failed', 'skipped')),
    rows_count bigint,                      -- rows exported / loaded / affected by the MERGE
    bytes_count bigint,                     -- Parquet bytes / loaded bytes / bytes billed
    error_message varchar,
    started_at timestamp not null,
    finished_at timestamp not null,
    primary key (run_id, table_name, step)
);

create table if not exists bigquery_state (
    -- key: state_key. exported_data_version: the local data_version BigQuery last caught up
    -- with (the API caches BigQuery answers by it); mart_as_of: the as_of the marts were built for.
    state_key varchar primary key,
    state_value varchar not null,
    updated_at timestamp not null default current_timestamp
);
