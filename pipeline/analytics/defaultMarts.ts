// The add-in's Refresh asks for datasets with their default parameters far more often than for
// anything else, so each refresh also stores those results as mart_<dataset> tables (inside the
// same transaction as the models), and requests with exactly the default parameters read them.
import type { SqlConnection, SqlValue } from '../warehouse/types';
import { defaultAsOf } from './dataDates';
import { validateDatasetParams } from './params';
import { allDatasets, renderDatasetSql } from './registry';
import { sqlParamNames } from './sqlRender';
import type { DatasetDefinition, DatasetParams } from './types';

export function martName(definition: DatasetDefinition): string {
  return `mart_${definition.name}`;
}

export function hasDefaultMart(definition: DatasetDefinition): boolean {
  return definition.usesMarts !== false && definition.materializeDefault !== false;
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

/** (Re)builds mart_<name> for every dataset that keeps one. Run after the models, same transaction. */
export async function refreshDefaultMarts(conn: SqlConnection): Promise<void> {
  const asOf = await defaultAsOf(conn);
  for (const definition of allDatasets().filter(hasDefaultMart)) {
    const sql = renderDatasetSql(definition.name, 'duckdb');
    await conn.run(`create or replace table ${martName(definition)} as\n${sql}`, bind(sql, defaultParams(definition, asOf)));
  }
}
