// After each pipeline run: copy the changed canonical rows to BigQuery, then rebuild the SQL
// models and the per-dataset marts there. Per table and run: one Parquet export, one load job
// into a per-run staging table, one MERGE — never per file, so a 15-minute schedule uses 96 of
// BigQuery's 1,500 daily modifications per table. The table's watermark (DuckDB) moves only
// after its MERGE succeeded; a failed load or MERGE leaves the target as it was and the next
// run exports the same rows again. Every job is logged in bigquery_sync_log.
import type { BigQuery, JobMetadata, Query } from '@google-cloud/bigquery';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renderDatasetSql, renderModelStatements } from '../../analytics';
import { allDatasets } from '../../analytics/registry';
import { CrossdockError } from '../../errors';
import { log } from '../../log';
import { bumpDataVersion, dataVersion } from '../dataVersion';
import type { Warehouse } from '../types';
import type { SqlConnection } from '../types';
import type { BigQueryConfig } from './config';
import { exportChangedRows, exportWholeTable, type TableExport } from './exportRows';
import { submitOnce, toCrossdockError, waitForJob, type WaitOptions } from './jobs';
import { martParams, martTableName, servedFromBigQuery } from './marts';
import { bigQueryParamValues, queryParamTypes } from './params';
import { createTableDdl, loadJobId, loadSchema, mergeJobId, mergeSql, safeRunId, stagingTableName, tableRef, withPartitionFilters } from './sql';
import { describeTable, EXPORT_TABLES, type ExportTable } from './tables';

export interface SyncOptions {
  runId: string;
  workDir: string;
  /** Test hook: job polling without real sleeps. */
  wait?: Partial<WaitOptions>;
  clock?: () => Date;
  /** Export/load/MERGE only (no model or mart rebuild). */
  skipMarts?: boolean;
}

export interface TableSyncResult {
  table: string;
  status: 'succeeded' | 'failed' | 'skipped';
  rows: number;
  loadJobId?: string;
  mergeJobId?: string;
  error?: string;
}

export interface SyncResult {
  runId: string;
  status: 'succeeded' | 'failed';
  tables: TableSyncResult[];
  martsBuilt: boolean;
  error?: string;
}

interface LogEntry {
  table: string;
  step: 'export' | 'load' | 'merge' | 'build';
  jobId?: string;
  status: 'succeeded' | 'failed' | 'skipped';
  rows?: number | null;
  bytes?: number | null;
  error?: string;
  startedAt: Date;
}

const num = (v: unknown): number | null => (v === undefined || v === null ? null : Number(v));

export class BigQuerySync {
  private readonly target: { projectId: string; dataset: string };
  private readonly waitOptions: WaitOptions;
  private readonly clock: () => Date;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly bq: BigQuery,
    private readonly config: BigQueryConfig,
    private readonly options: SyncOptions,
  ) {
    this.target = { projectId: config.projectId, dataset: config.dataset };
    this.waitOptions = { timeoutMs: config.jobTimeoutSeconds * 1000, ...options.wait };
    this.clock = options.clock ?? (() => new Date());
  }

  private async record(entry: LogEntry): Promise<void> {
    await this.warehouse.run(
      `insert or replace into bigquery_sync_log
         (run_id, table_name, step, job_id, step_status, rows_count, bytes_count, error_message, started_at, finished_at)
       values ($run, $table, $step, $job, $status, $rows, $bytes, $error, $started::timestamp, $finished::timestamp)`,
      {
        run: this.options.runId,
        table: entry.table,
        step: entry.step,
        job: entry.jobId ?? null,
        status: entry.status,
        rows: entry.rows ?? null,
        bytes: entry.bytes ?? null,
        error: entry.error ?? null,
        started: entry.startedAt.toISOString().replace('T', ' ').replace('Z', ''),
        finished: this.clock().toISOString().replace('T', ' ').replace('Z', ''),
      },
    );
  }

  private async state(key: string): Promise<string | null> {
    const rows = await this.warehouse.all<{ state_value: string }>('select state_value from bigquery_state where state_key = $key', { key });
    return rows[0]?.state_value ?? null;
  }

  private async setState(conn: SqlConnection, key: string, value: string): Promise<void> {
    await conn.run(
      `insert into bigquery_state (state_key, state_value) values ($key, $value)
       on conflict (state_key) do update set state_value = excluded.state_value, updated_at = now()::timestamp`,
      { key, value },
    );
  }

  /** Runs a query job under `jobId` (labelled, byte-capped) and waits for it. */
  async runQueryJob(jobId: string, query: string, what: string, extra: Partial<Query> = {}): Promise<JobMetadata> {
    const job = await submitOnce(
      this.bq,
      jobId,
      this.config.location,
      async (id) =>
        (
          await this.bq.createQueryJob({
            query,
            jobId: id,
            location: this.config.location,
            labels: this.config.labels,
            maximumBytesBilled: String(this.config.maximumBytesBilled),
            useLegacySql: false,
            ...extra,
          })
        )[0],
      what,
    );
    return waitForJob(job, what, this.waitOptions);
  }

  private async exportTable(table: ExportTable, dir: string): Promise<TableExport> {
    return this.warehouse.withConnection(async (conn) => {
      const columns = await describeTable(conn, table);
      const file = join(dir, `${table.name}.parquet`);
      if (table.mode === 'replace') return exportWholeTable(conn, table, columns, await this.state(`fingerprint:${table.name}`), file);
      const [mark] = await conn.all<{ watermark: string }>(
        "select strftime(watermark, '%Y-%m-%d %H:%M:%S.%f') as watermark from bigquery_export_watermark where table_name = $name",
        { name: table.name },
      );
      return exportChangedRows(conn, table, columns, mark?.watermark ?? null, file);
    });
  }

  /** Export → load → MERGE → watermark for one table. Never throws: the result says what failed. */
  private async syncTable(table: ExportTable, dir: string): Promise<TableSyncResult> {
    const runId = this.options.runId;
    let started = this.clock();
    let exported: TableExport;
    try {
      exported = await this.exportTable(table, dir);
    } catch (err) {
      await this.record({ table: table.name, step: 'export', status: 'failed', error: (err as Error).message, startedAt: started });
      return { table: table.name, status: 'failed', rows: 0, error: (err as Error).message };
    }
    await this.record({ table: table.name, step: 'export', status: exported.file ? 'succeeded' : 'skipped', rows: exported.rows, bytes: exported.bytes, startedAt: started });
    if (!exported.file) return { table: table.name, status: 'skipped', rows: 0 };

    const isMerge = table.mode === 'merge';
    const destination = isMerge ? stagingTableName(table.name, runId) : table.name;
    const loadId = loadJobId(table.name, runId);
    const mergeId = isMerge ? mergeJobId(table.name, runId) : undefined;
    let step: 'load' | 'merge' = 'load';
    started = this.clock();
    try {
      if (isMerge && (await this.isFirstExport(table.name))) {
        await this.runQueryJob(`crossdock_ddl_${table.name}_${safeRunId(runId)}`, createTableDdl(this.target, table, exported.columns), `creating ${table.name}`);
      }
      const file = exported.file;
      const loadJob = await submitOnce(
        this.bq,
        loadId,
        this.config.location,
        async (id) => {
          const [job] = await this.bq
              .dataset(this.config.dataset)
              .table(destination)
              .createLoadJob(file, {
                jobId: id,
                location: this.config.location,
                sourceFormat: 'PARQUET',
                schema: loadSchema(exported.columns),
                writeDisposition: 'WRITE_TRUNCATE',
                createDisposition: 'CREATE_IF_NEEDED',
                // no labels: the client's load path puts every option under configuration.load,
                // where labels are invalid; load jobs are free, query jobs carry the labels
              });
          return job;
        },
        `loading ${table.name}`,
      );
      const loaded = await waitForJob(loadJob, `loading ${table.name}`, this.waitOptions);
      await this.record({
        table: table.name,
        step: 'load',
        jobId: loadId,
        status: 'succeeded',
        rows: num(loaded.statistics?.load?.outputRows),
        bytes: num(loaded.statistics?.load?.inputFileBytes) ?? exported.bytes,
        startedAt: started,
      });

      if (isMerge && mergeId) {
        step = 'merge';
        started = this.clock();
        const merged = await this.runQueryJob(
          mergeId,
          mergeSql(this.target, table, exported.columns, destination, exported.partitionRange),
          `merging ${table.name}`,
        );
        await this.record({
          table: table.name,
          step: 'merge',
          jobId: mergeId,
          status: 'succeeded',
          rows: num(merged.statistics?.query?.numDmlAffectedRows),
          bytes: num(merged.statistics?.query?.totalBytesBilled),
          startedAt: started,
        });
        await this.dropStaging(destination);
      }
      await this.warehouse.transaction(async (conn) => {
        if (exported.watermarkAfter) {
          await conn.run(
            `insert into bigquery_export_watermark (table_name, watermark, rows_total) values ($name, cast($mark as timestamp), $rows)
             on conflict (table_name) do update set watermark = excluded.watermark,
               rows_total = bigquery_export_watermark.rows_total + excluded.rows_total, updated_at = now()::timestamp`,
            { name: table.name, mark: exported.watermarkAfter, rows: exported.rows },
          );
        }
        if (exported.fingerprint) await this.setState(conn, `fingerprint:${table.name}`, exported.fingerprint);
      });
      return { table: table.name, status: 'succeeded', rows: exported.rows, loadJobId: loadId, mergeJobId: mergeId };
    } catch (err) {
      const error = toCrossdockError(err, `${step} of ${table.name}`);
      await this.record({ table: table.name, step, jobId: step === 'load' ? loadId : mergeId, status: 'failed', error: error.message, startedAt: started });
      log.warn({ table: table.name, step, code: error.code }, `BigQuery ${step} failed: ${error.message}`);
      return { table: table.name, status: 'failed', rows: exported.rows, loadJobId: loadId, mergeJobId: mergeId, error: error.message };
    }
  }

  private async isFirstExport(table: string): Promise<boolean> {
    const rows = await this.warehouse.all('select 1 from bigquery_export_watermark where table_name = $name', { name: table });
    return rows.length === 0;
  }

  /** Staging tables are per run; a leftover costs storage only, so a failed drop is a warning. */
  private async dropStaging(staging: string): Promise<void> {
    try {
      await this.bq.dataset(this.config.dataset).table(staging).delete({ ignoreNotFound: true });
    } catch (err) {
      log.warn({ staging }, `could not drop the BigQuery staging table: ${(err as Error).message}`);
    }
  }

  /** Rebuilds the SQL models (sql/staging, sql/intermediate) and the per-dataset marts in BigQuery. */
  private async buildModelsAndMarts(): Promise<void> {
    const runId = safeRunId(this.options.runId);
    const prefix = `${this.config.projectId}.${this.config.dataset}`;
    for (const statement of renderModelStatements('bigquery', { relationPrefix: prefix })) {
      const started = this.clock();
      const jobId = `crossdock_model_${statement.name}_${runId}`;
      try {
        const meta = await this.runQueryJob(jobId, withPartitionFilters(statement.sql, this.target, EXPORT_TABLES), `building model ${statement.name}`);
        await this.record({ table: `model:${statement.name}`, step: 'build', jobId, status: 'succeeded', bytes: num(meta.statistics?.query?.totalBytesBilled), startedAt: started });
      } catch (err) {
        const error = toCrossdockError(err, `building model ${statement.name}`);
        await this.record({ table: `model:${statement.name}`, step: 'build', jobId, status: 'failed', error: error.message, startedAt: started });
        throw error;
      }
    }
    // The marts answer the add-in's default refresh: as_of = the default day (int_data_dates).
    const [dates] = await this.bq.query({
      query: `select cast(default_as_of_date as string) as default_as_of_date from ${tableRef(this.target, 'int_data_dates')}`,
      location: this.config.location,
      labels: this.config.labels,
      maximumBytesBilled: String(this.config.maximumBytesBilled),
    });
    const asOf = (dates[0] as { default_as_of_date?: string | null } | undefined)?.default_as_of_date ?? null;
    for (const definition of allDatasets().filter((d) => servedFromBigQuery(d.name))) {
      const started = this.clock();
      const mart = martTableName(definition.name);
      const jobId = `crossdock_mart_${definition.name}_${runId}`;
      const params = martParams(definition, asOf);
      try {
        const sql = withPartitionFilters(renderDatasetSql(definition.name, 'bigquery', { relationPrefix: prefix }), this.target, EXPORT_TABLES);
        const meta = await this.runQueryJob(jobId, sql, `building ${mart}`, {
          params: bigQueryParamValues(definition, params),
          types: queryParamTypes(definition, params),
          destination: this.bq.dataset(this.config.dataset).table(mart),
          writeDisposition: 'WRITE_TRUNCATE',
        });
        await this.record({ table: `mart:${definition.name}`, step: 'build', jobId, status: 'succeeded', bytes: num(meta.statistics?.query?.totalBytesBilled), startedAt: started });
      } catch (err) {
        const error = toCrossdockError(err, `building ${mart}`);
        await this.record({ table: `mart:${definition.name}`, step: 'build', jobId, status: 'failed', error: error.message, startedAt: started });
        throw error;
      }
    }
    await this.warehouse.transaction((conn) => this.setState(conn, 'mart_as_of', asOf ?? ''));
  }

  /** The whole post-run step. Resolves with what happened; a failed table fails the sync. */
  async run(): Promise<SyncResult> {
    const runId = this.options.runId;
    const version = await dataVersion(this.warehouse); // read first: rows landing later wait for the next run
    const dir = join(this.options.workDir, `bigquery-${safeRunId(runId)}`);
    mkdirSync(dir, { recursive: true });
    const tables: TableSyncResult[] = [];
    try {
      for (const table of EXPORT_TABLES) tables.push(await this.syncTable(table, dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const failed = tables.filter((t) => t.status === 'failed');
    if (failed.length > 0) {
      return { runId, status: 'failed', tables, martsBuilt: false, error: failed.map((t) => `${t.table}: ${t.error}`).join('; ') };
    }
    const changed = tables.some((t) => t.status === 'succeeded');
    const caughtUp = (await this.state('exported_data_version')) === version && (await this.state('mart_as_of')) !== null;
    if (this.options.skipMarts || (!changed && caughtUp)) return { runId, status: 'succeeded', tables, martsBuilt: false };
    try {
      await this.buildModelsAndMarts();
    } catch (err) {
      const message = err instanceof CrossdockError ? err.message : String(err);
      return { runId, status: 'failed', tables, martsBuilt: false, error: message };
    }
    // BigQuery now holds newer answers than the API last tagged: move the data version so the
    // add-in's If-None-Match refetches, and remember it as the version BigQuery caught up with.
    await this.warehouse.transaction(async (conn) => {
      await bumpDataVersion(conn);
      const [row] = await conn.all<{ v: string }>("select setting_value as v from setting where setting_key = 'data_version'");
      await this.setState(conn, 'exported_data_version', row.v);
    });
    return { runId, status: 'succeeded', tables, martsBuilt: true };
  }
}

/** Copies the run's changes to BigQuery (see BigQuerySync). */
export function syncToBigQuery(warehouse: Warehouse, bq: BigQuery, config: BigQueryConfig, options: SyncOptions): Promise<SyncResult> {
  return new BigQuerySync(warehouse, bq, config, options).run();
}

export { EXPORT_TABLES };
