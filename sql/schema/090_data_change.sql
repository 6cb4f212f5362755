-- What each data_version changed (issue 14): the tables, and for updates the columns, a write
-- touched, recorded in the write's own transaction by bumpDataVersion. The analytics rebuild
-- reads the changes since the models were last built and rebuilds only the models and marts
-- that read what changed (pipeline/analytics/lineage.ts). table_name '*': the writer did not
-- say (rebuild everything); column_names null: rows were inserted or deleted (every column).
-- Rows the models have caught up with are deleted by the rebuild.
create table if not exists data_change (
    data_version bigint not null,
    table_name varchar not null,
    column_names varchar[]
);
