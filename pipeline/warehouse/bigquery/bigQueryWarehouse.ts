// BigQuery behind the read surface of types.ts (WarehouseReader): every query is estimated with a
// free dry run first (refused above the byte cap), then run labelled, with maximumBytesBilled and
// the job timeout, and its cells come back as the plain values DuckDB gives.
//
// BigQuery is a mirror, not the warehouse of record, so this is not a `Warehouse`: no `run`,
// connections, transactions or writers' queue. What lands there is loaded by the sync
// (loader.ts: Parquet load jobs and one MERGE per table, under idempotent job ids) from DuckDB,
// which keeps the ledger, the run log and the data version.
import { BigQueryTimestamp, type BigQuery } from '@google-cloud/bigquery';
import { CrossdockError } from '../../errors';
import type { Row, WarehouseReader } from '../types';
import { toPlainValue, type Column } from '../values';
import type { BigQueryConfig } from './config';
import { toCrossdockError } from './jobs';

/** The dry run estimated more bytes than the configured cap: narrow the request. */
export class QueryTooExpensiveError extends CrossdockError {
  constructor(message: string) {
    super('CD_BQ_QUERY_TOO_EXPENSIVE', message, 64, 413);
  }
}

/** Named (`@name`) or positional (`?`) parameters, as the client takes them (e.g. BigQueryDate). */
export type BigQueryParams = Record<string, unknown> | unknown[];

export interface BigQueryReadOptions {
  /** BigQuery types of the parameters; a null needs one (BigQuery cannot infer its type). */
  types?: Record<string, string> | string[];
  /** The analytics dataset the query answers: its jobs are labelled with it, errors name it. */
  dataset?: string;
}

const CHUNK_ROWS = 2000;

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

/** A cell without a declared column type, judged by what the client parsed it into. */
function plainCell(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (value instanceof BigQueryTimestamp) return toPlainValue(value.value, 'timestamp');
  if ('value' in value) return (value as { value: unknown }).value; // DATE, DATETIME, TIME: their text
  const text = String(value);
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? toPlainValue(text, 'number') : JSON.stringify(value); // Big (NUMERIC); records
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

export class BigQueryWarehouse implements WarehouseReader {
  constructor(
    private readonly bq: BigQuery,
    private readonly config: BigQueryConfig,
  ) {}

  /** Dry run (free): the bytes the query would scan; refuses above the cap. */
  async estimate(sql: string, params: BigQueryParams = {}, options: BigQueryReadOptions = {}): Promise<number> {
    const what = describe(options);
    let bytes: number;
    try {
      const [job] = await this.bq.createQueryJob({
        query: sql,
        params,
        types: options.types,
        dryRun: true,
        location: this.config.location,
        labels: this.labels(options),
        useLegacySql: false,
      });
      bytes = Number(job.metadata?.statistics?.totalBytesProcessed ?? 0);
    } catch (err) {
      throw toCrossdockError(err, `estimating ${what} on BigQuery`);
    }
    if (bytes > this.config.maximumBytesBilled) {
      throw new QueryTooExpensiveError(
        `${what} would scan ${formatBytes(bytes)} in BigQuery, above the cap of ${formatBytes(this.config.maximumBytesBilled)} ` +
          '(warehouse.bigquery.maximumBytesBilled); narrow it (a shorter window_days, a channel, marketplace or sku_prefix filter) or raise the cap',
      );
    }
    return bytes;
  }

  /** All rows as plain objects, typed by what the client parsed each cell into. */
  async all<T extends Row = Row>(sql: string, params?: BigQueryParams, options: BigQueryReadOptions = {}): Promise<T[]> {
    const rows = await this.query(sql, params, options);
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, plainCell(value)])) as T);
  }

  /**
   * The rows positionally in the order of `columns`, converted by their declared types. The
   * client reads the whole answer (all its pages) before the first chunk.
   */
  async *streamRows(sql: string, params: BigQueryParams | undefined, columns: readonly Column[], options: BigQueryReadOptions = {}): AsyncGenerator<unknown[][]> {
    const rows = await this.query(sql, params, options);
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      yield rows.slice(i, i + CHUNK_ROWS).map((row) => columns.map((c) => plainBigQueryValue(row[c.name], c)));
    }
  }

  /** Nothing to close: the client holds no connection between requests. */
  close(): void {}

  private async query(sql: string, params: BigQueryParams = {}, options: BigQueryReadOptions): Promise<Record<string, unknown>[]> {
    await this.estimate(sql, params, options);
    try {
      const [rows] = await this.bq.query({
        query: sql,
        params,
        types: options.types,
        location: this.config.location,
        labels: this.labels(options),
        maximumBytesBilled: String(this.config.maximumBytesBilled),
        jobTimeoutMs: this.config.jobTimeoutSeconds * 1000,
        useLegacySql: false,
      });
      return rows;
    } catch (err) {
      throw toCrossdockError(err, `${describe(options)} on BigQuery`);
    }
  }

  private labels(options: BigQueryReadOptions): Record<string, string> {
    return options.dataset ? { ...this.config.labels, dataset: options.dataset } : this.config.labels;
  }
}

function describe(options: BigQueryReadOptions): string {
  return options.dataset ? `dataset ${options.dataset}` : 'query';
}
