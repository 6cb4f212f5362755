// The DuckDB warehouse: opens the one database file, applies the schema, and offers the few
// operations everything else needs (query, stream, transaction: the Warehouse of types.ts). One
// DuckDBInstance per file per process; one connection per job or request (connections are never
// shared across concurrent work). Only pipeline/warehouse/ imports @duckdb/node-api (a guard test
// in test/unit/warehouse/engineImports.test.ts keeps it so).
import { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RetryLaterError } from '../errors';
import { log } from '../log';
import type { Row, SqlConnection, TransactionOptions, Warehouse } from './types';
import { Column, columnTypeOf, rawConverter, toPlainValue } from './values';
import { jsonRowsSql, type DescribedColumn } from './jsonRows';

export { bumpDataVersion, dataVersion } from './dataVersion';
export type { DataChange } from './dataVersion';
export type { Row } from './types';
/** DuckDB's own parameter values (SqlParams and more: lists, structs, typed values). */
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

export const SCHEMA_DIR = resolve(__dirname, '../../sql/schema');
export const DEFAULT_DB_PATH = process.env.CROSSDOCK_DB ?? 'data/crossdock.duckdb';

export interface OpenOptions {
  /** Open without write access (several readers may share a file nobody writes). */
  readOnly?: boolean;
  /** DuckDB settings, e.g. { memory_limit: '8GB', threads: '2' }. */
  settings?: Record<string, string>;
  /** false: leave the file without Crossdock's schema (a benchmark's plain DuckDB). Default true. */
  migrate?: boolean;
}

/** One DuckDB connection behind the SqlConnection surface (types.ts). */
export class DuckConnection implements SqlConnection {
  /** `duck`: the DuckDB connection itself, for code inside pipeline/warehouse. */
  constructor(readonly duck: DuckDBConnection) {}

  async run(sql: string, params?: Params): Promise<void> {
    await this.duck.run(sql, params);
  }

  /** All rows as plain objects (see values.ts for the conversions). */
  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.duck.runAndReadAll(sql, params);
    const columns = resultColumns(reader);
    return reader.getRowObjectsJson().map((row) => plainRow(row, columns) as T);
  }

  async values(sql: string, params?: Params): Promise<unknown[][]> {
    return (await this.duck.runAndReadAll(sql, params)).getRows();
  }

  progress(): number {
    return this.duck.progress.percentage;
  }
}

export class DuckWarehouse implements Warehouse {
  /** The writers' queue (exclusively). */
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
  ) {}

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static async open(path: string = DEFAULT_DB_PATH, options: OpenOptions = {}): Promise<DuckWarehouse> {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const settings: Record<string, string> = { ...options.settings };
    if (options.readOnly) settings.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, settings);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/lock/i.test(message)) {
        throw new RetryLaterError(
          `${path} is in use by another process (is \`crossdock serve\` running?). ` +
            'Stop it or send the work through its API, then retry.',
          'CD_DB_LOCKED',
          { cause: err },
        );
      }
      throw err;
    }
    const warehouse = new DuckWarehouse(path, instance);
    // Timestamps are UTC everywhere. (ICU is loaded after instance settings apply, so set it here.)
    await warehouse.run("set global TimeZone = 'UTC'");
    if (!options.readOnly && options.migrate !== false) await warehouse.migrate();
    return warehouse;
  }

  /** Runs `fn` with a fresh connection, closed when `fn` settles. */
  async withConnection<T>(fn: (conn: DuckConnection) => Promise<T>): Promise<T> {
    const conn = await this.instance.connect();
    try {
      return await fn(new DuckConnection(conn));
    } finally {
      conn.closeSync();
    }
  }

  /**
   * Runs `fn` once every earlier write of this process has finished. Every writer bumps the one
   * data_version row, and DuckDB answers two open transactions updating one row with a conflict
   * ("Conflict on update"): a push landing during an ingest failed that way. Writers therefore
   * take turns; readers never wait for them (MVCC).
   */
  exclusively<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.writes.then(fn, fn);
    this.writes = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Runs `fn` in one transaction on its own connection: all of it lands, or none of it. It waits
   * its turn among the writers (`exclusively`), unless it writes nothing they write
   * (`alongsideWriters`: the analytics rebuild, which only replaces its own tables, runs beside
   * pushes and loads). Never call it from inside another exclusive write: it would wait for itself.
   */
  async transaction<T>(fn: (conn: DuckConnection) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const body = () =>
      this.withConnection(async (conn) => {
        await conn.run('begin transaction');
        try {
          const result = await fn(conn);
          await conn.run('commit');
          return result;
        } catch (err) {
          await conn.run('rollback').catch(() => undefined);
          throw err;
        }
      });
    return options.alongsideWriters ? body() : this.exclusively(body);
  }

  /** Runs a statement (parameterised) and discards any result. */
  async run(sql: string, params?: Params): Promise<void> {
    await this.withConnection((conn) => conn.run(sql, params));
  }

  /** All rows as plain objects (see values.ts for the conversions). */
  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.withConnection((conn) => conn.all<T>(sql, params));
  }

  /** Streams a result in chunks of plain rows, for results too big to hold at once. */
  async *stream(sql: string, params?: Params): AsyncGenerator<{ columns: Column[]; rows: Row[] }> {
    const conn = await this.instance.connect();
    try {
      const result = await conn.stream(sql, params);
      const columns = resultColumns(result);
      for await (const chunk of result.yieldRowObjectJson()) {
        yield { columns, rows: chunk.map((row) => plainRow(row, columns)) };
      }
    } finally {
      conn.closeSync();
    }
  }

  /**
   * Streams a result as chunks of positional plain rows in the order of `columns`. Rows come raw
   * from DuckDB (no per-row objects) and each value is converted once: converting values is most
   * of the cost of a 20k-row answer once the query reads a mart.
   */
  async *streamRows(sql: string, params: Params | undefined, columns: readonly Column[]): AsyncGenerator<unknown[][]> {
    const conn = await this.instance.connect();
    try {
      const result = await conn.stream(sql, params);
      const described = resultColumns(result);
      const index = columns.map((column) => described.findIndex((d) => d.name === column.name));
      const convert = index.map((i) => (i < 0 ? () => null : rawConverter(described[i].type)));
      const width = columns.length;
      for await (const rows of result.yieldRows()) {
        const out: unknown[][] = new Array(rows.length);
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r];
          const values = new Array(width);
          for (let c = 0; c < width; c++) values[c] = convert[c](row[index[c]]);
          out[r] = values;
        }
        yield out;
      }
    } finally {
      conn.closeSync();
    }
  }

  /** Result columns of SQL texts already described (a text's types never change in one process). */
  private readonly described = new Map<string, DescribedColumn[]>();

  /**
   * Streams a result as chunks of rows already encoded as JSON arrays (`[v1,…]`, columns in the
   * order of `columns`) by DuckDB itself (jsonRows.ts): the fast path of the HTTP API.
   */
  async *streamJsonRows(sql: string, params: Params | undefined, columns: readonly Column[]): AsyncGenerator<string[]> {
    const conn = await this.instance.connect();
    try {
      let described = this.described.get(sql);
      if (!described) {
        const prepared = await conn.prepare(sql);
        described = Array.from({ length: prepared.columnCount }, (_, i) => ({ name: prepared.columnName(i), duckType: prepared.columnType(i).toString() }));
        prepared.destroySync();
        if (this.described.size > 500) this.described.clear();
        this.described.set(sql, described);
      }
      const result = await conn.stream(jsonRowsSql(sql, described, columns), params);
      for await (const rows of result.yieldRows()) {
        const out: string[] = new Array(rows.length);
        for (let r = 0; r < rows.length; r++) out[r] = rows[r][0] as string;
        yield out;
      }
    } finally {
      conn.closeSync();
    }
  }

  /** Applies sql/schema/*.sql files not yet recorded, each in its own transaction. */
  async migrate(schemaDir: string = SCHEMA_DIR): Promise<void> {
    await this.run(
      'create table if not exists schema_migration (file_name varchar primary key, applied_at timestamp not null default current_timestamp)',
    );
    const done = new Set((await this.all<{ file_name: string }>('select file_name from schema_migration')).map((r) => r.file_name));
    let applied = 0;
    for (const file of readdirSync(schemaDir).filter((f) => f.endsWith('.sql')).sort()) {
      if (done.has(file)) continue;
      const sql = readFileSync(join(schemaDir, file), 'utf8');
      await this.transaction(async (conn) => {
        await conn.run(sql);
        await conn.run('insert into schema_migration (file_name) values ($1)', [file]);
      });
      applied++;
    }
    // Write the new schema into the database file at once: DuckDB cannot replay an ALTER TABLE …
    // ADD COLUMN on a table with a default such as current_timestamp from the write-ahead log
    // ("Failure while replaying WAL file"), so a process killed before its next checkpoint would
    // leave a database that no longer opens.
    if (applied) await this.run('checkpoint');
  }

  close(): void {
    this.instance.closeSync();
  }

  async checkpoint(): Promise<boolean> {
    try {
      await this.run('checkpoint');
      return true;
    } catch (err) {
      // e.g. another write transaction was running: DuckDB checkpoints by itself at a later commit
      log.debug({ err }, 'no checkpoint now');
      return false;
    }
  }

  /**
   * Checkpoints, then closes: what a stopping server does, so no write-ahead log is left. Closing
   * alone does not always checkpoint: after a rebuild's last transactions, a stop left a 17–21 MB
   * `.wal` (measured on the demo, one stop in two). A checkpoint that fails is reported; the
   * database still closes, and the log is replayed at the next open.
   */
  async closeCheckpointed(): Promise<void> {
    try {
      await this.run('checkpoint');
    } finally {
      this.close();
    }
  }
}

/** The names and column types of a DuckDB result. */
function resultColumns(result: { columnNames(): string[]; columnTypes(): { toString(): string }[] }): Column[] {
  const types = result.columnTypes();
  return result.columnNames().map((name, i) => ({ name, type: columnTypeOf(types[i].toString()) }));
}

/** Column names and types of a query's result, without fetching rows. */
export async function describeQuery(conn: DuckConnection, sql: string, params?: Params): Promise<Column[]> {
  return resultColumns(await conn.duck.runAndReadAll(`select * from (${sql}) limit 0`, params));
}

function plainRow(row: Record<string, unknown>, columns: Column[]): Row {
  const out: Row = {};
  for (const column of columns) out[column.name] = toPlainValue(row[column.name], column.type);
  return out;
}
