-- materialized: table
-- cluster_by: ordered_date
-- incremental: sku
-- One row per order line accepted beyond its pool's stock (key: channel, order_id, line_id), over
-- the whole history: the replay of anchors B.12c, which the oversell dataset only filters to its
-- window. Each day starts from the pool's available units at the previous end of day, and that
-- day's accepted lines of every channel are replayed in ordered_at order; ats_before_units is
-- what was left before the line. A day's replay never looks at other days, so computing every
-- day once here gives the same lines as replaying the window's days at each request, without a
-- join of every order line against the daily positions per request. Pending lines are not
-- committed.
with

order_lines as (
    select * from {{ ref_skus('int_order_lines') }}
),

positions as (
    select * from {{ ref_skus('int_daily_position') }}
),

-- only a day whose accepted units exceed its opening stock can hold an incident
candidate_days as (
    select
        positions.sku,
        positions.pool_id,
        positions.date_day,
        positions.opening_available_units
    from positions
    where positions.opening_available_units is not null
        and positions.units_accepted > positions.opening_available_units
        and {{ changed_skus('positions.sku') }}
),

accepted as (
    select
        order_lines.channel,
        order_lines.marketplace,
        order_lines.order_id,
        order_lines.line_id,
        order_lines.sku,
        order_lines.pool_id,
        order_lines.order_status,
        order_lines.ordered_at,
        order_lines.ordered_date,
        order_lines.quantity_units,
        candidate_days.opening_available_units,
        coalesce(
            sum(order_lines.quantity_units) over (
                partition by order_lines.sku, order_lines.pool_id, order_lines.ordered_date
                order by order_lines.ordered_at, order_lines.channel, order_lines.order_id, order_lines.line_id
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as units_ordered_before
    from order_lines
    inner join candidate_days
        on candidate_days.sku = order_lines.sku
        and candidate_days.pool_id = order_lines.pool_id
        and candidate_days.date_day = order_lines.ordered_date
    where order_lines.order_status <> 'pending'
        and {{ changed_skus('order_lines.sku') }}
),

replayed as (
    select
        accepted.*,
        accepted.opening_available_units - accepted.units_ordered_before as ats_before_units
    from accepted
),

final as (
    select
        replayed.channel,
        replayed.marketplace,
        replayed.sku,
        replayed.pool_id,
        replayed.order_id,
        replayed.line_id,
        replayed.ordered_at,
        replayed.ordered_date,
        replayed.order_status,
        replayed.quantity_units,
        replayed.ats_before_units
    from replayed
    where replayed.quantity_units > replayed.ats_before_units
)

select * from final
