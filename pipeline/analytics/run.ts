// Running a dataset on a warehouse: validate → resolve as_of → bind → stream positional rows.
import type { DuckDBValue } from '@duckdb/node-api';
import { DuckWarehouse } from '../warehouse/duckdb';
import { ensureMartsFresh, lastDataDate } from './models';
import { validateDatasetParams } from './params';
import { getDataset, renderDatasetSql } from './registry';
import { sqlParamNames } from './sqlRender';
import type { DatasetChunk, DatasetDefinition, DatasetParams, DatasetResult } from './types';

export type RawParams = Record<string, string | undefined>;

/** Typed, defaulted parameters of a dataset (UsageError/NotFoundError on bad input). */
export function validateParams(name: string, raw: RawParams): DatasetParams {
  return validateDatasetParams(getDataset(name), raw);
}

interface Prepared {
  definition: DatasetDefinition;
  params: DatasetParams;
  sql: string;
  bound: Record<string, DuckDBValue>;
}

async function prepare(warehouse: DuckWarehouse, name: string, raw: RawParams): Promise<Prepared> {
  const definition = getDataset(name);
  const params = validateDatasetParams(definition, raw);
  if (definition.usesMarts !== false) await ensureMartsFresh(warehouse);
  if ('as_of' in params && params.as_of === null) {
    params.as_of = await warehouse.withConnection((conn) => lastDataDate(conn));
  }
  const sql = renderDatasetSql(name, 'duckdb');
  const bound: Record<string, DuckDBValue> = {};
  for (const param of sqlParamNames(sql)) bound[param] = (params[param] ?? null) as DuckDBValue;
  return { definition, params, sql, bound };
}

/**
 * Streams a dataset in chunks of positional rows (columns in the dataset's declared order), so a
 * 100k-row result never sits in memory at once. Always yields at least one chunk.
 */
export async function* streamDataset(warehouse: DuckWarehouse, name: string, raw: RawParams): AsyncGenerator<DatasetChunk & { params: DatasetParams }> {
  const { definition, params, sql, bound } = await prepare(warehouse, name, raw);
  const columns = definition.columns;
  let yielded = false;
  for await (const chunk of warehouse.stream(sql, bound)) {
    yielded = true;
    yield { columns, params, rows: chunk.rows.map((row) => columns.map((column) => row[column.name] ?? null)) };
  }
  if (!yielded) yield { columns, params, rows: [] };
}

/** The whole dataset in memory (CLI, tests, small results). */
export async function runDataset(warehouse: DuckWarehouse, name: string, raw: RawParams): Promise<DatasetResult> {
  const definition = getDataset(name);
  let params: DatasetParams = {};
  const rows: unknown[][] = [];
  for await (const chunk of streamDataset(warehouse, name, raw)) {
    params = chunk.params;
    for (const row of chunk.rows) rows.push(row);
  }
  return { dataset: definition.name, params, columns: definition.columns, rows };
}
