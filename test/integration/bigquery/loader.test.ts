jest.mock('teeny-request', () => require('../../support/bigqueryStub').nativeTeenyRequest());
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import { bigQueryConfig, createBigQuery, syncToBigQuery } from '../../../pipeline/warehouse/bigquery';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { fakeAuthClient, startBigQueryStub, type BigQueryStub, type JobInfo, type JobOutcome } from '../../support/bigqueryStub';

const noWait = { pollMs: 1, sleep: async () => undefined };

let stub: BigQueryStub;
let warehouse: DuckWarehouse;
let workDir: string;

function config() {
  return bigQueryConfig.parse({
    projectId: 'acme-analytics',
    dataset: 'crossdock',
    location: 'EU',
    apiEndpoint: stub.url,
    maximumBytesBilled: 5_000_000_000,
    labels: { app: 'crossdock', env: 'test' },
  });
}

function sync(runId: string, outcome?: (job: JobInfo) => JobOutcome | undefined) {
  stub.onJob = (job) => {
    const given = outcome?.(job);
    if (given) return given;
    if (job.query?.includes('int_data_dates')) return { rows: [{ default_as_of_date: '2025-06-30' }], schema: [{ name: 'default_as_of_date', type: 'STRING' }] };
    return undefined;
  };
  const bq = createBigQuery(config(), { authClient: fakeAuthClient() });
  return syncToBigQuery(warehouse, bq, config(), { runId, workDir, wait: noWait });
}

const loads = () => stub.submitted.filter((j) => j.kind === 'load');
const merges = () => stub.submitted.filter((j) => j.query?.startsWith('merge '));

async function parquetRows(media: Buffer): Promise<Record<string, unknown>[]> {
  const file = join(workDir, `check-${Math.random().toString(36).slice(2)}.parquet`);
  writeFileSync(file, media);
  return warehouse.all(`select * from read_parquet('${file}')`);
}

beforeEach(async () => {
  stub = await startBigQueryStub('acme-analytics', 'EU');
  workDir = mkdtempSync(join(tmpdir(), 'cd-bq-'));
  warehouse = await DuckWarehouse.open(':memory:');
  await warehouse.transaction((conn) => writeBenchData(conn, { orderLines: 300, skus: 6, days: 20, endDate: '2025-06-30' }));
});

afterEach(async () => {
  warehouse.close();
  await stub.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('BigQuery loader', () => {
  it('loads each changed table once into a per-run staging table under a deterministic job id, as zstd Parquet with an explicit schema', async () => {
    const result = await sync('run-1');
    expect(result.status).toBe('succeeded');
    const orderLoad = loads().find((j) => j.jobId === 'crossdock_load_order_line_run-1');
    expect(orderLoad).toBeDefined();
    const load = orderLoad!.configuration.load;
    expect(load).toMatchObject({
      sourceFormat: 'PARQUET',
      writeDisposition: 'WRITE_TRUNCATE',
      createDisposition: 'CREATE_IF_NEEDED',
      destinationTable: { projectId: 'acme-analytics', datasetId: 'crossdock', tableId: '_stg_order_line_run_1' },
    });
    expect(load.schema.fields).toContainEqual({ name: 'ordered_at', type: 'TIMESTAMP', mode: 'REQUIRED' });
    expect(load.schema.fields).toContainEqual({ name: 'item_price_amount', type: 'NUMERIC', mode: 'NULLABLE' });
    expect(load.schema.fields).toContainEqual({ name: 'quantity_units', type: 'INT64', mode: 'REQUIRED' });
    // the uploaded file is a Parquet file of every order line, timestamps marked UTC
    const rows = await parquetRows(orderLoad!.media!);
    expect(rows).toHaveLength(300);
    const [described] = await warehouse.all<{ column_type: string }>(
      `select column_type from (describe select * from read_parquet('${join(workDir, '*.parquet')}')) where column_name = 'ordered_at'`,
    );
    expect(described.column_type).toBe('TIMESTAMP WITH TIME ZONE');
    // one load per table with rows; the empty ledger is skipped
    const loaded = loads().map((j) => j.jobId).sort();
    expect(loaded).toEqual(
      ['forecast_accuracy', 'forecast_daily', 'fx_rate', 'inventory_snapshot', 'listing', 'location', 'order_line', 'peak_event', 'return_line', 'setting', 'sku'].map((t) => `crossdock_load_${t}_run-1`),
    );
    expect(result.tables.find((t) => t.table === 'stock_change')?.status).toBe('skipped');
  });

  it('merges once per table on the natural key, latest loaded_at wins, pruned to the staged partitions', async () => {
    await sync('run-1');
    const [range] = await warehouse.all<{ a: string; b: string }>('select min(ordered_at)::date::varchar as a, max(ordered_at)::date::varchar as b from order_line');
    const merge = merges().find((j) => j.jobId === 'crossdock_merge_order_line_run-1')!;
    expect(merge.query).toContain('merge `acme-analytics.crossdock.order_line` as t');
    expect(merge.query).toContain('from `acme-analytics.crossdock._stg_order_line_run_1`');
    expect(merge.query).toContain('qualify row_number() over (partition by channel, order_id, line_id order by loaded_at desc) = 1');
    expect(merge.query).toContain(`on t.channel = s.channel\n  and t.order_id = s.order_id\n  and t.line_id = s.line_id\n  and date(t.ordered_at) between date '${range.a}' and date '${range.b}'`);
    expect(merge.query).toContain('when matched and s.loaded_at >= t.loaded_at then update set');
    expect(merge.query).not.toMatch(/channel = s\.channel,/); // keys are never updated
    expect(merge.configuration.labels).toEqual({ app: 'crossdock', env: 'test' });
    expect(merge.configuration.query.maximumBytesBilled).toBe('5000000000');
    // exactly one MERGE per merge-mode table with rows (setting and peak_event are replaced by the load)
    expect(merges().map((j) => j.jobId).sort()).toEqual(
      ['fx_rate', 'inventory_snapshot', 'listing', 'location', 'order_line', 'return_line', 'sku'].map((t) => `crossdock_merge_${t}_run-1`),
    );
    // first export creates the partitioned, clustered table
    const ddl = stub.submitted.find((j) => j.jobId === 'crossdock_ddl_order_line_run-1')!;
    expect(ddl.query).toContain('partition by date(ordered_at)\ncluster by channel, marketplace, sku\noptions (require_partition_filter = true)');
    // staging is dropped after the MERGE
    expect(stub.requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/tables/_stg_order_line_run_1'))).toBe(true);
  });

  it('records every job in the run log and moves each watermark to the newest exported change', async () => {
    await sync('run-1');
    const [expected] = await warehouse.all<{ m: string }>('select max(loaded_at) as m from order_line');
    const [mark] = await warehouse.all<{ watermark: string; rows_total: number }>("select watermark, rows_total from bigquery_export_watermark where table_name = 'order_line'");
    expect(mark).toEqual({ watermark: expected.m, rows_total: 300 });
    const log = await warehouse.all<{ step: string; job_id: string | null; step_status: string; rows_count: number }>(
      "select step, job_id, step_status, rows_count from bigquery_sync_log where run_id = 'run-1' and table_name = 'order_line' order by started_at, step",
    );
    expect(log.map((r) => [r.step, r.job_id, r.step_status])).toEqual([
      ['export', null, 'succeeded'],
      ['load', 'crossdock_load_order_line_run-1', 'succeeded'],
      ['merge', 'crossdock_merge_order_line_run-1', 'succeeded'],
    ]);
    expect(log[0].rows_count).toBe(300);
    const marts = await warehouse.all("select table_name from bigquery_sync_log where run_id = 'run-1' and table_name like 'mart:%' and step_status = 'succeeded'");
    expect(marts.length).toBe(13); // every dataset but stock and pipeline_runs (served from DuckDB)
    const turnoverMart = stub.submitted.find((j) => j.jobId === 'crossdock_mart_turnover_run-1')!;
    expect(turnoverMart.params.as_of).toEqual({ type: 'DATE', value: '2025-06-30' }); // the default as_of in BigQuery (int_data_dates)
    expect(turnoverMart.configuration.query.destinationTable).toMatchObject({ datasetId: 'crossdock', tableId: 'mart_turnover' });
    expect(turnoverMart.configuration.query.writeDisposition).toBe('WRITE_TRUNCATE');
    const stagingModel = stub.submitted.find((j) => j.jobId === 'crossdock_model_stg_core__order_lines_run-1')!;
    expect(stagingModel.query).toContain("(select * from `acme-analytics.crossdock.order_line` where date(ordered_at) >= date '1970-01-01')");
  });

  it('exports only rows changed since the last successful MERGE, and submits nothing when nothing changed', async () => {
    await sync('run-1');
    const before = stub.submitted.length;
    const idle = await sync('run-2');
    expect(idle.tables.every((t) => t.status === 'skipped')).toBe(true);
    expect(stub.submitted.length).toBe(before);

    await warehouse.run(
      "update order_line set quantity_units = quantity_units + 1, loaded_at = loaded_at + interval 1 hour where order_id in (select order_id from order_line order by order_id limit 2)",
    );
    const [changed] = await warehouse.all<{ n: number }>("select count(*) as n from order_line where loaded_at > (select watermark from bigquery_export_watermark where table_name = 'order_line')");
    await sync('run-3');
    const load = loads().find((j) => j.jobId === 'crossdock_load_order_line_run-3')!;
    expect((await parquetRows(load.media!)).length).toBe(changed.n);
    expect(loads().filter((j) => j.jobId.endsWith('run-3')).map((j) => j.jobId)).toEqual(['crossdock_load_order_line_run-3']);
  });

  it('treats a resubmitted job (409 already exists) as the same job: a crash before the watermark moved never loads twice', async () => {
    await sync('run-1');
    const jobsAfterFirst = stub.jobs.size;
    // the process died after BigQuery finished but before DuckDB recorded it
    await warehouse.run('delete from bigquery_export_watermark');
    await warehouse.run("delete from bigquery_state where state_key like 'fingerprint:%'");
    const result = await sync('run-1');
    expect(result.status).toBe('succeeded');
    expect(stub.jobs.size).toBe(jobsAfterFirst + 1); // only the fast-path as_of lookup is new
    const posts = stub.requests.filter((r) => r.method === 'POST' && r.path.includes('/upload/') && (r.body as { jobReference: { jobId: string } }).jobReference.jobId === 'crossdock_load_order_line_run-1');
    expect(posts).toHaveLength(2); // submitted twice …
    expect(stub.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/jobs/crossdock_merge_order_line_run-1')).length).toBeGreaterThan(0); // … attached
    expect((await warehouse.all('select * from bigquery_export_watermark')).length).toBe(7);
  });

  it('retries a job that failed before under a new id (the failed job changed nothing)', async () => {
    await sync('run-1', (job) => (job.jobId === 'crossdock_merge_return_line_run-1' ? { jobError: { reason: 'invalidQuery', message: 'boom' } } : undefined));
    const result = await sync('run-1');
    expect(result.tables.find((t) => t.table === 'return_line')?.status).toBe('succeeded');
    expect(stub.jobs.get('crossdock_merge_return_line_run-1_retry1')?.resource.status).toEqual({ state: 'DONE' });
  });

  it('leaves the watermark where it was when a MERGE fails, and the next run exports the same rows again', async () => {
    const failed = await sync('run-1', (job) => (job.jobId === 'crossdock_merge_order_line_run-1' ? { jobError: { reason: 'invalidQuery', message: 'Syntax error at [3:1]' } } : undefined));
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('Syntax error at [3:1]');
    expect(failed.martsBuilt).toBe(false);
    expect(await warehouse.all("select * from bigquery_export_watermark where table_name = 'order_line'")).toEqual([]);
    const [logged] = await warehouse.all<{ step_status: string; error_message: string }>(
      "select step_status, error_message from bigquery_sync_log where run_id = 'run-1' and table_name = 'order_line' and step = 'merge'",
    );
    expect(logged.step_status).toBe('failed');
    expect(logged.error_message).toContain('Syntax error');
    // the other tables moved on
    expect((await warehouse.all("select * from bigquery_export_watermark where table_name = 'sku'")).length).toBe(1);

    const retried = await sync('run-2');
    expect(retried.status).toBe('succeeded');
    const load = loads().find((j) => j.jobId === 'crossdock_load_order_line_run-2')!;
    expect((await parquetRows(load.media!)).length).toBe(300);
    expect(loads().filter((j) => j.jobId.endsWith('run-2')).map((j) => j.jobId)).toEqual(['crossdock_load_order_line_run-2']);
  });

  it('reports a quota error as retry-later and keeps the table for the next run', async () => {
    const result = await sync('run-1', (job) =>
      job.jobId === 'crossdock_load_inventory_snapshot_run-1' ? { httpError: { code: 403, reason: 'quotaExceeded', message: 'Quota exceeded: too many table update operations' } } : undefined,
    );
    expect(result.status).toBe('failed');
    const table = result.tables.find((t) => t.table === 'inventory_snapshot')!;
    expect(table.status).toBe('failed');
    expect(table.error).toMatch(/quotaExceeded; the next run retries/);
    expect(await warehouse.all("select * from bigquery_export_watermark where table_name = 'inventory_snapshot'")).toEqual([]);
  });

  it('fails a step whose job outlives the timeout, without moving the watermark', async () => {
    stub.onJob = () => undefined;
    const cfg = { ...config(), jobTimeoutSeconds: 0.05 };
    stub.onJob = (job) => (job.jobId === 'crossdock_load_sku_run-1' ? { pendingPolls: 1_000_000 } : job.query?.includes('int_data_dates') ? { rows: [{ default_as_of_date: '2025-06-30' }] } : undefined);
    const bq = createBigQuery(cfg, { authClient: fakeAuthClient() });
    let clock = 0;
    const result = await syncToBigQuery(warehouse, bq, cfg, {
      runId: 'run-1',
      workDir,
      wait: { pollMs: 1, sleep: async () => void (clock += 10), now: () => clock },
    });
    const sku = result.tables.find((t) => t.table === 'sku')!;
    expect(sku.status).toBe('failed');
    expect(sku.error).toMatch(/did not finish within 0 s/);
    expect(await warehouse.all("select * from bigquery_export_watermark where table_name = 'sku'")).toEqual([]);
  });
});
