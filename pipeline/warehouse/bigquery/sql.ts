// BigQuery statement text for the loader: table DDL, the per-run staging table name, the
// deterministic job ids and the MERGE. Pure: every identifier comes from the table description
// (allow-listed names), every literal is validated here before it is written into SQL.
import { ConfigError } from '../../errors';
import type { ExportTable, TableColumn } from './tables';

const IDENT = /^[a-z_][a-z0-9_]*$/;
const PROJECT = /^[a-z][a-z0-9-]{4,61}[a-z0-9]$|^[a-z0-9.:-]+$/;
const DATASET = /^[A-Za-z0-9_]{1,1024}$/;

export interface BigQueryTarget {
  projectId: string;
  dataset: string;
}

function ident(name: string): string {
  if (!IDENT.test(name)) throw new ConfigError(`invalid identifier "${name}"`);
  return name;
}

/** `project.dataset.table` in backticks. */
export function tableRef(target: BigQueryTarget, table: string): string {
  if (!PROJECT.test(target.projectId)) throw new ConfigError(`invalid BigQuery project id "${target.projectId}"`);
  if (!DATASET.test(target.dataset)) throw new ConfigError(`invalid BigQuery dataset "${target.dataset}"`);
  return `\`${target.projectId}.${target.dataset}.${ident(table)}\``;
}

/** Job ids allow letters, digits, _ and -; a run id is reduced to those. */
export function safeRunId(runId: string): string {
  const cleaned = runId.replace(/[^A-Za-z0-9_-]/g, '_');
  if (cleaned === '' || cleaned.length > 200) throw new ConfigError(`run id "${runId}" cannot name a BigQuery job`);
  return cleaned;
}

/** Same table + same run → same job id, so a resubmitted job is the same job (409), never a second load. */
export function loadJobId(table: string, runId: string): string {
  return `crossdock_load_${ident(table)}_${safeRunId(runId)}`;
}

export function mergeJobId(table: string, runId: string): string {
  return `crossdock_merge_${ident(table)}_${safeRunId(runId)}`;
}

/** Per-run staging table: the load writes it, the MERGE reads it, then it is dropped. */
export function stagingTableName(table: string, runId: string): string {
  return `_stg_${ident(table)}_${safeRunId(runId).replace(/-/g, '_')}`.slice(0, 1024);
}

function partitionExpr(table: ExportTable, alias?: string): string | null {
  if (!table.partitionBy) return null;
  const col = (alias ? `${alias}.` : '') + ident(table.partitionBy.column);
  return table.partitionBy.kind === 'timestamp' ? `date(${col})` : col;
}

/**
 * CREATE TABLE IF NOT EXISTS with partitioning, clustering and require_partition_filter, then
 * ADD COLUMN IF NOT EXISTS for every column (one script): a table created by an earlier release
 * gains the columns a newer schema added (e.g. the ledger's warning columns) instead of failing
 * the next MERGE. New columns are nullable: BigQuery cannot add a required one.
 */
export function createTableDdl(target: BigQueryTarget, table: ExportTable, columns: TableColumn[]): string {
  return `${createTableStatement(target, table, columns)};\n${addMissingColumnsStatement(target, table, columns)};`;
}

function addMissingColumnsStatement(target: BigQueryTarget, table: ExportTable, columns: TableColumn[]): string {
  const adds = columns.map((c) => `  add column if not exists ${ident(c.name)} ${c.bqType}`).join(',\n');
  return `alter table ${tableRef(target, table.name)}\n${adds}`;
}

function createTableStatement(target: BigQueryTarget, table: ExportTable, columns: TableColumn[]): string {
  const cols = columns.map((c) => `  ${ident(c.name)} ${c.bqType}${c.nullable ? '' : ' NOT NULL'}`).join(',\n');
  const lines = [`create table if not exists ${tableRef(target, table.name)} (\n${cols}\n)`];
  const partition = partitionExpr(table);
  if (partition) lines.push(`partition by ${partition}`);
  if (table.clusterBy.length > 0) lines.push(`cluster by ${table.clusterBy.map(ident).join(', ')}`);
  if (partition) lines.push('options (require_partition_filter = true)');
  return lines.join('\n');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One MERGE per table per run. The staging rows are deduplicated by key (latest change wins);
 * the partition range of the staging rows goes into ON so BigQuery prunes the target to the
 * partitions this run touches (and satisfies require_partition_filter).
 */
export function mergeSql(
  target: BigQueryTarget,
  table: ExportTable,
  columns: TableColumn[],
  staging: string,
  partitionRange?: { from: string; to: string },
): string {
  if (!table.changedColumn) throw new ConfigError(`table ${table.name} is loaded by replacement, not MERGE`);
  const names = columns.map((c) => ident(c.name));
  const keys = table.key.map(ident);
  const changed = ident(table.changedColumn);
  const on = keys.map((k) => `t.${k} = s.${k}`);
  const partition = partitionExpr(table, 't');
  if (partition) {
    if (!partitionRange || !ISO_DATE.test(partitionRange.from) || !ISO_DATE.test(partitionRange.to)) {
      throw new ConfigError(`MERGE into partitioned ${table.name} needs the staging rows' date range`);
    }
    on.push(`${partition} between date '${partitionRange.from}' and date '${partitionRange.to}'`);
  }
  const updates = names.filter((n) => !keys.includes(n)).map((n) => `${n} = s.${n}`);
  return [
    `merge ${tableRef(target, table.name)} as t`,
    `using (`,
    `  select ${names.join(', ')}`,
    `  from ${tableRef(target, staging)}`,
    `  where true`,
    `  qualify row_number() over (partition by ${keys.join(', ')} order by ${changed} desc) = 1`,
    `) as s`,
    `on ${on.join('\n  and ')}`,
    `when matched and s.${changed} >= t.${changed} then update set`,
    `  ${updates.join(',\n  ')}`,
    `when not matched then insert (${names.join(', ')})`,
    `  values (${names.map((n) => `s.${n}`).join(', ')})`,
  ].join('\n');
}

/** The BigQuery load-job schema for a table (explicit, so Parquet types never get guessed). */
export function loadSchema(columns: TableColumn[]): { fields: { name: string; type: string; mode: string }[] } {
  return { fields: columns.map((c) => ({ name: c.name, type: c.bqType, mode: c.nullable ? 'NULLABLE' : 'REQUIRED' })) };
}

/**
 * The SQL models read whole fact tables, which `require_partition_filter` refuses. Each reference
 * to a partitioned table becomes a subquery with an all-partitions predicate on the partition
 * column: BigQuery accepts it as the required filter, and the models stay engine-neutral.
 */
export function withPartitionFilters(sql: string, target: BigQueryTarget, tables: readonly ExportTable[]): string {
  let out = sql;
  for (const table of tables) {
    const partition = partitionExpr(table);
    if (!partition) continue;
    const ref = tableRef(target, table.name);
    out = out.split(ref).join(`(select * from ${ref} where ${partition} >= date '1970-01-01')`);
  }
  return out;
}
