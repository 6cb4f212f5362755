-- materialized: view
-- One row per sku × day (key: sku, date_day): the SKU's master data and its standard cost in the
-- base currency at that day's rate (B.0; no cost layers are recorded, docs/analytics.md). A view:
-- a dataset picks its as_of day with `where date_day = …` and reads that day only.
with

skus as (
    select * from {{ ref('stg_core__skus') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

fx as (
    select * from {{ ref('int_fx_daily') }}
),

final as (
    select
        skus.sku,
        dates.date_day,
        skus.title,
        skus.category,
        skus.lead_time_days,
        skus.lead_time_sd_days,
        skus.moq_units,
        skus.case_pack_units,
        skus.unit_cost_amount * fx.rate_to_base as unit_cost_base
    from skus
    cross join dates
    left join fx
        on fx.currency_code = skus.cost_currency_code
        and fx.date_day = dates.date_day
)

select * from final
