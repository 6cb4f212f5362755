// The analytics datasets served from BigQuery, behind the server's DatasetRegistry seam: same
// names, parameters and columns as on DuckDB. Each query is rendered for BigQuery, typed and
// labelled, and run through BigQueryWarehouse (dry-run estimate against the byte cap, then
// maximumBytesBilled). The default refresh reads the small mart table; answers are cached in
// process by the data version BigQuery last caught up with.
import type { BigQuery } from '@google-cloud/bigquery';
import { getDataset, listDatasets, streamDataset as streamDuckDataset, validateParams } from '../../analytics';
import type { DatasetParams } from '../../analytics/types';
import type { DatasetChunk, DatasetRegistry } from '../../server/deps';
import type { Warehouse } from '../types';
import type { Column } from '../values';
import { BigQueryWarehouse } from './bigQueryWarehouse';
import type { BigQueryConfig } from './config';
import { martTableName, matchesMart, servedFromBigQuery } from './marts';
import { bigQueryParamValues, queryParams, queryParamTypes } from './params';
import { tableRef, withPartitionFilters } from './sql';
import { EXPORT_TABLES } from './tables';
import { renderDatasetSql } from '../../analytics';

const CHUNK_ROWS = 2000;
const CACHE_ENTRIES = 64;

interface BackendState {
  version: string;
  martAsOf: string | null;
}

export class BigQueryDatasets implements DatasetRegistry {
  private readonly cache = new Map<string, { columns: Column[]; params: DatasetParams; rows: unknown[][] }>();
  private readonly prefix: string;
  private readonly engine: BigQueryWarehouse;

  constructor(
    bq: BigQuery,
    private readonly config: BigQueryConfig,
  ) {
    this.prefix = `${config.projectId}.${config.dataset}`;
    this.engine = new BigQueryWarehouse(bq, config);
  }

  listDatasets = listDatasets;
  validateParams = validateParams;

  private async backendState(warehouse: Warehouse): Promise<BackendState> {
    const rows = await warehouse.all<{ state_key: string; state_value: string }>(
      "select state_key, state_value from bigquery_state where state_key in ('exported_data_version', 'mart_as_of')",
    );
    const state = new Map(rows.map((r) => [r.state_key, r.state_value]));
    return { version: state.get('exported_data_version') ?? 'none', martAsOf: state.get('mart_as_of') || null };
  }

  /** The whole answer of one dataset request (rows positional in the dataset's column order). */
  async query(warehouse: Warehouse, name: string, raw: Record<string, string>): Promise<{ columns: Column[]; params: DatasetParams; rows: unknown[][] }> {
    const definition = getDataset(name);
    const params = validateParams(name, raw);
    const state = await this.backendState(warehouse);
    if ('as_of' in params && params.as_of === null) params.as_of = state.martAsOf;
    const key = JSON.stringify([state.version, name, Object.entries(params).sort(([a], [b]) => a.localeCompare(b))]);
    const hit = this.cache.get(key);
    if (hit) return hit;

    const fromMart = state.martAsOf !== null && matchesMart(definition, params, state.martAsOf);
    const query = fromMart
      ? `select * from ${tableRef(this.config, martTableName(name))}`
      : withPartitionFilters(renderDatasetSql(name, 'bigquery', { relationPrefix: this.prefix }), this.config, EXPORT_TABLES);
    const bqParams = fromMart ? {} : queryParams(definition, params);
    const types = fromMart ? {} : queryParamTypes(definition, bqParams);
    const values = bigQueryParamValues(definition, bqParams);
    const columns = definition.columns;
    const rows: unknown[][] = [];
    for await (const chunk of this.engine.streamRows(query, values, columns, { types, dataset: name })) rows.push(...chunk);
    const result = { columns, params, rows };
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, result);
    return result;
  }

  async *streamDataset(warehouse: Warehouse, name: string, raw: Record<string, string>): AsyncGenerator<DatasetChunk> {
    if (!servedFromBigQuery(name)) {
      yield* streamDuckDataset(warehouse, name, raw);
      return;
    }
    const { columns, params, rows } = await this.query(warehouse, name, raw);
    if (rows.length === 0) yield { columns, params, rows: [] };
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield { columns, params, rows: rows.slice(i, i + CHUNK_ROWS) };
  }
}
