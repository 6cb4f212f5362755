// The one description of every table Crossdock copies to BigQuery: natural key, the column
// that says "changed since", partitioning and clustering. Column names and types come from the
// DuckDB schema itself (sql/schema, which a test holds to pipeline/model/canonical.ts), and the
// canonical tables' keys from the canonical model, so the BigQuery DDL, the Parquet export and
// the MERGE can never disagree with it. Pure except describeTable (reads DuckDB's catalog).
import { ConfigError } from '../../errors';
import { CANONICAL_TABLES } from '../../model/canonical';
import type { SqlConnection } from '../types';

export type BigQueryType = 'STRING' | 'INT64' | 'NUMERIC' | 'FLOAT64' | 'BOOL' | 'DATE' | 'TIMESTAMP';

export interface ExportTable {
  name: string;
  /** Natural key: the MERGE's ON clause and the staging dedupe partition. */
  key: readonly string[];
  /** merge tables: the column that moves when a row is written (the export watermark reads it). */
  changedColumn?: string;
  /** Daily partitioning: a DATE column, or a TIMESTAMP column partitioned by DATE(column). */
  partitionBy?: { column: string; kind: 'date' | 'timestamp' };
  clusterBy: string[];
  /**
   * merge: staging table + MERGE on the key (fact tables, dimensions, the ledger).
   * replace: small configuration tables are reloaded whole (WRITE_TRUNCATE) when their content
   * fingerprint changed since the last successful load.
   */
  mode: 'merge' | 'replace';
  /** replace tables: rows to leave out (a fixed SQL condition, no user input). */
  exportWhere?: string;
}

export interface TableColumn {
  name: string;
  duckType: string;
  bqType: BigQueryType;
  nullable: boolean;
}

export const EXPORT_TABLES: readonly ExportTable[] = [
  // The data_version bookkeeping is local state; exporting it would reload setting every run.
  { name: 'setting', key: ['setting_key'], clusterBy: [], mode: 'replace', exportWhere: "setting_key not in ('data_version', 'marts_data_version') and not starts_with(setting_key, 'mart_data_version:')" },
  { name: 'sku', key: CANONICAL_TABLES.sku.key, changedColumn: 'loaded_at', clusterBy: ['sku'], mode: 'merge' },
  { name: 'location', key: CANONICAL_TABLES.location.key, changedColumn: 'loaded_at', clusterBy: [], mode: 'merge' },
  { name: 'listing', key: CANONICAL_TABLES.listing.key, changedColumn: 'loaded_at', clusterBy: ['channel', 'sku'], mode: 'merge' },
  { name: 'fx_rate', key: CANONICAL_TABLES.fx_rate.key, changedColumn: 'loaded_at', clusterBy: ['currency_code'], mode: 'merge' },
  {
    name: 'order_line',
    key: CANONICAL_TABLES.order_line.key,
    changedColumn: 'loaded_at',
    partitionBy: { column: 'ordered_at', kind: 'timestamp' },
    clusterBy: ['channel', 'marketplace', 'sku'],
    mode: 'merge',
  },
  {
    name: 'return_line',
    key: CANONICAL_TABLES.return_line.key,
    changedColumn: 'loaded_at',
    partitionBy: { column: 'returned_at', kind: 'timestamp' },
    clusterBy: ['channel', 'marketplace', 'sku'],
    mode: 'merge',
  },
  {
    name: 'inventory_snapshot',
    key: CANONICAL_TABLES.inventory_snapshot.key,
    changedColumn: 'loaded_at',
    partitionBy: { column: 'snapshot_date', kind: 'date' },
    clusterBy: ['location_id', 'sku'],
    mode: 'merge',
  },
  {
    name: 'fba_ledger_event',
    key: CANONICAL_TABLES.fba_ledger_event.key,
    changedColumn: 'loaded_at',
    partitionBy: { column: 'event_date', kind: 'date' },
    clusterBy: ['location_id', 'sku'],
    mode: 'merge',
  },
  {
    name: 'order_fee',
    key: CANONICAL_TABLES.order_fee.key,
    changedColumn: 'loaded_at',
    partitionBy: { column: 'posted_at', kind: 'timestamp' },
    clusterBy: ['channel', 'order_id'],
    mode: 'merge',
  },
  // The write-back ledger stays in DuckDB (row-level writes); BigQuery gets a read-only copy.
  {
    name: 'stock_change',
    key: ['change_id'],
    changedColumn: 'updated_at',
    partitionBy: { column: 'requested_at', kind: 'timestamp' },
    clusterBy: ['channel', 'sku'],
    mode: 'merge',
  },
  { name: 'peak_event', key: ['event_name', 'start_date'], clusterBy: [], mode: 'replace' },
  // Demand forecasts: computed in DuckDB by the refresh (no SQL model can), rewritten per build.
  { name: 'forecast_daily', key: ['sku', 'pool_id', 'forecast_date'], clusterBy: ['sku'], mode: 'replace' },
  { name: 'forecast_accuracy', key: ['sku', 'pool_id'], clusterBy: [], mode: 'replace' },
];

export function exportTable(name: string): ExportTable {
  const table = EXPORT_TABLES.find((t) => t.name === name);
  if (!table) throw new ConfigError(`"${name}" is not a table Crossdock exports to BigQuery`);
  return table;
}

/** DuckDB column type → BigQuery type. Naive UTC TIMESTAMPs become BigQuery TIMESTAMP (UTC). */
export function bigQueryType(duckType: string): BigQueryType {
  const t = duckType.toUpperCase();
  if (t === 'VARCHAR' || t.startsWith('VARCHAR(')) return 'STRING';
  if (['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'UINTEGER', 'USMALLINT', 'UTINYINT', 'HUGEINT'].includes(t)) return 'INT64';
  if (t.startsWith('DECIMAL')) return 'NUMERIC';
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL') return 'FLOAT64';
  if (t === 'BOOLEAN') return 'BOOL';
  if (t === 'DATE') return 'DATE';
  if (t === 'TIMESTAMP' || t === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMP';
  throw new ConfigError(`no BigQuery type for DuckDB type ${duckType}; extend bigQueryType()`);
}

/** The table's columns in schema order, as DuckDB declares them. */
export async function describeTable(conn: SqlConnection, table: ExportTable): Promise<TableColumn[]> {
  const rows = await conn.all<{ column_name: string; data_type: string; is_nullable: string }>(
    `select column_name, data_type, is_nullable from information_schema.columns
     where table_schema = 'main' and table_name = $name order by ordinal_position`,
    { name: table.name },
  );
  if (rows.length === 0) throw new ConfigError(`table ${table.name} does not exist in the DuckDB warehouse`);
  return rows.map((r) => ({ name: r.column_name, duckType: r.data_type, bqType: bigQueryType(r.data_type), nullable: r.is_nullable === 'YES' }));
}
