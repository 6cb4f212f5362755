-- materialized: table
-- The shared date dimension (key: date_day): one row per day 2015-01-01 … 2040-12-31, the
-- spine every zero-filled model joins. A fixed range keeps it engine-neutral and data-independent.
with

spine as (
    select * from {{ date_spine(date '2015-01-01', date '2040-12-31') }}
),

peaks as (
    select * from {{ ref('peak_event') }}
),

final as (
    select
        spine.date_day,
        {{ trunc_iso_week(spine.date_day) }} as week_start_date,
        {{ trunc_month(spine.date_day) }} as month_start_date,
        {{ fmt_month(spine.date_day) }} as month_label,
        extract(year from spine.date_day) as year_number,
        extract(month from spine.date_day) as month_number,
        {{ iso_dow(spine.date_day) }} as iso_day_of_week,
        (
            select min(peaks.event_name)
            from peaks
            where spine.date_day between peaks.start_date and peaks.end_date
        ) as peak_event_name
    from spine
)

select * from final
