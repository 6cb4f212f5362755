// The add-in's Refresh asks for datasets with their default parameters far more often than for
// anything else, so each refresh also stores those results as mart_<dataset> tables (inside the
// same transaction as the models), and requests with exactly the default parameters read them.
// Beside each mart, mart_<dataset>__json holds its rows already encoded as JSON, in blocks of
// 1,000 rows in the mart's order (jsonRows.ts), so the API sends a default answer as 20 texts
// instead of encoding 20k rows per request; each block is also kept deflated (json_deflated,
// gzipParts.ts), so a gzipped answer compresses only its head and tail.
import { deflateSegmentAsync } from '../warehouse/gzipParts';
import { jsonBlocksSql } from '../warehouse/jsonRows';
import type { SqlConnection, SqlValue } from '../warehouse/types';
import { defaultAsOf } from './dataDates';
import { validateDatasetParams } from './params';
import { allDatasets, getDataset, renderDatasetSql } from './registry';
import { sqlParamNames } from './sqlRender';
import type { DatasetDefinition, DatasetParams } from './types';

export function martName(definition: DatasetDefinition): string {
  return `mart_${definition.name}`;
}

/** The mart's rows as blocks of JSON texts (block_no, row_count, json_rows), in the mart's order. */
export function martJsonName(definition: DatasetDefinition): string {
  return `${martName(definition)}__json`;
}

export function hasDefaultMart(definition: DatasetDefinition): boolean {
  return definition.materializeDefault ?? definition.usesMarts !== false;
}

/** The default parameters of a dataset, with as_of resolved to the given default day. */
export function defaultParams(definition: DatasetDefinition, lastDataDate: string | null): DatasetParams {
  const params = validateDatasetParams(definition, {});
  if ('as_of' in params) params.as_of = lastDataDate;
  return params;
}

/** True when `params` are exactly the defaults (as_of resolved), so mart_<name> answers them. */
export function isDefaultRequest(definition: DatasetDefinition, params: DatasetParams, lastDataDate: string | null): boolean {
  const defaults = defaultParams(definition, lastDataDate);
  return definition.params.every((p) => params[p.name] === defaults[p.name]);
}

function bind(sql: string, params: DatasetParams): Record<string, SqlValue> {
  return Object.fromEntries(sqlParamNames(sql).map((name) => [name, params[name] ?? null]));
}

/** The datasets that keep a default mart. */
export function martDatasetNames(): string[] {
  return allDatasets().filter(hasDefaultMart).map((d) => d.name);
}

/** The query of a dataset's mart and its bound default parameters (as_of resolved to `asOf`). */
export function martQuery(definition: DatasetDefinition, asOf: string | null): { sql: string; params: Record<string, SqlValue> } {
  const sql = renderDatasetSql(definition.name, 'duckdb');
  return { sql, params: bind(sql, defaultParams(definition, asOf)) };
}

/** (Re)builds mart_<name> and its JSON rows for one dataset. */
export async function refreshDefaultMart(conn: SqlConnection, definition: DatasetDefinition, asOf: string | null): Promise<void> {
  const { sql, params } = martQuery(definition, asOf);
  const mart = martName(definition);
  await conn.run(`create or replace table ${mart} as\n${sql}`, params);
  const described = await conn.all<{ name: string; duckType: string }>(
    `select column_name as name, data_type as "duckType" from information_schema.columns
     where table_name = $1 and table_schema = current_schema() order by ordinal_position`,
    [mart],
  );
  const json = martJsonName(definition);
  await conn.run(`create or replace table ${json} as\n${jsonBlocksSql(mart, described, definition.columns)}`);
  await deflateBlocks(conn, json);
}

/** Blocks deflated at once: zlib's thread pool then uses both cores (one at a time used one). */
const DEFLATE_BATCH = 8;
/** Blocks written per statement (two parameters each). */
const BLOCKS_PER_INSERT = 200;

/**
 * Adds json_deflated: each block's rows as a raw deflate segment (base64 through SQL: parameters
 * are text). Written through a temp table and one update: an update per block took ~1 ms each,
 * 4.6 s of the 4.2M-row forecast mart's build (4,200 blocks), and deflating them one after the
 * other another 5.1 s.
 */
export async function deflateBlocks(conn: SqlConnection, json: string): Promise<void> {
  await conn.run(`alter table ${json} add column json_deflated blob`);
  const blocks = await conn.all<{ block_no: number | bigint; json_rows: string }>(`select block_no, json_rows from ${json} order by block_no`);
  const deflated: string[] = [];
  for (let i = 0; i < blocks.length; i += DEFLATE_BATCH) {
    const batch = await Promise.all(blocks.slice(i, i + DEFLATE_BATCH).map((block) => deflateSegmentAsync(block.json_rows)));
    for (const segment of batch) deflated.push(segment.toString('base64'));
  }
  await conn.run('create or replace temp table cd_deflated (block_no bigint, deflated varchar)');
  for (let i = 0; i < blocks.length; i += BLOCKS_PER_INSERT) {
    const slice = blocks.slice(i, i + BLOCKS_PER_INSERT);
    await conn.run(
      `insert into cd_deflated values ${slice.map((_, k) => `($${2 * k + 1}, $${2 * k + 2})`).join(', ')}`,
      slice.flatMap((block, k) => [Number(block.block_no), deflated[i + k]]),
    );
  }
  await conn.run(`update ${json} set json_deflated = from_base64(d.deflated) from cd_deflated as d where d.block_no = ${json}.block_no`);
  await conn.run('drop table cd_deflated');
}

/**
 * `names` (datasets with a mart) smallest mart first, by the rows each holds now (DuckDB's
 * estimate: no scan), a mart not built yet first. A rebuild after a pull takes them in this
 * order, so the 4.2M-row forecast mart (~13 s to build at 10M order lines) no longer holds back the
 * marts after it in the alphabet, which are answered live (0.3–0.5 s a request) until rebuilt.
 */
export async function smallestMartsFirst(reader: Pick<SqlConnection, 'all'>, names: readonly string[]): Promise<string[]> {
  const rows = await reader.all<{ table_name: string; rows: number | bigint }>(
    "select table_name, estimated_size as rows from duckdb_tables() where schema_name = 'main' and starts_with(table_name, 'mart_')",
  );
  const size = new Map(rows.map((r) => [r.table_name, Number(r.rows)]));
  const rowsOf = (name: string) => size.get(martName(getDataset(name))) ?? -1;
  return [...names].sort((a, b) => rowsOf(a) - rowsOf(b) || a.localeCompare(b));
}

/** (Re)builds mart_<name> for every dataset that keeps one. Run after the models, same transaction. */
export async function refreshDefaultMarts(conn: SqlConnection): Promise<void> {
  const asOf = await defaultAsOf(conn);
  for (const definition of allDatasets().filter(hasDefaultMart)) await refreshDefaultMart(conn, definition, asOf);
}
