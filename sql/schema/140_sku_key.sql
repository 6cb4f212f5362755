-- key: sku. A small integer per SKU, given once and never changed or reused (rows are only ever
-- added). The `-- incremental: sku` analytics tables carry it beside the SKU text, so that a
-- partial rebuild finds a few SKUs' rows by integer: those tables are stored in date order for the
-- live windows, which spreads one SKU's rows over every row group, and a filter on the SKU text
-- decompressed the whole column (issue 14, goal 3; pipeline/analytics/skuKeys.ts).
create table if not exists sku_key (
    sku varchar primary key,
    sku_key integer not null unique
);
