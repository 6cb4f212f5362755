-- materialized: table
-- One row per currency × day (key: currency_code, date_day): the rate to the base currency in
-- force that day, i.e. the latest published on or before it (docs/templates.md). The base
-- currency is always 1.
with

rates as (
    select * from {{ ref('fx_rate') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

settings as (
    select * from {{ ref('setting') }}
),

base_currency as (
    select settings.setting_value as currency_code
    from settings
    where settings.setting_key = 'base_currency_code'
),

currencies as (
    select
        rates.currency_code,
        min(rates.rate_date) as first_rate_date
    from rates
    where rates.currency_code not in (select base_currency.currency_code from base_currency)
    group by rates.currency_code
),

-- carry each published rate forward until the next one
filled as (
    select
        currencies.currency_code,
        dates.date_day,
        last_value(rates.rate_to_base ignore nulls) over (
            partition by currencies.currency_code
            order by dates.date_day
            rows between unbounded preceding and current row
        ) as rate_to_base
    from currencies
    inner join dates
        on dates.date_day >= currencies.first_rate_date
    left join rates
        on rates.currency_code = currencies.currency_code
        and rates.rate_date = dates.date_day
),

base_rows as (
    select
        base_currency.currency_code,
        dates.date_day,
        cast(1 as {{ float_type() }}) as rate_to_base
    from base_currency
    cross join dates
),

final as (
    select * from filled
    union all
    select * from base_rows
)

select * from final
