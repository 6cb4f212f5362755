-- return_reasons: one row per sku × channel × normalised reason (key: sku, channel, reason_code)
-- with returns in the window. Default rates are shipment-cohort rates (anchors B.8): units
-- returned within cohort_days of shipping, for lines shipped in the window, ÷ units shipped in
-- the window — by the order's channel. Calendar rates (returns received in the window ÷ units
-- shipped in it) sit beside them. Dispositions and restock rate are over the cohort's returns.
-- latest_comment: what the customer wrote on the newest return of the reason received in the
-- window (text from the channel: the add-in and CSV output neutralise formulas in it).
-- Identities: Σ reason_share over a sku × channel = 1; return_rate = units_returned / units_shipped.
with

params as (
    select
        cast($as_of as date) as as_of_date,
        cast($window_days as bigint) as window_days,
        cast($cohort_days as bigint) as cohort_days,
        cast($channel as string) as channel_filter,
        cast($marketplace as string) as marketplace_filter,
        cast($reason as string) as reason_filter,
        cast($sku_prefix as string) as sku_prefix_filter,
        cast($category as string) as category_filter
),

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

returns as (
    select * from {{ ref('int_return_lines') }}
),

skus as (
    select * from {{ ref('stg_core__skus') }}
),

data_dates as (
    select * from {{ ref('int_data_dates') }}
),

period as (
    select
        params.as_of_date,
        {{ add_days(params.as_of_date, 1 - params.window_days) }} as start_date,
        {{ add_days(params.as_of_date, 1 - 2 * params.window_days) }} as previous_start_date,
        params.cohort_days,
        -- the newest shipments have not had cohort_days to come back yet
        {{ add_days(params.as_of_date, params.cohort_days) }} > data_dates.last_data_date as is_cohort_maturing,
        params.channel_filter,
        params.marketplace_filter,
        params.reason_filter,
        params.sku_prefix_filter,
        params.category_filter
    from params
    cross join data_dates
),

-- units shipped per sku × channel, this window and the one before
shipped_totals as (
    select
        order_lines.sku,
        order_lines.channel,
        sum(case when order_lines.shipped_date >= period.start_date then order_lines.quantity_units else 0 end)
            as units_shipped,
        sum(case when order_lines.shipped_date < period.start_date then order_lines.quantity_units else 0 end)
            as previous_units_shipped
    from order_lines
    cross join period
    where order_lines.is_shipped
        and order_lines.shipped_date between period.previous_start_date and period.as_of_date
        and (period.channel_filter is null or order_lines.channel = period.channel_filter)
        and (period.marketplace_filter is null or order_lines.marketplace = period.marketplace_filter)
        and (period.sku_prefix_filter is null or starts_with(order_lines.sku, period.sku_prefix_filter))
    group by order_lines.sku, order_lines.channel
),

scoped_returns as (
    select
        returns.sku,
        returns.channel,
        returns.reason_code,
        returns.quantity_units,
        returns.is_sellable,
        returns.returned_date,
        returns.shipped_date,
        returns.returned_at,
        returns.return_line_id,
        returns.customer_comment
    from returns
    cross join period
    left join skus
        on skus.sku = returns.sku
    where (period.channel_filter is null or returns.channel = period.channel_filter)
        and (period.marketplace_filter is null or returns.marketplace = period.marketplace_filter)
        and (period.reason_filter is null or returns.reason_code = period.reason_filter)
        and (period.sku_prefix_filter is null or starts_with(returns.sku, period.sku_prefix_filter))
        and (period.category_filter is null or skus.category = period.category_filter)
),

-- returns linked to a shipment of this or the previous window, back within cohort_days
cohort_returns as (
    select
        scoped_returns.sku,
        scoped_returns.channel,
        scoped_returns.reason_code,
        scoped_returns.quantity_units,
        scoped_returns.is_sellable,
        scoped_returns.shipped_date >= period.start_date as is_current
    from scoped_returns
    cross join period
    where scoped_returns.shipped_date between period.previous_start_date and period.as_of_date
        and scoped_returns.returned_date <= {{ add_days(scoped_returns.shipped_date, period.cohort_days) }}
),

calendar_returns as (
    select
        scoped_returns.sku,
        scoped_returns.channel,
        scoped_returns.reason_code,
        scoped_returns.quantity_units,
        scoped_returns.returned_at,
        scoped_returns.return_line_id,
        scoped_returns.customer_comment
    from scoped_returns
    cross join period
    where scoped_returns.returned_date between period.start_date and period.as_of_date
),

cohort_by_reason as (
    select
        cohort_returns.sku,
        cohort_returns.channel,
        cohort_returns.reason_code,
        sum(case when cohort_returns.is_current then cohort_returns.quantity_units else 0 end) as units_returned,
        sum(
            case when cohort_returns.is_current and cohort_returns.is_sellable then cohort_returns.quantity_units else 0 end
        ) as units_sellable,
        sum(case when not cohort_returns.is_current then cohort_returns.quantity_units else 0 end) as previous_units_returned
    from cohort_returns
    group by cohort_returns.sku, cohort_returns.channel, cohort_returns.reason_code
),

calendar_by_reason as (
    select
        calendar_returns.sku,
        calendar_returns.channel,
        calendar_returns.reason_code,
        sum(calendar_returns.quantity_units) as units_returned
    from calendar_returns
    group by calendar_returns.sku, calendar_returns.channel, calendar_returns.reason_code
),

latest_comments as (
    select
        calendar_returns.sku,
        calendar_returns.channel,
        calendar_returns.reason_code,
        calendar_returns.customer_comment as latest_comment
    from calendar_returns
    where calendar_returns.customer_comment is not null
    qualify row_number() over (
        partition by calendar_returns.sku, calendar_returns.channel, calendar_returns.reason_code
        order by calendar_returns.returned_at desc, calendar_returns.return_line_id desc
    ) = 1
),

reasons as (
    select
        coalesce(cohort_by_reason.sku, calendar_by_reason.sku) as sku,
        coalesce(cohort_by_reason.channel, calendar_by_reason.channel) as channel,
        coalesce(cohort_by_reason.reason_code, calendar_by_reason.reason_code) as reason_code,
        coalesce(cohort_by_reason.units_returned, 0) as units_returned,
        coalesce(cohort_by_reason.units_sellable, 0) as units_sellable,
        coalesce(cohort_by_reason.previous_units_returned, 0) as previous_units_returned,
        coalesce(calendar_by_reason.units_returned, 0) as calendar_units_returned
    from cohort_by_reason
    full outer join calendar_by_reason
        on calendar_by_reason.sku = cohort_by_reason.sku
        and calendar_by_reason.channel = cohort_by_reason.channel
        and calendar_by_reason.reason_code = cohort_by_reason.reason_code
),

measured as (
    select
        reasons.*,
        sum(reasons.units_returned) over (partition by reasons.sku, reasons.channel) as sku_channel_units_returned,
        sum(reasons.units_returned + reasons.calendar_units_returned) over (
            partition by reasons.sku, reasons.reason_code
        ) as sku_reason_units
    from reasons
    where reasons.units_returned > 0 or reasons.calendar_units_returned > 0
),

-- the sku's most frequent reason across channels (cohort + calendar units; ties by name)
top_reasons as (
    select
        measured.sku,
        measured.reason_code as top_reason_code
    from measured
    where true
    qualify row_number() over (
        partition by measured.sku
        order by measured.sku_reason_units desc, measured.reason_code
    ) = 1
),

final as (
    select
        measured.sku,
        measured.channel,
        measured.reason_code,
        -- reasons that point at the listing (description, size chart, compatibility), not the parcel
        measured.reason_code in ('NOT_AS_DESCRIBED', 'SIZE_FIT', 'NOT_COMPATIBLE') as is_listing_issue,
        coalesce(shipped_totals.units_shipped, 0) as units_shipped,
        measured.units_returned,
        measured.units_returned / nullif(shipped_totals.units_shipped, 0) as return_rate,
        measured.units_returned / nullif(measured.sku_channel_units_returned, 0) as reason_share,
        measured.units_sellable,
        measured.units_returned - measured.units_sellable as units_unsellable,
        measured.units_sellable / nullif(measured.units_returned, 0) as restock_rate,
        measured.sku_channel_units_returned / nullif(shipped_totals.units_shipped, 0) as sku_channel_return_rate,
        measured.calendar_units_returned,
        measured.calendar_units_returned / nullif(shipped_totals.units_shipped, 0) as calendar_return_rate,
        top_reasons.top_reason_code,
        measured.previous_units_returned,
        measured.previous_units_returned / nullif(shipped_totals.previous_units_shipped, 0) as previous_return_rate,
        measured.units_returned / nullif(shipped_totals.units_shipped, 0)
            - measured.previous_units_returned / nullif(shipped_totals.previous_units_shipped, 0) as return_rate_change,
        period.is_cohort_maturing,
        latest_comments.latest_comment,
        case
            when coalesce(shipped_totals.units_shipped, 0) = 0 then 'NO_DEMAND'
            when period.is_cohort_maturing then 'MATURING'
        end as rate_note
    from measured
    cross join period
    left join shipped_totals
        on shipped_totals.sku = measured.sku
        and shipped_totals.channel = measured.channel
    left join top_reasons
        on top_reasons.sku = measured.sku
    left join latest_comments
        on latest_comments.sku = measured.sku
        and latest_comments.channel = measured.channel
        and latest_comments.reason_code = measured.reason_code
)

select * from final
