-- Demand forecasts (issue 15): written by the forecast build step of the analytics refresh
-- (pipeline/analytics/forecastBuild.ts) from censored daily demand per sku × pool, read by the
-- forecast, forecast_accuracy and replenishment datasets. Both tables are rewritten by the build
-- (whole, or the changed SKUs' rows), never edited by hand. No primary keys: the build deletes and
-- re-inserts a SKU's rows in one transaction, which DuckDB's unique indexes refuse; the build is
-- the only writer and the tests hold the keys.

create table if not exists forecast_daily (
    -- key: (sku, pool_id, forecast_date). One row per sku × pool × future day after origin_date.
    sku varchar not null,
    pool_id varchar not null,
    forecast_date date not null,
    horizon_day integer not null,           -- 1 = the day after origin_date
    forecast_units double not null,         -- point forecast (mean), >= 0
    lower_units double not null,            -- 10 % quantile
    median_units double not null,           -- 50 % quantile
    upper_units double not null,            -- 90 % quantile
    model varchar not null,                 -- the model the backtest chose (ses, holt_damped, croston, pooled, …)
    origin_date date not null,              -- the last day of history the forecast saw
    data_version bigint not null,           -- setting.data_version the build read
    built_at timestamp not null
);

create table if not exists forecast_accuracy (
    -- key: (sku, pool_id). Rolling-origin backtest of the chosen model and of seasonal naive.
    sku varchar not null,
    pool_id varchar not null,
    model varchar not null,
    origin_date date not null,
    history_days integer not null,          -- days of history the series had (first activity … origin)
    censored_days integer not null,         -- of those, days out of stock or unknown (missing, not zero)
    origins_scored integer not null,        -- backtest origins scored (0: too short, pooled fallback)
    backtest_horizon_days integer not null, -- days each origin forecast: lead time + review period
    mase double,
    wape double,
    bias double,                            -- sum(forecast − actual) / sum(actual)
    snaive_mase double,
    snaive_wape double,
    snaive_bias double,
    error_sd_units double,                  -- sd of the backtest error summed over backtest_horizon_days
    forecast_units_horizon double not null, -- forecast summed over the whole horizon
    data_version bigint not null,
    built_at timestamp not null
);

-- Peak events per marketplace: null = every marketplace. A marketplace's own row for an event
-- replaces the every-market rows of that event in the same year (Amazon Japan holds Prime Day
-- and its October sale on other days than the US and Europe).
alter table peak_event add column if not exists marketplace varchar;

-- Amazon's October Prime event, "Prime Big Deal Days" (2022: "Prime Early Access Sale"):
-- 2023-10-10/11 in 19 countries (chainstoreage.com, 2023), 2024-10-08/09, 2025-10-07/08
-- (Amazon's announcement of 2025-09-18). 2026 and 2027 follow the pattern (a Tuesday and
-- Wednesday in the first half of October): estimates until Amazon announces them.
insert into peak_event (event_name, start_date, end_date, is_estimate, marketplace) values
    ('prime_big_deal_days', date '2023-10-10', date '2023-10-11', false, null),
    ('prime_big_deal_days', date '2024-10-08', date '2024-10-09', false, null),
    ('prime_big_deal_days', date '2025-10-07', date '2025-10-08', false, null),
    ('prime_big_deal_days', date '2026-10-06', date '2026-10-07', true, null),
    ('prime_big_deal_days', date '2027-10-05', date '2027-10-06', true, null),
    -- Amazon.co.jp's October event is its own "Prime 感謝祭" (from 2023; 2025: four days)
    ('prime_big_deal_days', date '2023-10-14', date '2023-10-15', false, 'JP'),
    ('prime_big_deal_days', date '2024-10-19', date '2024-10-20', false, 'JP'),
    ('prime_big_deal_days', date '2025-10-04', date '2025-10-07', false, 'JP'),
    -- Prime Day in Japan: 2023-07-15/16 and 2025-07-11…14 (the US and Europe: 07-11/12, 07-08…11)
    ('prime_day', date '2023-07-15', date '2023-07-16', false, 'JP'),
    ('prime_day', date '2025-07-11', date '2025-07-14', false, 'JP')
on conflict do nothing;
