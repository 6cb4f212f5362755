-- Trading peaks the replenishment dataset plans for (anchors B.10: seasonality enters the
-- order-up-to demand). Configuration, not code: edit or add rows per tenant. Dates are the
-- event's selling days. Prime Day dates after 2025 are estimates until Amazon announces them.
create table if not exists peak_event (
    -- key: (event_name, start_date).
    event_name varchar not null,            -- bfcm | prime_day | singles_day | christmas
    start_date date not null,
    end_date date not null,
    is_estimate boolean not null default false,
    primary key (event_name, start_date),
    check (end_date >= start_date)
);

insert into peak_event (event_name, start_date, end_date, is_estimate) values
    ('bfcm', date '2023-11-24', date '2023-11-27', false),
    ('bfcm', date '2024-11-29', date '2024-12-02', false),
    ('bfcm', date '2025-11-28', date '2025-12-01', false),
    ('bfcm', date '2026-11-27', date '2026-11-30', false),
    ('bfcm', date '2027-11-26', date '2027-11-29', false),
    ('prime_day', date '2023-07-11', date '2023-07-12', false),
    ('prime_day', date '2024-07-16', date '2024-07-17', false),
    ('prime_day', date '2025-07-08', date '2025-07-11', false),
    ('prime_day', date '2026-07-14', date '2026-07-15', true),
    ('prime_day', date '2027-07-13', date '2027-07-14', true),
    ('singles_day', date '2023-11-11', date '2023-11-11', false),
    ('singles_day', date '2024-11-11', date '2024-11-11', false),
    ('singles_day', date '2025-11-11', date '2025-11-11', false),
    ('singles_day', date '2026-11-11', date '2026-11-11', false),
    ('singles_day', date '2027-11-11', date '2027-11-11', false),
    ('christmas', date '2023-12-01', date '2023-12-20', false),
    ('christmas', date '2024-12-01', date '2024-12-20', false),
    ('christmas', date '2025-12-01', date '2025-12-20', false),
    ('christmas', date '2026-12-01', date '2026-12-20', false),
    ('christmas', date '2027-12-01', date '2027-12-20', false)
on conflict do nothing;
