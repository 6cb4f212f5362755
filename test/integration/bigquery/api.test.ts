jest.mock('teeny-request', () => require('../../support/bigqueryStub').nativeTeenyRequest());
import { getDataset } from '../../../pipeline/analytics';
import { BigQueryDatasets, bigQueryConfig, createBigQuery } from '../../../pipeline/warehouse/bigquery';
import { buildTestServer, bearer, type TestServer } from '../server/fakes';
import { request } from '../server/http';
import { fakeAuthClient, startBigQueryStub, type BigQueryStub, type StubField } from '../../support/bigqueryStub';

const turnover = getDataset('turnover');
const TYPE: Record<string, StubField['type']> = { string: 'STRING', integer: 'INTEGER', number: 'FLOAT', date: 'DATE', timestamp: 'TIMESTAMP', boolean: 'BOOLEAN' };
const schema: StubField[] = turnover.columns.map((c) => ({ name: c.name, type: TYPE[c.type] }));
const martRow = Object.fromEntries(turnover.columns.map((c) => [c.name, c.type === 'string' ? 'x' : c.type === 'integer' ? 7 : 1.5]));

let stub: BigQueryStub;
let server: TestServer;

beforeEach(async () => {
  stub = await startBigQueryStub('acme-analytics', 'EU');
  const config = bigQueryConfig.parse({
    projectId: 'acme-analytics',
    dataset: 'crossdock',
    location: 'EU',
    apiEndpoint: stub.url,
    maximumBytesBilled: 1_000_000_000,
    labels: { app: 'crossdock' },
    jobTimeoutSeconds: 30,
  });
  server = await buildTestServer({ datasets: new BigQueryDatasets(createBigQuery(config, { authClient: fakeAuthClient() }), config) });
  await server.warehouse.run(
    "insert into bigquery_state (state_key, state_value) values ('exported_data_version', '4'), ('mart_as_of', '2025-06-30')",
  );
  stub.onJob = (job) => (job.dryRun ? { bytesProcessed: 2_000_000 } : { rows: [martRow], schema, bytesProcessed: 2_000_000 });
});

afterEach(async () => {
  await server.app.close();
  server.warehouse.close();
  await stub.close();
});

const get = (url: string) => request(server.app, { method: 'GET', url, headers: bearer(server.analystToken) });

describe('datasets served from BigQuery', () => {
  it('answers the default refresh from the small mart table, dry-run first, labelled and byte-capped', async () => {
    const res = await get('/api/v1/datasets/turnover');
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.columns.map((c: { name: string }) => c.name)).toEqual(turnover.columns.map((c) => c.name));
    expect(body.rows).toEqual([turnover.columns.map((c) => martRow[c.name])]);
    expect(body.params.as_of).toBe('2025-06-30');
    const [dry, run] = stub.submitted;
    expect(dry.dryRun).toBe(true);
    expect(dry.query).toBe('select * from `acme-analytics.crossdock.mart_turnover`');
    expect(run.dryRun).toBe(false);
    expect(run.query).toBe(dry.query);
    expect(run.configuration.query.maximumBytesBilled).toBe('1000000000');
    expect(run.configuration.labels).toEqual({ app: 'crossdock', dataset: 'turnover' });
  });

  it('runs other parameters on the full SQL with typed query parameters', async () => {
    const res = await get('/api/v1/datasets/turnover?as_of=2025-05-31&window_days=30&category=toys&group_by=pool');
    expect(res.statusCode).toBe(200);
    const run = stub.submitted.find((j) => !j.dryRun)!;
    expect(run.query).toContain('`acme-analytics.crossdock.int_daily_position`');
    expect(run.query).not.toMatch(/\$[a-z]/); // no DuckDB placeholders left
    expect(run.params).toMatchObject({
      as_of: { type: 'DATE', value: '2025-05-31' },
      window_days: { type: 'INT64', value: 30 },
      category: { type: 'STRING', value: 'toys' },
      group_by: { type: 'STRING', value: 'pool' },
    });
    expect(run.params.pool).toEqual({ type: 'STRING', value: null }); // a null still carries its type
  });

  it('refuses with 413 and a clear message when the dry run estimates more than the cap, without running it', async () => {
    stub.onJob = (job) => (job.dryRun ? { bytesProcessed: 3 * 1024 ** 4 } : { rows: [martRow], schema });
    const res = await get('/api/v1/datasets/turnover?window_days=365');
    expect(res.statusCode).toBe(413);
    const body = JSON.parse(res.body);
    expect(body.code).toBe('CD_BQ_QUERY_TOO_EXPENSIVE');
    expect(body.message).toContain('would scan 3.0 TB in BigQuery, above the cap of 954 MB');
    expect(stub.submitted.filter((j) => !j.dryRun)).toHaveLength(0);
  });

  it('answers 503 retry-later on a BigQuery quota error and 502 on a failed job', async () => {
    stub.onJob = (job) => (job.dryRun ? { bytesProcessed: 1 } : { jobError: { reason: 'quotaExceeded', message: 'Exceeded rate limits' } });
    const quota = await get('/api/v1/datasets/turnover');
    expect(quota.statusCode).toBe(503);
    expect(JSON.parse(quota.body).code).toBe('CD_BQ_QUOTA');
    stub.onJob = (job) => (job.dryRun ? { bytesProcessed: 1 } : { jobError: { reason: 'invalidQuery', message: 'Unrecognized name: foo' } });
    const failed = await get('/api/v1/datasets/turnover?window_days=7');
    expect(failed.statusCode).toBe(502);
    expect(JSON.parse(failed.body).message).toContain('Unrecognized name: foo');
  });

  it('caches answers by the data version BigQuery caught up with', async () => {
    await get('/api/v1/datasets/turnover');
    const after = stub.submitted.length;
    await get('/api/v1/datasets/turnover');
    expect(stub.submitted.length).toBe(after);
    await server.warehouse.run("update bigquery_state set state_value = '5' where state_key = 'exported_data_version'");
    await get('/api/v1/datasets/turnover');
    expect(stub.submitted.length).toBe(after + 2);
  });

  it('serves the operational datasets (stock, pipeline_runs) from the local DuckDB, never BigQuery', async () => {
    const res = await get('/api/v1/datasets/pipeline_runs');
    expect(res.statusCode).toBe(200);
    expect(stub.requests).toHaveLength(0);
  });
});
