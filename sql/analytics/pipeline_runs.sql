-- pipeline_runs: one row per run of one stream (key: run_id) started in the last $days days,
-- newest first. hours_since_last_success is per stream and account: how stale that stream's
-- data is now (null when it never succeeded), for freshness alerts (alert when > 2 × interval).
with

params as (
    select
        cast($days as bigint) as days,
        cast($stream as string) as stream_filter,
        cast($status as string) as status_filter
),

runs as (
    select * from {{ ref('pipeline_run') }}
),

last_success as (
    select
        runs.stream,
        coalesce(runs.account, '') as account_key,
        max(runs.finished_at) as last_succeeded_at
    from runs
    where runs.run_status in ('succeeded', 'partial')
    group by runs.stream, coalesce(runs.account, '')
),

final as (
    select
        runs.run_id,
        runs.pass_id,
        runs.run_kind,
        runs.stream,
        runs.account,
        runs.run_trigger,
        runs.attempt,
        runs.started_at,
        runs.finished_at,
        {{ hours_between(runs.started_at, runs.finished_at) }} * 3600 as duration_s,
        runs.run_status,
        runs.rows_read,
        runs.rows_loaded,
        runs.rows_rejected,
        runs.watermark_before,
        runs.watermark_after,
        runs.error_message,
        {{ hours_between(last_success.last_succeeded_at, cast(current_timestamp as timestamp)) }} as hours_since_last_success
    from runs
    cross join params
    left join last_success
        on runs.stream = last_success.stream
        and coalesce(runs.account, '') = last_success.account_key
    where {{ hours_between(runs.started_at, cast(current_timestamp as timestamp)) }} <= params.days * 24
        and (params.stream_filter is null or runs.stream = params.stream_filter)
        and (params.status_filter is null or runs.run_status = params.status_filter)
)

select * from final
order by started_at desc, run_id
