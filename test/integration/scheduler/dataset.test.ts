import { runDataset } from '../../../pipeline/analytics';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

describe('the pipeline_runs dataset', () => {
  let warehouse: DuckWarehouse;

  beforeAll(async () => {
    warehouse = await DuckWarehouse.open(':memory:');
    // Times relative to now: the dataset looks back `days` from the current time.
    await warehouse.run(`
      insert into pipeline_run (run_id, run_kind, stream, account, started_at, finished_at, run_status, rows_read, rows_loaded, rows_rejected, watermark_before, watermark_after, error_message) values
        ('r1', 'api', 'shopify/orders', 'acme', now()::timestamp - interval 3 hour, now()::timestamp - interval 2 hour, 'succeeded', 10, 10, 0, null, '2026-01-01T00:00:00.000Z', null),
        ('r2', 'api', 'shopify/orders', 'acme', now()::timestamp - interval 30 minute, now()::timestamp - interval 29 minute, 'failed', 0, 0, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'CD_CHANNEL_UNAVAILABLE: shopify orders: timed out'),
        ('r3', 'api', 'ebay/orders', 'de', now()::timestamp - interval 10 day, now()::timestamp - interval 10 day, 'succeeded', 5, 5, 0, null, null, null)`);
  });

  afterAll(() => warehouse.close());

  it('lists the last days of runs newest first with their duration and how stale each stream is', async () => {
    const result = await runDataset(warehouse, 'pipeline_runs', {});
    const at = (name: string) => result.columns.findIndex((c) => c.name === name);
    // r3 is 10 days old: outside the default 7 days.
    expect(result.rows.map((r) => r[at('run_id')])).toEqual(['r2', 'r1']);
    const r1 = result.rows[1];
    expect(r1[at('duration_s')]).toBeCloseTo(3600, 0);
    // shopify/acme last succeeded 2 hours ago; both of its rows say so.
    expect(result.rows[0][at('hours_since_last_success')]).toBeCloseTo(2, 1);
    expect(result.rows[0][at('error_message')]).toMatch(/timed out/);
  });

  it('filters by status and stream and reaches further back with days', async () => {
    expect((await runDataset(warehouse, 'pipeline_runs', { status: 'failed' })).rows).toHaveLength(1);
    expect((await runDataset(warehouse, 'pipeline_runs', { days: '30', stream: 'ebay/orders' })).rows).toHaveLength(1);
  });
});
