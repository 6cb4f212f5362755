-- Upgrades a stock ledger created before these columns (see 020_writeback.sql for their meaning).
-- A database records each schema file once (schema_migration) and never runs 020 again, so the
-- columns are added here; on a new database 020 already has them and these are no-ops.
alter table stock_change add column if not exists follows_change_id varchar;
alter table stock_change add column if not exists is_side_effect boolean;
alter table stock_change add column if not exists available_units integer;
alter table stock_change add column if not exists warning_code varchar;
alter table stock_change add column if not exists warning_message varchar;
