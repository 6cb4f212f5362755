// The staging and intermediate SQL models (sql/staging, sql/intermediate): discovery, dependency
// order, and materialisation in a DuckDB warehouse. A model is one file; its first line says
// how it is built (`-- materialized: view|table`), and `{{ ref('name') }}` names what it reads.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, InternalError } from '../errors';
import { log } from '../log';
import type { SqlConnection, Warehouse } from '../warehouse/types';
import { martDatasetNames, refreshDefaultMarts } from './defaultMarts';
import { renderSql, sqlRefs, type SqlEngine } from './sqlRender';

export const SQL_DIR = resolve(__dirname, '../../sql');
export const MODEL_DIRS = ['staging', 'intermediate'] as const;

export interface SqlModel {
  name: string;
  path: string;
  materialized: 'view' | 'table';
  /** Columns a table is physically ordered by (DuckDB zone maps) / clustered by (BigQuery). */
  clusterBy: string[];
  sql: string; // neutral SQL
  refs: string[];
}

/** Reads every model file. Names are file names without `.sql`. */
export function loadModels(sqlDir: string = SQL_DIR): SqlModel[] {
  const models: SqlModel[] = [];
  for (const dir of MODEL_DIRS) {
    const full = join(sqlDir, dir);
    for (const file of readdirSync(full).filter((f) => f.endsWith('.sql')).sort()) {
      const path = join(full, file);
      const sql = readFileSync(path, 'utf8');
      const header = /^--\s*materialized:\s*(view|table)\s*$/m.exec(sql.split('\n')[0] ?? '');
      if (!header) throw new ConfigError(`${path}: the first line must be "-- materialized: view" or "-- materialized: table"`);
      const cluster = /^--\s*cluster_by:\s*([a-z0-9_, ]+)$/m.exec(sql.split('\n').slice(0, 3).join('\n'));
      const clusterBy = cluster ? cluster[1].split(',').map((c) => c.trim()).filter(Boolean) : [];
      models.push({ name: file.slice(0, -4), path, materialized: header[1] as 'view' | 'table', clusterBy, sql, refs: sqlRefs(sql) });
    }
  }
  return models;
}

/** Models in an order where each comes after the models it refs (canonical tables are leaves). */
export function modelBuildOrder(models: SqlModel[]): SqlModel[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: SqlModel[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: SqlModel, path: string[]): void => {
    if (state.get(model.name) === 'done') return;
    if (state.get(model.name) === 'visiting') throw new ConfigError(`SQL models ref each other in a cycle: ${[...path, model.name].join(' → ')}`);
    state.set(model.name, 'visiting');
    for (const ref of model.refs) {
      const dep = byName.get(ref);
      if (dep) visit(dep, [...path, model.name]);
    }
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of models) visit(model, []);
  return ordered;
}

/** The statements that (re)build every model for an engine, in dependency order. */
export function renderModelStatements(engine: SqlEngine, options: { relationPrefix?: string } = {}): { name: string; sql: string }[] {
  return modelBuildOrder(loadModels()).map((model) => {
    const body = renderSql(model.sql, { engine, relationPrefix: options.relationPrefix });
    const target = engine === 'bigquery' && options.relationPrefix ? `\`${options.relationPrefix}.${model.name}\`` : model.name;
    if (model.materialized === 'table' && model.clusterBy.length > 0) {
      // DuckDB prunes row groups by min/max, so store rows in the order queries filter by
      return engine === 'duckdb'
        ? { name: model.name, sql: `create or replace table ${target} as\nselect * from (\n${body}\n) as model\norder by ${model.clusterBy.join(', ')}` }
        : { name: model.name, sql: `create or replace table ${target}\ncluster by ${model.clusterBy.join(', ')}\nas\n${body}` };
    }
    return { name: model.name, sql: `create or replace ${model.materialized} ${target} as\n${body}` };
  });
}

const MARTS_VERSION_KEY = 'marts_data_version';

/**
 * Rebuilds the staging views and intermediate tables from the canonical tables, then the
 * default-parameter result of each dataset (mart_<dataset>, see defaultMarts.ts). Call it inside
 * the load transaction, after `bumpDataVersion(conn)`, so readers see new data and new marts at
 * once. It records the data_version it was built for, so readers can tell when marts are stale.
 */
export async function refreshMarts(conn: SqlConnection): Promise<void> {
  for (const statement of renderModelStatements('duckdb')) {
    try {
      await conn.run(statement.sql);
    } catch (err) {
      throw new InternalError(`building SQL model ${statement.name} failed: ${(err as Error).message}`, 'CD_MODEL_FAILED', { cause: err });
    }
  }
  await refreshDefaultMarts(conn);
  await conn.run(
    `insert into setting (setting_key, setting_value)
     select $key, setting_value || $sep || $fingerprint from setting where setting_key = 'data_version'
     on conflict (setting_key) do update set setting_value = excluded.setting_value, updated_at = now()::timestamp`,
    { key: MARTS_VERSION_KEY, sep: MARTS_VERSION_SEPARATOR, fingerprint: sqlFingerprint() },
  );
}

const MARTS_VERSION_SEPARATOR = '|sql:';
let fingerprint: string | undefined;

/**
 * A hash of every model and dataset SQL file and of which datasets keep a default mart. Marts are
 * stamped with it beside the data version, so a new Crossdock release rebuilds them on an
 * unchanged database, and fresh marts always include every mart_<dataset> the code reads.
 */
export function sqlFingerprint(sqlDir: string = SQL_DIR): string {
  if (fingerprint !== undefined && sqlDir === SQL_DIR) return fingerprint;
  const hash = createHash('sha256');
  hash.update(`marts:${martDatasetNames().join(',')}\0`);
  for (const dir of [...MODEL_DIRS, 'analytics']) {
    for (const file of readdirSync(join(sqlDir, dir)).filter((f) => f.endsWith('.sql')).sort()) {
      hash.update(`${dir}/${file}\0`).update(readFileSync(join(sqlDir, dir, file))).update('\0');
    }
  }
  const value = hash.digest('hex').slice(0, 16);
  if (sqlDir === SQL_DIR) fingerprint = value;
  return value;
}

export interface FreshnessOptions {
  /** false: answer from the previous consistent build while a rebuild runs (default true). */
  waitForNewData?: boolean;
}

/** The one rebuild in flight per warehouse: every caller that finds the marts stale shares it. */
const refreshing = new WeakMap<Warehouse, Promise<void>>();

export interface MartsState {
  /** The data_version the marts were built from (null: never built). */
  builtFor: string | null;
  /** The current data_version. */
  dataVersion: string;
  /** Whether they were built by this code's SQL (a new release must rebuild before answering). */
  sameSql: boolean;
}

export async function martsState(warehouse: Warehouse): Promise<MartsState> {
  const rows = await warehouse.all<{ setting_key: string; setting_value: string }>(
    "select setting_key, setting_value from setting where setting_key in ('data_version', $key)",
    { key: MARTS_VERSION_KEY },
  );
  const versions = new Map(rows.map((r) => [r.setting_key, r.setting_value]));
  const stamp = versions.get(MARTS_VERSION_KEY) ?? null;
  const at = stamp?.lastIndexOf(MARTS_VERSION_SEPARATOR) ?? -1;
  return {
    builtFor: stamp !== null && at >= 0 ? stamp.slice(0, at) : null,
    dataVersion: versions.get('data_version') ?? '0',
    sameSql: stamp !== null && at >= 0 && stamp.slice(at + MARTS_VERSION_SEPARATOR.length) === sqlFingerprint(),
  };
}

function startRebuild(warehouse: Warehouse): Promise<void> {
  let job = refreshing.get(warehouse);
  if (!job) {
    // beside writers: it replaces only its own tables and its own setting row
    job = warehouse.transaction((conn) => refreshMarts(conn), { alongsideWriters: true }).finally(() => refreshing.delete(warehouse));
    refreshing.set(warehouse, job);
  }
  return job;
}

/**
 * Makes sure there are marts to answer from, and that they catch up with the data: when the
 * data_version moved since they were built (a push, a pull, a file), one rebuild starts, shared
 * by every caller, and callers go on reading the previous build — a consistent version, never a
 * half-built one (the rebuild is one transaction) — until it commits, when they pass
 * `waitForNewData: false` (the server does: a refresh never waits for a rebuild). By default
 * callers wait for the new data (the CLI, tests). Everyone waits when there is nothing consistent
 * to read: no marts yet, or marts built by other SQL (a new release). A failed background rebuild
 * is logged; the next caller tries again.
 */
export async function ensureMartsFresh(warehouse: Warehouse, options: FreshnessOptions = {}): Promise<void> {
  const state = await martsState(warehouse);
  if (state.sameSql && state.builtFor === state.dataVersion) return;
  const job = startRebuild(warehouse);
  if (options.waitForNewData !== false || !state.sameSql || state.builtFor === null) return job;
  job.catch((err: unknown) => log.warn({ err }, 'rebuilding the analytics marts failed; answering from the previous build'));
}

