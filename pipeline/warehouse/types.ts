// What the rest of Crossdock may ask of a warehouse. DuckDB (duckdb.ts) is the warehouse of
// record and implements all of it; BigQuery (bigquery/bigQueryWarehouse.ts) is a mirror that the
// sync loads and the analytics datasets read, so it implements the read surface only. Code
// outside pipeline/warehouse depends on these interfaces, never on an engine's own types.
import type { Column } from './values';

/** A value bound to a query parameter (`$1` or `$name` in DuckDB SQL). */
export type SqlValue = string | number | bigint | boolean | null;

/** Positional (`$1`, `$2`, …) or named (`$name`) parameters. */
export type SqlParams = SqlValue[] | Record<string, SqlValue>;

/** A result row as a plain object: numbers, 'YYYY-MM-DD' dates, ISO-8601 UTC timestamps (values.ts). */
export type Row = Record<string, unknown>;

/**
 * One connection: what code running in a transaction, or in a connection's scope (temporary
 * tables, settings), may ask of it.
 */
export interface SqlConnection {
  /** Runs a statement (parameterised) and discards any result. */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** All rows as plain objects. */
  all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /**
   * All rows positionally, each value as the engine gives it (bigint, objects with toString() for
   * decimals and dates, strings, booleans): for hot paths that convert the few values they read.
   */
  values(sql: string, params?: SqlParams): Promise<unknown[][]>;
  /** How far the statement running now is, 0–100, or -1 when the engine cannot tell. */
  progress(): number;
}

/** What reading a warehouse takes; every engine answers it. SQL is in the engine's dialect. */
export interface WarehouseReader {
  /** All rows as plain objects. */
  all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /**
   * Streams a result in chunks of positional plain rows, one value per given column in that
   * order (null for a column the result lacks), for results too big to hold at once.
   */
  streamRows(sql: string, params: SqlParams | undefined, columns: readonly Column[]): AsyncGenerator<unknown[][]>;
  /**
   * The same rows already encoded by the engine, one JSON array text per row (what
   * JSON.stringify gives for streamRows' row once parsed). Optional: see jsonRowStream.
   */
  streamJsonRows?(sql: string, params: SqlParams | undefined, columns: readonly Column[]): AsyncGenerator<string[]>;
  close(): void;
}

export interface TransactionOptions {
  /** Run beside the writers' queue instead of in turn (for work that writes nothing they write). */
  alongsideWriters?: boolean;
}

/** The warehouse of record: reads, writes, connections, transactions and the writers' queue. */
export interface Warehouse extends WarehouseReader {
  /** Where it is kept: a database file, or ':memory:'. */
  readonly path: string;
  /** Runs a statement (parameterised) on a connection of its own and discards any result. */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Runs `fn` with a connection of its own, closed when `fn` settles. */
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction: all of it lands, or none of it (rolled back when `fn` throws). */
  transaction<T>(fn: (conn: SqlConnection) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs `fn` once every earlier write of this process has finished (writers take turns). */
  exclusively<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Moves what the write-ahead log holds into the database file (what is committed). False when
   * the engine would not now (another write transaction was running): never thrown.
   */
  checkpoint(): Promise<boolean>;
}
