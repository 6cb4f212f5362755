// The DuckDB side of the BigQuery export: which rows changed since the table's watermark, and
// one zstd Parquet file of them. DuckDB writes the file itself (COPY … TO), never row by row.
import { statSync } from 'node:fs';
import { ConfigError } from '../../errors';
import type { SqlConnection } from '../types';
import type { ExportTable, TableColumn } from './tables';

export interface TableExport {
  table: ExportTable;
  columns: TableColumn[];
  /** null: nothing changed, no file written. */
  file: string | null;
  rows: number;
  bytes: number;
  /** merge tables: the newest change exported (the watermark after a successful MERGE). */
  watermarkAfter: string | null;
  /** replace tables: the content fingerprint exported. */
  fingerprint: string | null;
  /** partitioned tables: the date range of the exported rows. */
  partitionRange?: { from: string; to: string };
}

const EPOCH = '1970-01-01 00:00:00';

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Timestamps leave as TIMESTAMPTZ so Parquet marks them UTC and BigQuery reads TIMESTAMP. */
function selectList(columns: TableColumn[]): string {
  return columns.map((c) => (c.bqType === 'TIMESTAMP' ? `cast(${c.name} as timestamptz) as ${c.name}` : c.name)).join(', ');
}

async function copyToParquet(conn: SqlConnection, query: string, file: string): Promise<number> {
  if (/'/.test(file)) throw new ConfigError(`export path must not contain a quote: ${file}`);
  await conn.run(`copy (${query}) to '${file}' (format parquet, compression zstd)`);
  return statSync(file).size;
}

/** Rows of a merge table changed after `watermark` (UTC text, or null for everything). */
export async function exportChangedRows(
  conn: SqlConnection,
  table: ExportTable,
  columns: TableColumn[],
  watermark: string | null,
  file: string,
): Promise<TableExport> {
  const changed = table.changedColumn;
  if (!changed) throw new ConfigError(`table ${table.name} has no change column`);
  const since = (watermark ?? EPOCH).replace('T', ' ').replace(/Z$/, '');
  // Bound the export above by the max seen now, so rows landing meanwhile wait for the next run.
  const partition = table.partitionBy
    ? `, cast(min(${table.partitionBy.column}) as date)::varchar as p_from, cast(max(${table.partitionBy.column}) as date)::varchar as p_to`
    : '';
  const [stats] = await conn.all<{ n: number; max_changed: string | null; p_from?: string; p_to?: string }>(
    `select count(*) as n, strftime(max(${changed}), '%Y-%m-%d %H:%M:%S.%f') as max_changed${partition}
     from ${table.name} where ${changed} > cast($since as timestamp)`,
    { since },
  );
  const base: TableExport = { table, columns, file: null, rows: 0, bytes: 0, watermarkAfter: null, fingerprint: null };
  if (!stats || stats.n === 0 || !stats.max_changed) return base;
  const query =
    `select ${selectList(columns)} from ${table.name} ` +
    `where ${changed} > cast(${quoteLiteral(since)} as timestamp) and ${changed} <= cast(${quoteLiteral(stats.max_changed)} as timestamp)`;
  const bytes = await copyToParquet(conn, query, file);
  return {
    ...base,
    file,
    rows: stats.n,
    bytes,
    watermarkAfter: stats.max_changed,
    ...(stats.p_from && stats.p_to ? { partitionRange: { from: stats.p_from, to: stats.p_to } } : {}),
  };
}

/** A replace table, whole, when its content differs from `lastFingerprint`. */
export async function exportWholeTable(
  conn: SqlConnection,
  table: ExportTable,
  columns: TableColumn[],
  lastFingerprint: string | null,
  file: string,
): Promise<TableExport> {
  const names = columns.map((c) => c.name).join(', ');
  const where = table.exportWhere ? ` where ${table.exportWhere}` : '';
  const [stats] = await conn.all<{ n: number; fingerprint: string }>(
    `select count(*) as n, md5(coalesce(string_agg(row_text, chr(10) order by row_text), '')) as fingerprint
     from (select cast(row(${names}) as varchar) as row_text from ${table.name}${where})`,
  );
  const base: TableExport = { table, columns, file: null, rows: 0, bytes: 0, watermarkAfter: null, fingerprint: stats.fingerprint };
  if (stats.fingerprint === lastFingerprint) return base;
  const bytes = await copyToParquet(conn, `select ${selectList(columns)} from ${table.name}${where}`, file);
  return { ...base, file, rows: stats.n, bytes };
}
