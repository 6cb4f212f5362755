// Which columns of which tables a model or a mart reads, as DuckDB's own plan says (EXPLAIN: the
// columns each table scan projects or filters on, after its projection pushdown removed every
// column the query does not use), and from that, which models and marts a set of changes
// (warehouse/dataVersion.ts) affects. Exact at the canonical tables' columns: a stock push only
// updates listing.channel_quantity_units, which none of the intermediate models read, so only
// the marts that show channel quantities are rebuilt. Models read as tables are affected whole.
import type { SqlConnection, SqlValue } from '../warehouse/types';

/** Columns read per relation (lower-case table name → lower-case column names). */
export type RelationReads = Map<string, Set<string>>;

/** Changes since the last build per table: null = rows came or went (every column). */
export type ChangedTables = Map<string, Set<string> | null>;

interface PlanNode {
  name?: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  return [];
}

/** The relations a DuckDB plan (EXPLAIN (format json)) scans and the columns it reads of each. */
export function readsOfPlan(plan: PlanNode[], tableColumns: (table: string) => readonly string[]): RelationReads {
  const reads: RelationReads = new Map();
  const visit = (node: PlanNode) => {
    const table = node.extra_info?.Table;
    if (typeof table === 'string') {
      const name = table.split('.').pop()!.toLowerCase();
      const columns = reads.get(name) ?? new Set<string>();
      for (const column of textsOf(node.extra_info?.Projections)) columns.add(column.toLowerCase());
      // a pushed-down filter reads its columns too (they may be projected away after it)
      const filters = textsOf(node.extra_info?.Filters).join(' ').toLowerCase();
      if (filters) for (const column of tableColumns(name)) if (new RegExp(`\\b${column}\\b`).test(filters)) columns.add(column);
      reads.set(name, columns);
    }
    for (const child of node.children ?? []) visit(child);
  };
  for (const node of plan) visit(node);
  return reads;
}

/** Every table's columns (lower-case), to find the columns a pushed-down filter names. */
export async function tableColumns(conn: SqlConnection): Promise<Map<string, string[]>> {
  const columns = new Map<string, string[]>();
  for (const r of await conn.all<{ table_name: string; column_name: string }>(
    'select lower(table_name) as table_name, lower(column_name) as column_name from information_schema.columns',
  )) {
    const list = columns.get(r.table_name) ?? [];
    list.push(r.column_name);
    columns.set(r.table_name, list);
  }
  return columns;
}

/** What `sql` (a SELECT, with its parameters bound) reads, from DuckDB's plan of it. */
export async function relationReads(
  conn: SqlConnection,
  sql: string,
  params: Record<string, SqlValue> = {},
  columns?: Map<string, string[]>,
): Promise<RelationReads> {
  const [row] = await conn.values(`explain (format json) ${sql}`, params);
  const plan = JSON.parse(String(row[1])) as PlanNode[];
  const known = columns ?? (await tableColumns(conn));
  return readsOfPlan(plan, (table) => known.get(table) ?? []);
}

/** The relations that make what `reads` reads changed: changed models, and tables whose read columns changed. */
export function affectingRelations(reads: RelationReads, changed: ChangedTables, changedModels: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const [relation, columns] of reads) {
    if (changedModels.has(relation)) found.push(relation);
    else if (changed.has(relation)) {
      const changedColumns = changed.get(relation);
      if (changedColumns === null || changedColumns === undefined || [...columns].some((c) => changedColumns.has(c))) found.push(relation);
    }
  }
  return found;
}

/** True when what `reads` reads has changed: a changed model, or a changed column of a table. */
export function isAffected(reads: RelationReads, changed: ChangedTables, changedModels: ReadonlySet<string>): boolean {
  return affectingRelations(reads, changed, changedModels).length > 0;
}

/** The SKUs changed per table since a version (null: every SKU, or not known). */
export type ChangedSkus = Map<string, Set<string> | null>;

/** The SKUs each table's changes after version `since` touched (data_change.skus). */
export async function changedSkusSince(conn: SqlConnection, since: string): Promise<ChangedSkus> {
  const rows = await conn.all<{ table_name: string; skus: string | null }>(
    'select lower(table_name) as table_name, cast(to_json(skus) as varchar) as skus from data_change where data_version > cast($1 as bigint)',
    [since],
  );
  const changed: ChangedSkus = new Map();
  for (const row of rows) {
    const known = changed.get(row.table_name);
    if (known === null) continue;
    if (row.skus === null) changed.set(row.table_name, null);
    else changed.set(row.table_name, new Set([...(known ?? []), ...(JSON.parse(row.skus) as string[])]));
  }
  return changed;
}

/** The changes recorded after version `since` up to the transaction's own (null: unknown → all). */
export async function changesSince(conn: SqlConnection, since: string): Promise<ChangedTables | null> {
  const rows = await conn.all<{ table_name: string; column_names: string | null }>(
    'select lower(table_name) as table_name, cast(to_json(column_names) as varchar) as column_names from data_change where data_version > cast($1 as bigint)',
    [since],
  );
  const changed: ChangedTables = new Map();
  for (const row of rows) {
    if (row.table_name === '*') return null;
    const known = changed.get(row.table_name);
    if (known === null) continue;
    if (row.column_names === null) changed.set(row.table_name, null);
    else changed.set(row.table_name, new Set([...(known ?? []), ...(JSON.parse(row.column_names) as string[]).map((c) => c.toLowerCase())]));
  }
  return changed;
}
