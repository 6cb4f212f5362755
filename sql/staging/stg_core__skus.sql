-- materialized: view
-- One row per seller SKU (key: sku): master data with costs in their own currency.
with

source as (
    select * from {{ ref('sku') }}
),

renamed as (
    select
        ---------- ids
        source.sku,
        ---------- attributes
        source.title,
        source.category,
        source.is_active,
        ---------- numerics
        cast(source.unit_cost_amount as {{ float_type() }}) as unit_cost_amount,
        source.cost_currency_code,
        cast(source.lead_time_days as {{ float_type() }}) as lead_time_days,
        cast(source.lead_time_sd_days as {{ float_type() }}) as lead_time_sd_days,
        coalesce(source.moq_units, 1) as moq_units,
        coalesce(source.case_pack_units, 1) as case_pack_units
    from source
)

select * from renamed
