// The staging and intermediate SQL models (sql/staging, sql/intermediate): discovery, dependency
// order, and materialisation in a DuckDB warehouse. A model is one file; its first line says
// how it is built (`-- materialized: view|table`), and `{{ ref('name') }}` names what it reads.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, InternalError } from '../errors';
import { log } from '../log';
import type { SqlConnection, Warehouse } from '../warehouse/types';
import { defaultAsOf } from './dataDates';
import { hasDefaultMart, martDatasetNames, martQuery, refreshDefaultMart, refreshDefaultMarts, smallestMartsFirst } from './defaultMarts';
import { buildForecasts, FORECAST_TABLES, forecastScope, refreshForecasts } from './forecastBuild';
import {
  affectingRelations,
  changedSkusSince,
  changesSince,
  isAffected,
  relationReads,
  tableColumns,
  type ChangedSkus,
  type ChangedTables,
  type RelationReads,
} from './lineage';
import { allDatasets, getDataset } from './registry';
import { liveAnswersSettled } from './liveAnswers';
import { keyTablesSkus, keyUnkeyedRows, skuKeysOf, withSkuKeys } from './skuKeys';
import { renderSql, sqlRefs, type SqlEngine } from './sqlRender';

export const SQL_DIR = resolve(__dirname, '../../sql');
export const MODEL_DIRS = ['staging', 'intermediate'] as const;

export interface SqlModel {
  name: string;
  path: string;
  materialized: 'view' | 'table';
  /** Columns a table is physically ordered by (DuckDB zone maps) / clustered by (BigQuery). */
  clusterBy: string[];
  /**
   * `-- incremental: sku`: each row depends on its own SKU's inputs only (its `changed_skus()`
   * filters say where), so a partial rebuild may redo just the changed SKUs' rows.
   */
  incremental: boolean;
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
      const incremental = /^--\s*incremental:\s*sku\s*$/m.test(sql.split('\n').slice(0, 4).join('\n'));
      if (incremental && header[1] !== 'table') throw new ConfigError(`${path}: only a table can be "-- incremental: sku"`);
      models.push({ name: file.slice(0, -4), path, materialized: header[1] as 'view' | 'table', clusterBy, incremental, sql, refs: sqlRefs(sql) });
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
export interface ModelStatement {
  name: string;
  materialized: 'view' | 'table';
  /** The statement that (re)builds it. */
  sql: string;
  /** The query it is built from (what lineage.ts explains). */
  select: string;
  /**
   * An `-- incremental: sku` model's partial rebuild for some SKUs, reading the models redone
   * before it from `kept` (see RenderOptions.changedRelations): their new rows into a temp table,
   * their old rows out (found by `keys`, the SKUs' integer keys: skuKeys.ts), the new ones in.
   */
  incremental?: (skus: readonly string[], keys: readonly number[], kept: ReadonlyMap<string, string>) => PartialRebuild;
}

export interface PartialRebuild {
  /** Computes the changed SKUs' rows into `staged`, a temp table later models read from. */
  stage: string;
  staged: string;
  /** Removes their old rows (one statement per condition: an OR of IN and IS NULL is not pruned). */
  delete: string[];
  insert: string;
}

/**
 * SKUs as an SQL list of string literals. Literals, not a parameter or a subquery: DuckDB pushes an
 * IN list of constants into each table scan, which is what makes a partial rebuild cheap. Quotes
 * are doubled, so any SKU text stays one literal.
 */
function skuList(skus: readonly string[]): string {
  return `(${skus.length > 0 ? skus.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ') : 'null'})`;
}

/**
 * The rows of the changed SKUs, and every row without a SKU (an account fee: few, and they may
 * depend on any order), are deleted and inserted again from the model filtered the same way.
 */
function incrementalStatements(model: SqlModel, engine: SqlEngine): ModelStatement['incremental'] {
  if (!model.incremental || engine !== 'duckdb') return undefined;
  return (skus, keys, kept) => {
    const list = skuList(skus);
    const body = withSkuKeys(renderSql(model.sql, { engine, changedSkus: list, changedRelations: kept }));
    const staged = `cd_skus__${model.name}`;
    return {
      stage: `create or replace temp table ${staged} as\nselect * from (\n${body}\n) as model\nwhere (model.sku in ${list} or model.sku is null)`,
      staged,
      delete: [`delete from ${model.name} where sku_key in (${keys.length > 0 ? keys.join(', ') : 'null'})`, `delete from ${model.name} where sku is null`],
      insert: `insert into ${model.name} select * from ${staged}`,
    };
  };
}

export function renderModelStatements(engine: SqlEngine, options: { relationPrefix?: string } = {}): ModelStatement[] {
  return modelBuildOrder(loadModels()).map((model) => {
    const select = renderSql(model.sql, { engine, relationPrefix: options.relationPrefix });
    // DuckDB's incremental tables carry their SKU's integer key, the others are as the model says
    const body = model.incremental && engine === 'duckdb' ? withSkuKeys(select) : select;
    const target = engine === 'bigquery' && options.relationPrefix ? `\`${options.relationPrefix}.${model.name}\`` : model.name;
    const incremental = incrementalStatements(model, engine);
    const statement = (sql: string): ModelStatement => ({ name: model.name, materialized: model.materialized, sql, select, ...(incremental ? { incremental } : {}) });
    if (model.materialized === 'table' && model.clusterBy.length > 0) {
      // DuckDB prunes row groups by min/max, so store rows in the order queries filter by
      return engine === 'duckdb'
        ? statement(`create or replace table ${target} as\nselect * from (\n${body}\n) as model\norder by ${model.clusterBy.join(', ')}`)
        : statement(`create or replace table ${target}\ncluster by ${model.clusterBy.join(', ')}\nas\n${body}`);
    }
    return statement(`create or replace ${model.materialized} ${target} as\n${body}`);
  });
}


// The stamps in `setting` that say what the analytics tables reflect:
//   marts_data_version          "<data_version>|sql:<fingerprint>" of the staging/intermediate models
//   mart_data_version:<dataset> "<data_version>" of mart_<dataset> (and its JSON rows)
// A mart whose stamp differs from the models' is being rebuilt: its dataset is answered live.
const MARTS_VERSION_KEY = 'marts_data_version';
const MART_VERSION_PREFIX = 'mart_data_version:';
const MARTS_VERSION_SEPARATOR = '|sql:';

async function stampModels(conn: SqlConnection): Promise<void> {
  await conn.run(
    `insert into setting (setting_key, setting_value)
     select $key, setting_value || $sep || $fingerprint from setting where setting_key = 'data_version'
     on conflict (setting_key) do update set setting_value = excluded.setting_value, updated_at = now()::timestamp`,
    { key: MARTS_VERSION_KEY, sep: MARTS_VERSION_SEPARATOR, fingerprint: sqlFingerprint() },
  );
}

/**
 * Stamps the marts of `datasets` with `version`, by default the data_version of the transaction's
 * snapshot.
 */
async function stampMarts(conn: SqlConnection, datasets: readonly string[], version?: string): Promise<void> {
  if (datasets.length === 0) return;
  await conn.run(
    `insert into setting (setting_key, setting_value)
     select $prefix || dataset, coalesce($version, setting_value) from setting, (select unnest($names::json::varchar[]) as dataset) as d
     where setting_key = 'data_version'
     on conflict (setting_key) do update set setting_value = excluded.setting_value, updated_at = now()::timestamp`,
    { prefix: MART_VERSION_PREFIX, names: JSON.stringify(datasets), version: version ?? null },
  );
}

/** Forgets the changes the models have caught up with (everything up to this snapshot's version). */
async function forgetChanges(conn: SqlConnection): Promise<void> {
  await conn.run(
    "delete from data_change where data_version <= (select cast(setting_value as bigint) from setting where setting_key = 'data_version')",
  );
}

async function runModel(conn: SqlConnection, statement: ModelStatement): Promise<void> {
  try {
    await conn.run(statement.sql);
    if (statement.incremental) await keyUnkeyedRows(conn, statement.name);
  } catch (err) {
    throw new InternalError(`building SQL model ${statement.name} failed: ${(err as Error).message}`, 'CD_MODEL_FAILED', { cause: err });
  }
}

export interface RefreshMartsOptions {
  /** Told before each step (a model, the forecasts, the marts): its name, index and the step count. */
  onBuildStep?: (step: string, index: number, total: number) => void;
}

/**
 * Rebuilds the staging views and intermediate tables from the canonical tables, then the
 * default-parameter result of each dataset (mart_<dataset>, see defaultMarts.ts). Call it inside
 * the load transaction, after `bumpDataVersion(conn)`, so readers see new data and new marts at
 * once. It records the data_version it was built for, so readers can tell when marts are stale.
 */
export async function refreshMarts(conn: SqlConnection, options: RefreshMartsOptions = {}): Promise<void> {
  const statements = renderModelStatements('duckdb');
  const total = statements.length + 2;
  await keyTablesSkus(conn, modelSourceTables());
  for (const [i, statement] of statements.entries()) {
    options.onBuildStep?.(statement.name, i, total);
    await runModel(conn, statement);
  }
  options.onBuildStep?.('demand forecasts', statements.length, total);
  await buildForecasts(conn); // the demand forecasts the forecast datasets and replenishment read
  options.onBuildStep?.('dataset marts', statements.length + 1, total);
  await refreshDefaultMarts(conn);
  await stampModels(conn);
  await stampMarts(conn, martDatasetNames());
  await forgetChanges(conn);
}

/** The tables (not models) the models ref: where every SKU of an incremental table comes from. */
function modelSourceTables(): string[] {
  const models = loadModels();
  const names = new Set(models.map((m) => m.name));
  return [...new Set(models.flatMap((m) => m.refs))].filter((ref) => !names.has(ref)).sort();
}

/** What each model and mart reads (lineage.ts), per SQL fingerprint: the plans never change. */
const lineageCache = new Map<string, Promise<Map<string, RelationReads>>>();

/** Reads of every table model (by name) and every mart (by `mart:<dataset>`). */
function lineageOf(conn: SqlConnection): Promise<Map<string, RelationReads>> {
  const key = sqlFingerprint();
  let known = lineageCache.get(key);
  if (!known) {
    known = (async () => {
      const reads = new Map<string, RelationReads>();
      const columns = await tableColumns(conn);
      for (const statement of renderModelStatements('duckdb')) reads.set(statement.name, await relationReads(conn, statement.select, {}, columns));
      const asOf = await defaultAsOf(conn);
      for (const definition of allDatasets().filter(hasDefaultMart)) {
        const { sql, params } = martQuery(definition, asOf);
        reads.set(`mart:${definition.name}`, await relationReads(conn, sql, params, columns));
      }
      return reads;
    })();
    known.catch(() => lineageCache.delete(key));
    lineageCache.set(key, known);
  }
  return known;
}

/**
 * Works out what every model and mart reads, ahead of the first change (a push's refresh should
 * not wait for two dozen EXPLAINs). Needs built models; harmless to call again.
 */
export async function warmLineage(warehouse: Warehouse): Promise<void> {
  const state = await martsState(warehouse);
  if (!state.sameSql || state.builtFor === null) return;
  await warehouse.withConnection(async (conn) => {
    await lineageOf(conn);
  });
}

export interface RebuildPlan {
  /** Models to rebuild, in build order (views included: they are free). */
  models: ModelStatement[];
  /** Of those, the ones redone for the changed SKUs only (the others are rebuilt whole). */
  incremental: string[];
  /** Datasets whose mart must be rebuilt. */
  marts: string[];
}

/** What the models brought up to date so far changed: some SKUs' rows, or any row. */
type ModelChanges = Map<string, 'skus' | 'all'>;

/**
 * Whether a model must be brought up to date (null: it reads nothing that changed), and how:
 * only the changed SKUs' rows when it allows that and all it reads that changed did so for known
 * SKUs only; else whole.
 */
function rebuildMode(
  statement: ModelStatement,
  reads: Map<string, RelationReads>,
  changed: ChangedTables,
  skus: ChangedSkus,
  changedModels: ModelChanges,
): 'full' | 'incremental' | null {
  const affecting = affectingRelations(reads.get(statement.name) ?? new Map(), changed, new Set(changedModels.keys()));
  if (affecting.length === 0) return null;
  if (!statement.incremental) return 'full';
  const perSku = affecting.every((r) => (changedModels.has(r) ? changedModels.get(r) === 'skus' : skus.get(r) instanceof Set));
  return perSku ? 'incremental' : 'full';
}

/** The marts that read a changed model or table; every one when the default as_of may move. */
function affectedMarts(reads: Map<string, RelationReads>, changed: ChangedTables, changedModels: ModelChanges): string[] {
  const models = new Set(changedModels.keys());
  // the marts' as_of comes from int_data_dates: when it changed, every mart may move
  return martDatasetNames().filter((name) => models.has('int_data_dates') || isAffected(reads.get(`mart:${name}`) ?? new Map(), changed, models));
}

/**
 * What `changed` affects: the models reading a changed column or model (and how), then the marts.
 * An upper bound: at run time a small model that comes out the same spares what reads it.
 */
export async function planRebuild(conn: SqlConnection, changed: ChangedTables, skus: ChangedSkus = new Map()): Promise<RebuildPlan> {
  const reads = await lineageOf(conn);
  const changedModels: ModelChanges = new Map();
  const models: ModelStatement[] = [];
  for (const statement of renderModelStatements('duckdb')) {
    const mode = rebuildMode(statement, reads, changed, skus, changedModels);
    if (mode === null) continue;
    models.push(statement);
    changedModels.set(statement.name, mode === 'incremental' ? 'skus' : 'all');
  }
  const incremental = [...changedModels].filter(([, how]) => how === 'skus').map(([name]) => name);
  // the forecast step rewrites the forecast tables when the demand changed (forecastBuild.ts)
  const forecasts = forecastScope(changed, changedModels, [], changedModels.has('int_data_dates'));
  if (forecasts) for (const table of FORECAST_TABLES) changedModels.set(table, forecasts === 'all' ? 'all' : 'skus');
  return { models, incremental, marts: affectedMarts(reads, changed, changedModels) };
}

/** A small model rebuilt whole is compared with what it was: unchanged, it affects nothing further. */
const COMPARED_ROWS = 100_000;

/**
 * Rebuilds a model whole; false when it is a small table that came out the same. A view is left
 * as it is: a partial rebuild runs only under the SQL the views were created from.
 */
async function rebuildWhole(conn: SqlConnection, statement: ModelStatement): Promise<boolean> {
  if (statement.materialized === 'view') return false;
  const [{ n }] = await conn.all<{ n: number | bigint }>(`select count(*) as n from ${statement.name}`);
  if (Number(n) > COMPARED_ROWS) {
    await runModel(conn, statement);
    return true;
  }
  await conn.run(`create or replace temp table cd_model_before as select * from ${statement.name}`);
  await runModel(conn, statement);
  const [{ differ }] = await conn.all<{ differ: boolean }>(
    `select exists (select * from ${statement.name} except all select * from cd_model_before)
         or exists (select * from cd_model_before except all select * from ${statement.name}) as differ`,
  );
  await conn.run('drop table cd_model_before');
  return differ;
}

/** Redoes a model's rows of `skus`, keeping a copy of them in `kept` for the models after it. */
async function rebuildSkus(
  conn: SqlConnection,
  statement: ModelStatement,
  skus: readonly string[],
  keys: readonly number[],
  kept: Map<string, string>,
): Promise<void> {
  const sql = statement.incremental!(skus, keys, kept);
  try {
    await conn.run(sql.stage);
    for (const remove of sql.delete) await conn.run(remove);
    await conn.run(sql.insert);
    kept.set(statement.name, sql.staged);
  } catch (err) {
    throw new InternalError(`updating SQL model ${statement.name} for the changed SKUs failed: ${(err as Error).message}`, 'CD_MODEL_FAILED', { cause: err });
  }
}

/**
 * Brings the models up to `changed` (the changes since their build): each model reading what
 * changed is redone for the changed SKUs only when it can be, else rebuilt whole. Returns the
 * marts to rebuild.
 */
async function rebuildChangedModels(conn: SqlConnection, changed: ChangedTables, skus: ChangedSkus): Promise<RebuildReport> {
  const reads = await lineageOf(conn);
  const changedModels: ModelChanges = new Map();
  const everySku = [...new Set([...skus.values()].flatMap((set) => (set ? [...set] : [])))];
  const ms: Record<string, number> = {};
  const kept = new Map<string, string>();
  const keys = await skuKeysOf(conn, everySku);
  let allKeyed = false;
  for (const statement of renderModelStatements('duckdb')) {
    const mode = rebuildMode(statement, reads, changed, skus, changedModels);
    const started = performance.now();
    if (mode === 'incremental') {
      await rebuildSkus(conn, statement, everySku, keys, kept);
      changedModels.set(statement.name, 'skus');
    } else if (mode === 'full') {
      if (statement.incremental && !allKeyed) {
        // SKUs new since the last build (a file, a pull that did not say which) are keyed first
        await keyTablesSkus(conn, modelSourceTables());
        allKeyed = true;
      }
      if (await rebuildWhole(conn, statement)) changedModels.set(statement.name, 'all');
    }
    if (mode !== null) ms[statement.name] = Math.round(performance.now() - started);
  }
  // the demand forecasts of the SKUs whose demand changed (none after a stock push)
  const started = performance.now();
  const forecasts = await refreshForecasts(conn, changed, changedModels, everySku, kept);
  for (const table of kept.values()) await conn.run(`drop table ${table}`);
  if (forecasts) {
    for (const table of FORECAST_TABLES) changedModels.set(table, forecasts);
    ms.forecasts = Math.round(performance.now() - started);
  }
  const report = { models: Object.fromEntries(changedModels), ms, skus: everySku.length, marts: affectedMarts(reads, changed, changedModels) };
  log.debug(report, 'brought the analytics models that read what changed up to date');
  return report;
}

/** What a partial rebuild did: per model brought up to date, whether it changed some SKUs' rows or any. */
export interface RebuildReport {
  models: Record<string, 'skus' | 'all'>;
  /** Milliseconds each model (and the forecast step) took. */
  ms: Record<string, number>;
  /** How many SKUs the per-SKU updates redid. */
  skus: number;
  marts: string[];
}
const lastReports = new WeakMap<Warehouse, RebuildReport>();

/** The last partial rebuild's report for this warehouse (logs and tests). */
export function lastRebuildReport(warehouse: Warehouse): RebuildReport | undefined {
  return lastReports.get(warehouse);
}

export interface FreshnessOptions {
  /**
   * false: answer from the previous consistent build while a rebuild runs (default true: wait).
   * A number: wait up to that many milliseconds from the start of the rebuild for the models to
   * catch up, then answer from the previous build (a push's rebuild of no models is done well
   * within it).
   */
  waitForNewData?: boolean | number;
}

/** The one rebuild in flight per warehouse: every caller that finds the marts stale shares it. */
interface RebuildJob {
  /** Settles when the models (and unaffected marts) reflect the data the job started from. */
  models: Promise<void>;
  /** Settles when every mart does too. */
  done: Promise<void>;
  /** When it started (performance.now()): a bounded wait counts from there. */
  startedAt: number;
}
const refreshing = new WeakMap<Warehouse, RebuildJob>();
/** Warehouses about to be closed: their rebuild stops before its next mart. */
const stopping = new WeakSet<Warehouse>();

/**
 * Before the warehouse is closed: a rebuild a request started (it runs on after the request has
 * its answer) stops before its next mart — the marts left are rebuilt by the next start, as they
 * are not stamped — and this settles when its transactions are done. Closing the database under
 * a running transaction would leave its write-ahead log behind.
 */
export async function stopRebuilds(warehouse: Warehouse): Promise<void> {
  const job = refreshing.get(warehouse);
  if (!job) return;
  stopping.add(warehouse);
  try {
    await job.done.catch(() => undefined);
  } finally {
    stopping.delete(warehouse); // a warehouse kept open (tests, tools) rebuilds as usual again
  }
}

/** Whether a rebuild is running on the warehouse (what a stopping server says it waits for). */
export function isRebuilding(warehouse: Warehouse): boolean {
  return refreshing.has(warehouse);
}

export interface MartsState {
  /** The data_version the models were built from (null: never built). */
  builtFor: string | null;
  /** The current data_version. */
  dataVersion: string;
  /** Whether they were built by this code's SQL (a new release must rebuild before answering). */
  sameSql: boolean;
  /** The data_version mart_<dataset> was built from, per dataset (absent: never built). */
  marts: Map<string, string>;
}

function readState(rows: { setting_key: string; setting_value: string }[]): MartsState {
  const versions = new Map(rows.map((r) => [r.setting_key, r.setting_value]));
  const stamp = versions.get(MARTS_VERSION_KEY) ?? null;
  const at = stamp?.lastIndexOf(MARTS_VERSION_SEPARATOR) ?? -1;
  const marts = new Map<string, string>();
  for (const [key, value] of versions) if (key.startsWith(MART_VERSION_PREFIX)) marts.set(key.slice(MART_VERSION_PREFIX.length), value);
  return {
    builtFor: stamp !== null && at >= 0 ? stamp.slice(0, at) : null,
    dataVersion: versions.get('data_version') ?? '0',
    sameSql: stamp !== null && at >= 0 && stamp.slice(at + MARTS_VERSION_SEPARATOR.length) === sqlFingerprint(),
    marts,
  };
}

const STATE_SQL = "select setting_key, setting_value from setting where setting_key in ('data_version', $key) or starts_with(setting_key, $prefix)";

export async function martsState(reader: Pick<Warehouse, 'all'> | SqlConnection): Promise<MartsState> {
  return readState(await reader.all<{ setting_key: string; setting_value: string }>(STATE_SQL, { key: MARTS_VERSION_KEY, prefix: MART_VERSION_PREFIX }));
}

/** True when mart_<dataset> reflects the same data as the models (else its dataset is run live). */
export function martIsFresh(state: MartsState, dataset: string): boolean {
  return state.builtFor !== null && state.marts.get(dataset) === state.builtFor;
}

/**
 * True when the mart of a dataset of the live tables (usesMarts false) was built from the current
 * data version: after any write it is answered live until a rebuild catches the mart up.
 */
export function martIsCurrent(state: MartsState, dataset: string): boolean {
  return state.sameSql && state.marts.get(dataset) === state.dataVersion;
}

/** The longest a mart's build waits for the live answers standing in for stale marts (liveAnswers.ts). */
const MART_YIELD_MS = 2000;

/**
 * The rebuild: one transaction brings the models up to the data (only those reading what changed
 * since their build, or all of them when that is unknown or the SQL is new) and stamps the marts
 * that did not need rebuilding; then each affected mart is rebuilt in a transaction of its own, so
 * its dataset is answered live (fresh) meanwhile and from the mart again as soon as it is done.
 */
function runRebuild(warehouse: Warehouse): RebuildJob {
  const models = warehouse.transaction(
    async (conn) => {
      const state = await martsState(conn);
      const changed = state.sameSql && state.builtFor !== null ? await changesSince(conn, state.builtFor) : null;
      if (changed === null) {
        await refreshMarts(conn);
        return [] as string[];
      }
      const report = await rebuildChangedModels(conn, changed, await changedSkusSince(conn, state.builtFor!));
      lastReports.set(warehouse, report);
      // a mart left behind by an earlier job (a stop between its two steps) is rebuilt too
      const marts = martDatasetNames().filter((name) => report.marts.includes(name) || !martIsFresh(state, name));
      await stampModels(conn);
      await stampMarts(conn, martDatasetNames().filter((name) => !marts.includes(name)));
      await forgetChanges(conn);
      return marts;
    },
    { alongsideWriters: true }, // it replaces only its own tables and its own setting rows
  );
  // the plans are known before anyone waits for them (the first push after a start)
  models.then(() => warmLineage(warehouse)).catch(() => undefined);
  const done = models.then(async (marts) => {
    for (const name of await smallestMartsFirst(warehouse, marts)) {
      if (stopping.has(warehouse)) break;
      // no yield once newer data waits for this job to end: catching the models up comes first
      const now = await martsState(warehouse);
      if (now.builtFor === now.dataVersion) await liveAnswersSettled(warehouse, MART_YIELD_MS);
      await warehouse.transaction(
        async (conn) => {
          const state = await martsState(conn);
          // stamped with the models' version: what it reflects at least (newer changes: next job)
          if (state.builtFor === null || state.marts.get(name) === state.builtFor) return;
          await refreshDefaultMart(conn, getDataset(name), await defaultAsOf(conn));
          await stampMarts(conn, [name], state.builtFor);
        },
        { alongsideWriters: true },
      );
    }
    // The marts' commits leave up to DuckDB's checkpoint threshold (16 MB) in the write-ahead log,
    // and the commit that crosses it checkpoints: that was the next pull's, 300–570 ms of its
    // models' wait at 10M order lines. Checkpointing here, when nobody waits, keeps it out.
    if (!stopping.has(warehouse)) await warehouse.checkpoint();
  });
  const modelsDone = models.then(() => undefined);
  modelsDone.catch(() => undefined); // reported through `done`, which every caller awaits or logs
  return { models: modelsDone, done, startedAt: performance.now() };
}

function startRebuild(warehouse: Warehouse): RebuildJob {
  let job = refreshing.get(warehouse);
  if (!job) {
    const started = runRebuild(warehouse);
    const done = started.done.finally(() => {
      if (refreshing.get(warehouse) === job) refreshing.delete(warehouse);
    });
    job = { ...started, done };
    refreshing.set(warehouse, job);
  }
  return job;
}

function isCurrent(state: MartsState): boolean {
  return state.sameSql && state.builtFor === state.dataVersion && martDatasetNames().every((name) => martIsFresh(state, name));
}

/**
 * Makes sure there are marts to answer from, and that they catch up with the data: when the
 * data_version moved since they were built (a push, a pull, a file), one rebuild starts, shared
 * by every caller, and callers go on reading the previous build — a consistent version, never a
 * half-built one (the models are rebuilt in one transaction) — until it commits. By default
 * callers wait for the new data (the CLI, tests); the server waits at most a second
 * (`waitForNewData: 1000`). Everyone waits when there is nothing consistent to read: no marts
 * yet, or marts built by other SQL (a new release). A failed background rebuild is logged; the
 * next caller tries again. Returns the state the caller goes on with (read once more only after a wait).
 */
export async function ensureMartsFresh(warehouse: Warehouse, options: FreshnessOptions = {}): Promise<MartsState> {
  const state = await martsState(warehouse);
  if (isCurrent(state)) return state;
  const wait = options.waitForNewData ?? true;
  const running = refreshing.get(warehouse);
  // a job that is only rebuilding marts already reflects this version in its models: the
  // datasets of those marts are answered live meanwhile
  if (running && state.sameSql && state.builtFor === state.dataVersion) {
    if (wait !== true) return state;
    await running.done;
    return martsState(warehouse);
  }
  const job = startRebuild(warehouse);
  if (wait === true || !state.sameSql || state.builtFor === null) {
    await job.done;
    const after = await martsState(warehouse);
    // a write landed while it ran: catch up with that too
    return wait === true && !isCurrent(after) ? ensureMartsFresh(warehouse, options) : after;
  }
  job.done.catch((err: unknown) => log.warn({ err }, 'rebuilding the analytics marts failed; answering from the previous build'));
  if (wait === false) return state;
  // counted from the job's start: a caller that comes later, or asks again within one request
  // (its version, then its rows), waits only what is left of it
  const left = wait - (performance.now() - job.startedAt);
  if (left <= 0) return state;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([job.models.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
  clearTimeout(timer);
  return martsState(warehouse);
}

let fingerprint: string | undefined;
/** Bumped when the tables a rebuild writes change shape (3: mart_<dataset>__json, blocks of encoded rows, beside each mart; 4: each block's first_row; 5: json_deflated; 6: sku_key on the incremental tables). */
const MART_LAYOUT = 6;

/**
 * A hash of every model and dataset SQL file and of which datasets keep a default mart. Marts are
 * stamped with it beside the data version, so a new Crossdock release rebuilds them on an
 * unchanged database, and fresh marts always include every mart_<dataset> the code reads.
 */
export function sqlFingerprint(sqlDir: string = SQL_DIR): string {
  if (fingerprint !== undefined && sqlDir === SQL_DIR) return fingerprint;
  const hash = createHash('sha256');
  hash.update(`marts:${martDatasetNames().join(',')}\0layout:${MART_LAYOUT}\0`);
  for (const dir of [...MODEL_DIRS, 'analytics', 'analytics/shared']) {
    for (const file of readdirSync(join(sqlDir, dir)).filter((f) => f.endsWith('.sql')).sort()) {
      hash.update(`${dir}/${file}\0`).update(readFileSync(join(sqlDir, dir, file))).update('\0');
    }
  }
  const value = hash.digest('hex').slice(0, 16);
  if (sqlDir === SQL_DIR) fingerprint = value;
  return value;
}
