import { bigQueryType, EXPORT_TABLES, exportTable, type TableColumn } from '../../../pipeline/warehouse/bigquery/tables';
import { createTableDdl, loadJobId, mergeJobId, mergeSql, stagingTableName, withPartitionFilters } from '../../../pipeline/warehouse/bigquery/sql';
import { warehouseConfig } from '../../../pipeline/warehouse/bigquery/config';

const target = { projectId: 'acme-analytics', dataset: 'crossdock' };
const snapshotColumns: TableColumn[] = [
  { name: 'snapshot_date', duckType: 'DATE', bqType: 'DATE', nullable: false },
  { name: 'sku', duckType: 'VARCHAR', bqType: 'STRING', nullable: false },
  { name: 'location_id', duckType: 'VARCHAR', bqType: 'STRING', nullable: false },
  { name: 'on_hand_units', duckType: 'INTEGER', bqType: 'INT64', nullable: false },
  { name: 'loaded_at', duckType: 'TIMESTAMP', bqType: 'TIMESTAMP', nullable: false },
];

describe('BigQuery statements for the loader', () => {
  it('maps DuckDB types to BigQuery types, naive UTC timestamps to TIMESTAMP', () => {
    expect(['VARCHAR', 'INTEGER', 'BIGINT', 'DECIMAL(18,4)', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP'].map(bigQueryType)).toEqual([
      'STRING', 'INT64', 'INT64', 'NUMERIC', 'FLOAT64', 'BOOL', 'DATE', 'TIMESTAMP',
    ]);
    expect(() => bigQueryType('BLOB')).toThrow(/no BigQuery type/);
  });

  it('creates a date-partitioned, clustered fact table that requires a partition filter, and adds columns a newer schema has', () => {
    expect(createTableDdl(target, exportTable('inventory_snapshot'), snapshotColumns)).toBe(
      [
        'create table if not exists `acme-analytics.crossdock.inventory_snapshot` (',
        '  snapshot_date DATE NOT NULL,',
        '  sku STRING NOT NULL,',
        '  location_id STRING NOT NULL,',
        '  on_hand_units INT64 NOT NULL,',
        '  loaded_at TIMESTAMP NOT NULL',
        ')',
        'partition by snapshot_date',
        'cluster by location_id, sku',
        'options (require_partition_filter = true);',
        'alter table `acme-analytics.crossdock.inventory_snapshot`',
        '  add column if not exists snapshot_date DATE,',
        '  add column if not exists sku STRING,',
        '  add column if not exists location_id STRING,',
        '  add column if not exists on_hand_units INT64,',
        '  add column if not exists loaded_at TIMESTAMP;',
      ].join('\n'),
    );
  });

  it('merges on the natural key with the partition range in ON and explicit column lists', () => {
    const sql = mergeSql(target, exportTable('inventory_snapshot'), snapshotColumns, '_stg_inventory_snapshot_r1', { from: '2025-06-01', to: '2025-06-30' });
    expect(sql).toBe(
      [
        'merge `acme-analytics.crossdock.inventory_snapshot` as t',
        'using (',
        '  select snapshot_date, sku, location_id, on_hand_units, loaded_at',
        '  from `acme-analytics.crossdock._stg_inventory_snapshot_r1`',
        '  where true',
        '  qualify row_number() over (partition by snapshot_date, sku, location_id order by loaded_at desc) = 1',
        ') as s',
        "on t.snapshot_date = s.snapshot_date\n  and t.sku = s.sku\n  and t.location_id = s.location_id\n  and t.snapshot_date between date '2025-06-01' and date '2025-06-30'",
        'when matched and s.loaded_at >= t.loaded_at then update set',
        '  on_hand_units = s.on_hand_units,\n  loaded_at = s.loaded_at',
        'when not matched then insert (snapshot_date, sku, location_id, on_hand_units, loaded_at)',
        '  values (s.snapshot_date, s.sku, s.location_id, s.on_hand_units, s.loaded_at)',
      ].join('\n'),
    );
  });

  it('refuses a partitioned MERGE without a valid date range (no SQL injection through it)', () => {
    expect(() => mergeSql(target, exportTable('inventory_snapshot'), snapshotColumns, 's')).toThrow(/date range/);
    expect(() => mergeSql(target, exportTable('inventory_snapshot'), snapshotColumns, 's', { from: "2025-01-01' or true --", to: '2025-01-02' })).toThrow(/date range/);
  });

  it('names jobs and staging tables deterministically from the table and run id', () => {
    expect(loadJobId('order_line', 'run-7')).toBe('crossdock_load_order_line_run-7');
    expect(mergeJobId('order_line', 'run-7')).toBe('crossdock_merge_order_line_run-7');
    expect(loadJobId('order_line', '2025-06-30T10:00:00Z/x')).toBe('crossdock_load_order_line_2025-06-30T10_00_00Z_x');
    expect(stagingTableName('order_line', 'run-7')).toBe('_stg_order_line_run_7');
  });

  it('accepts warehouse.engine bigquery only with a BigQuery target, and defaults the cap and labels', () => {
    expect(warehouseConfig.safeParse({ engine: 'bigquery' }).success).toBe(false);
    const parsed = warehouseConfig.parse({ engine: 'bigquery', bigquery: { projectId: 'acme-analytics', dataset: 'crossdock' } });
    expect(parsed.bigquery).toMatchObject({ location: 'US', maximumBytesBilled: 10 * 1024 ** 3, labels: { app: 'crossdock' } });
    expect(warehouseConfig.parse({})).toEqual({ engine: 'duckdb' });
  });

  it('gives every read of a partitioned table the partition filter BigQuery requires, leaving other tables alone', () => {
    const sql = 'select * from `acme-analytics.crossdock.order_line` as o join `acme-analytics.crossdock.sku` as s using (sku)';
    expect(withPartitionFilters(sql, target, EXPORT_TABLES)).toBe(
      "select * from (select * from `acme-analytics.crossdock.order_line` where date(ordered_at) >= date '1970-01-01') as o " +
        'join `acme-analytics.crossdock.sku` as s using (sku)',
    );
  });
});
