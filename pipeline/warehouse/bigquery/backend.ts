// The analytics datasets served from BigQuery, behind the server's DatasetRegistry seam: same
// names, parameters and columns as on DuckDB. Each query is rendered for BigQuery, typed and
// labelled, estimated with a free dry run first (refused when the estimate exceeds the byte
// cap), then run with maximumBytesBilled. The default refresh reads the small mart table; answers
// are cached in process by the data version BigQuery last caught up with.
import type { BigQuery } from '@google-cloud/bigquery';
import { getDataset, listDatasets, streamDataset as streamDuckDataset, validateParams } from '../../analytics';
import type { DatasetParams } from '../../analytics/types';
import { CrossdockError } from '../../errors';
import type { DatasetChunk, DatasetRegistry } from '../../server/deps';
import type { DuckWarehouse } from '../duckdb';
import { toPlainValue, type Column } from '../values';
import type { BigQueryConfig } from './config';
import { toCrossdockError } from './jobs';
import { martTableName, matchesMart, servedFromBigQuery } from './marts';
import { bigQueryParamValues, queryParams, queryParamTypes } from './params';
import { tableRef, withPartitionFilters } from './sql';
import { EXPORT_TABLES } from './tables';
import { renderDatasetSql } from '../../analytics';

/** The dry run estimated more bytes than the configured cap: narrow the request. */
export class QueryTooExpensiveError extends CrossdockError {
  constructor(message: string) {
    super('CD_BQ_QUERY_TOO_EXPENSIVE', message, 64, 413);
  }
}

const CHUNK_ROWS = 2000;
const CACHE_ENTRIES = 64;

/** A BigQuery cell → the plain value the DuckDB path would give (dates, timestamps, numerics). */
export function plainBigQueryValue(value: unknown, column: Column): unknown {
  if (value === null || value === undefined) return null;
  let v: unknown = value;
  if (typeof v === 'object' && v !== null && 'value' in v) v = (v as { value: unknown }).value; // BigQueryDate/Timestamp
  if (typeof v === 'object' && v !== null && typeof (v as { toString?: unknown }).toString === 'function' && column.type !== 'string') {
    v = (v as { toString(): string }).toString(); // Big (NUMERIC)
  }
  return toPlainValue(v, column.type);
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let n = bytes;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(n < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

interface BackendState {
  version: string;
  martAsOf: string | null;
}

export class BigQueryDatasets implements DatasetRegistry {
  private readonly cache = new Map<string, { columns: Column[]; params: DatasetParams; rows: unknown[][] }>();
  private readonly prefix: string;

  constructor(
    private readonly bq: BigQuery,
    private readonly config: BigQueryConfig,
  ) {
    this.prefix = `${config.projectId}.${config.dataset}`;
  }

  listDatasets = listDatasets;
  validateParams = validateParams;

  private async backendState(warehouse: DuckWarehouse): Promise<BackendState> {
    const rows = await warehouse.all<{ state_key: string; state_value: string }>(
      "select state_key, state_value from bigquery_state where state_key in ('exported_data_version', 'mart_as_of')",
    );
    const state = new Map(rows.map((r) => [r.state_key, r.state_value]));
    return { version: state.get('exported_data_version') ?? 'none', martAsOf: state.get('mart_as_of') || null };
  }

  /** Dry run (free): the bytes the query would scan; refuses above the cap. */
  async estimate(query: string, params: Record<string, unknown>, types: Record<string, string>, dataset: string): Promise<number> {
    let bytes: number;
    try {
      const [job] = await this.bq.createQueryJob({
        query,
        params,
        types,
        dryRun: true,
        location: this.config.location,
        labels: { ...this.config.labels, dataset },
        useLegacySql: false,
      });
      bytes = Number(job.metadata?.statistics?.totalBytesProcessed ?? 0);
    } catch (err) {
      throw toCrossdockError(err, `estimating dataset ${dataset} on BigQuery`);
    }
    if (bytes > this.config.maximumBytesBilled) {
      throw new QueryTooExpensiveError(
        `dataset ${dataset} would scan ${formatBytes(bytes)} in BigQuery, above the cap of ${formatBytes(this.config.maximumBytesBilled)} ` +
          '(warehouse.bigquery.maximumBytesBilled); narrow it (a shorter window_days, a channel, marketplace or sku_prefix filter) or raise the cap',
      );
    }
    return bytes;
  }

  /** The whole answer of one dataset request (rows positional in the dataset's column order). */
  async query(warehouse: DuckWarehouse, name: string, raw: Record<string, string>): Promise<{ columns: Column[]; params: DatasetParams; rows: unknown[][] }> {
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
    await this.estimate(query, values, types, name);
    let rows: Record<string, unknown>[];
    try {
      [rows] = await this.bq.query({
        query,
        params: values,
        types,
        location: this.config.location,
        labels: { ...this.config.labels, dataset: name },
        maximumBytesBilled: String(this.config.maximumBytesBilled),
        jobTimeoutMs: this.config.jobTimeoutSeconds * 1000,
        useLegacySql: false,
      });
    } catch (err) {
      throw toCrossdockError(err, `dataset ${name} on BigQuery`);
    }
    const columns = definition.columns;
    const result = { columns, params, rows: rows.map((row) => columns.map((c) => plainBigQueryValue(row[c.name], c))) };
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, result);
    return result;
  }

  async *streamDataset(warehouse: DuckWarehouse, name: string, raw: Record<string, string>): AsyncGenerator<DatasetChunk> {
    if (!servedFromBigQuery(name)) {
      yield* streamDuckDataset(warehouse, name, raw);
      return;
    }
    const { columns, params, rows } = await this.query(warehouse, name, raw);
    if (rows.length === 0) yield { columns, params, rows: [] };
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield { columns, params, rows: rows.slice(i, i + CHUNK_ROWS) };
  }
}
