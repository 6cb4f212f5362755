-- The SKUs a write touched (issue 14, goal 3): a scheduled pull of a few orders records them,
-- so the analytics rebuild redoes only those SKUs' rows in the models that allow it (a
-- `-- incremental: sku` header, pipeline/analytics/models.ts). Null: the writer did not say, or
-- the change reaches every SKU; the models reading it are rebuilt whole.
alter table data_change add column if not exists skus varchar[];
