// Dataset parameters as typed BigQuery query parameters (`@name`). Only the parameters the SQL
// uses are sent; a null still carries its type (BigQuery cannot infer the type of a null).
import { BigQuery, type BigQueryDate } from '@google-cloud/bigquery';
import { renderDatasetSql } from '../../analytics';
import { sqlParamNames } from '../../analytics/sqlRender';
import type { DatasetDefinition, DatasetParams, ParamType } from '../../analytics/types';

const BQ_PARAM_TYPE: Record<ParamType, string> = {
  date: 'DATE',
  integer: 'INT64',
  number: 'FLOAT64',
  string: 'STRING',
  boolean: 'BOOL',
};

/** The parameter names the dataset's SQL references, in first-use order. */
export function usedParamNames(definition: DatasetDefinition): string[] {
  return sqlParamNames(renderDatasetSql(definition.name, 'duckdb'));
}

/** Values for exactly the parameters the SQL uses (absent → null). */
export function queryParams(definition: DatasetDefinition, params: DatasetParams): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const name of usedParamNames(definition)) out[name] = params[name] ?? null;
  return out;
}

/** BigQuery types of those parameters, from the dataset's declared parameter types. */
export function queryParamTypes(definition: DatasetDefinition, params: Record<string, unknown>): Record<string, string> {
  const types: Record<string, string> = {};
  for (const name of Object.keys(params)) {
    const declared = definition.params.find((p) => p.name === name);
    types[name] = BQ_PARAM_TYPE[declared?.type ?? 'string'];
  }
  return types;
}

/**
 * The values as the client must receive them: a DATE given as plain text is silently sent
 * without a value by @google-cloud/bigquery 8, so dates travel as BigQueryDate.
 */
export function bigQueryParamValues(
  definition: DatasetDefinition,
  params: Record<string, string | number | boolean | null>,
): Record<string, string | number | boolean | null | BigQueryDate> {
  const out: Record<string, string | number | boolean | null | BigQueryDate> = {};
  for (const [name, value] of Object.entries(params)) {
    const declared = definition.params.find((p) => p.name === name);
    out[name] = declared?.type === 'date' && typeof value === 'string' ? BigQuery.date(value) : value;
  }
  return out;
}
