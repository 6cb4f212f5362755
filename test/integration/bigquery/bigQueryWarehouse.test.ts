jest.mock('teeny-request', () => require('../../support/bigqueryStub').nativeTeenyRequest());
import { BigQueryWarehouse, bigQueryConfig, createBigQuery, QueryTooExpensiveError } from '../../../pipeline/warehouse/bigquery';
import type { WarehouseReader } from '../../../pipeline/warehouse/types';
import { fakeAuthClient, startBigQueryStub, type BigQueryStub, type StubField } from '../../support/bigqueryStub';

const schema: StubField[] = [
  { name: 'sku', type: 'STRING' },
  { name: 'units', type: 'INTEGER' },
  { name: 'revenue', type: 'NUMERIC' },
  { name: 'day', type: 'DATE' },
  { name: 'at', type: 'TIMESTAMP' },
  { name: 'is_fba', type: 'BOOLEAN' },
];
const row = { sku: 'A', units: 3, revenue: '12.5', day: '2025-06-30', at: '2025-06-30T08:00:00.000Z', is_fba: true };

let stub: BigQueryStub;
let bq: BigQueryWarehouse;

beforeEach(async () => {
  stub = await startBigQueryStub('acme-analytics', 'EU');
  const config = bigQueryConfig.parse({ projectId: 'acme-analytics', dataset: 'crossdock', location: 'EU', apiEndpoint: stub.url, maximumBytesBilled: 1_000_000 });
  bq = new BigQueryWarehouse(createBigQuery(config, { authClient: fakeAuthClient() }), config);
  stub.onJob = (job) => (job.dryRun ? { bytesProcessed: 10 } : { rows: [row, { ...row, sku: 'B', revenue: null }], schema, bytesProcessed: 10 });
});

afterEach(async () => {
  bq.close();
  await stub.close();
});

describe('BigQuery as a WarehouseReader', () => {
  it('answers all() with the plain values DuckDB gives, after a dry run, byte-capped', async () => {
    const reader: WarehouseReader = bq;
    const rows = await reader.all('select * from `acme-analytics.crossdock.mart_x` where sku = @sku', { sku: 'A' });
    expect(rows[0]).toEqual({ sku: 'A', units: 3, revenue: 12.5, day: '2025-06-30', at: '2025-06-30T08:00:00.000Z', is_fba: true });
    expect(rows[1].revenue).toBeNull();
    const [dry, run] = stub.submitted;
    expect(dry.dryRun).toBe(true);
    expect(run.params.sku).toEqual({ type: 'STRING', value: 'A' });
    expect(run.configuration.query.maximumBytesBilled).toBe('1000000');
    expect(run.configuration.labels).toEqual({ app: 'crossdock' });
  });

  it('streams positional rows in the order of the given columns, converted by their declared types', async () => {
    const chunks: unknown[][][] = [];
    const columns = [
      { name: 'revenue', type: 'number' as const },
      { name: 'sku', type: 'string' as const },
      { name: 'day', type: 'date' as const },
    ];
    for await (const chunk of bq.streamRows('select 1', undefined, columns, { dataset: 'turnover' })) chunks.push(chunk);
    expect(chunks.flat()).toEqual([
      [12.5, 'A', '2025-06-30'],
      [null, 'B', '2025-06-30'],
    ]);
    expect(stub.submitted.find((job) => !job.dryRun)?.configuration.labels).toEqual({ app: 'crossdock', dataset: 'turnover' });
  });

  it('refuses a query whose dry run estimates more than the cap, without running it', async () => {
    stub.onJob = () => ({ bytesProcessed: 2_000_000 });
    await expect(bq.all('select 1')).rejects.toThrow(QueryTooExpensiveError);
    expect(stub.submitted.filter((job) => !job.dryRun)).toHaveLength(0);
  });
});
