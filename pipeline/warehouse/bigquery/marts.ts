// Per-dataset mart tables in BigQuery: each run materialises every dataset for its default
// parameters (as_of = the last data date) into `mart_<dataset>`, so the add-in's usual refresh
// reads a few megabytes instead of scanning the fact tables.
import { validateParams } from '../../analytics';
import type { DatasetDefinition, DatasetParams } from '../../analytics/types';
import { queryParams } from './params';

/**
 * Datasets over the operational store (the write-back ledger and listing versions, the
 * pipeline's own run log) are always served from the local DuckDB, whatever the engine.
 */
export const LOCAL_DATASETS: readonly string[] = ['stock', 'pipeline_runs'];

export function servedFromBigQuery(name: string): boolean {
  return !LOCAL_DATASETS.includes(name);
}

export function martTableName(dataset: string): string {
  return `mart_${dataset}`;
}

/** The default parameters of a dataset, with as_of resolved to the last data date. */
export function defaultParams(definition: DatasetDefinition, asOf: string | null): DatasetParams {
  const params = validateParams(definition.name, {});
  if ('as_of' in params && params.as_of === null) params.as_of = asOf;
  return params;
}

/** The query parameters a mart is built with. */
export function martParams(definition: DatasetDefinition, asOf: string | null): Record<string, string | number | boolean | null> {
  return queryParams(definition, defaultParams(definition, asOf));
}

/** True when a request asks for exactly what the mart holds. */
export function matchesMart(definition: DatasetDefinition, params: DatasetParams, martAsOf: string | null): boolean {
  const mart = martParams(definition, martAsOf);
  const asked = queryParams(definition, params);
  return Object.keys(mart).every((key) => mart[key] === asked[key]);
}
