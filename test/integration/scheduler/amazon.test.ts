import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../pipeline/channels/http';
import { createAmazonSandbox, type AmazonSandbox } from '../../../pipeline/channels/amazon/sandbox';
import { ALL_ORDERS_HEADER, allOrdersLine, amazonReports, type AllOrdersLine } from '../../../pipeline/channels/amazon/sandbox/routes/reports';
import { parseConfig, type LoadedConfig } from '../../../pipeline/config/load';
import { ingestPaths } from '../../../pipeline/ingest';
import { runPass, type RunnerDeps } from '../../../pipeline/scheduler/runner';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const DAY = 86_400_000;
const ORDERS_REPORT = 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL';

describe('Amazon orders through the Reports API', () => {
  let nowMs: number;
  let sandbox: AmazonSandbox;
  let warehouse: DuckWarehouse;
  let loaded: LoadedConfig;
  let workDir: string;
  let lines: AllOrdersLine[];
  const iso = (ms: number) => new Date(ms).toISOString();
  const wallClock = { now: () => nowMs, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

  const deps = (): RunnerDeps => ({
    warehouse,
    loaded,
    clock: new ManualClock(nowMs),
    now: () => new Date(nowMs),
    env: { T_AMZ_ID: 'amzn1.application-oa2-client.x', T_AMZ_SECRET: 'secret-value-123', T_AMZ_REFRESH: 'Atzr|refresh-token' },
    rateLimits: false,
    workDir,
    ingest: ingestPaths,
  });
  const count = async (sql: string) => Number((await warehouse.all<{ n: number }>(sql))[0].n);

  beforeEach(async () => {
    nowMs = Date.parse('2026-03-10T12:00:00Z');
    sandbox = createAmazonSandbox([], { clock: wallClock, rateLimits: false });
    await sandbox.start();
    workDir = mkdtempSync(join(tmpdir(), 'cd-amz-'));
    lines = [
      { orderId: '111-0000001-0000001', purchaseDate: iso(nowMs - 9 * DAY), lastUpdated: iso(nowMs - 8 * DAY), status: 'Shipped', fba: true, salesChannel: 'Amazon.com', sku: 'MUG-RED', quantity: 2, currency: 'USD', itemPrice: '25.98' },
      { orderId: '111-0000001-0000001', purchaseDate: iso(nowMs - 9 * DAY), lastUpdated: iso(nowMs - 8 * DAY), status: 'Shipped', fba: true, salesChannel: 'Amazon.com', sku: 'CAP', quantity: 1, currency: 'USD', itemPrice: '9.99' },
      { orderId: '111-0000002-0000002', purchaseDate: iso(nowMs - 2 * DAY), lastUpdated: iso(nowMs - 1 * DAY), status: 'Unshipped', fba: false, salesChannel: 'Amazon.com', sku: 'TEE-M', quantity: 1, currency: 'USD', itemPrice: '19.00' },
    ];
    amazonReports(sandbox.store).source(ORDERS_REPORT, (request) => {
      const from = Date.parse(request.dataStartTime!);
      const to = Date.parse(request.dataEndTime!);
      const rows = lines.filter((l) => Date.parse(l.lastUpdated) >= from && Date.parse(l.lastUpdated) < to).map(allOrdersLine);
      return [ALL_ORDERS_HEADER.join('\t'), ...rows].join('\n') + '\n';
    });
    loaded = {
      path: join(workDir, 'c.json'),
      dir: workDir,
      config: parseConfig({
        channels: [{
          channel: 'amazon', account: 'na', baseUrl: sandbox.url, lwaUrl: `${sandbox.url}/_lwa/o2/token`,
          marketplaces: [{ id: 'ATVPDKIKX0DER', code: 'US' }], clientIdEnv: 'T_AMZ_ID', clientSecretEnv: 'T_AMZ_SECRET', refreshTokenEnv: 'T_AMZ_REFRESH',
          reportPollSeconds: 0, streams: { orders: { startDate: '2026-02-20' } },
        }],
      }),
    };
    warehouse = await DuckWarehouse.open(':memory:');
  });

  afterEach(async () => {
    warehouse.close();
    await sandbox.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('requests the All Orders report per 30-day window, gunzips it and loads it with the file parser', async () => {
    const result = await runPass(deps(), { trigger: 'cli', only: ['amazon/orders'] });
    expect(result.streams.map((s) => [s.key, s.status, s.error])).toEqual([['amazon/na/orders', 'succeeded', undefined]]);
    expect(amazonReports(sandbox.store).requests.map((r) => [r.dataStartTime, r.dataEndTime])).toEqual([
      ['2026-02-20T00:00:00.000Z', '2026-03-10T11:58:00.000Z'], // ends 2 minutes before now (SP-API rule)
    ]);
    const rows = await warehouse.all(`select order_id, sku, quantity_units, fulfilment, order_status from order_line order by order_id, sku`);
    expect(rows).toEqual([
      { order_id: '111-0000001-0000001', sku: 'CAP', quantity_units: 1, fulfilment: 'fba', order_status: 'shipped' },
      { order_id: '111-0000001-0000001', sku: 'MUG-RED', quantity_units: 2, fulfilment: 'fba', order_status: 'shipped' },
      { order_id: '111-0000002-0000002', sku: 'TEE-M', quantity_units: 1, fulfilment: 'merchant', order_status: 'unshipped' },
    ]);
    expect(result.streams[0].rowsLoaded).toBe(3);
  });

  it('re-reads the overlap and updates a late-shipped order in place', async () => {
    await runPass(deps(), { trigger: 'cli', only: ['amazon/orders'] });
    nowMs += 6 * 3_600_000;
    lines[2] = { ...lines[2], status: 'Shipped', lastUpdated: iso(nowMs - 3_600_000) };
    const second = await runPass(deps(), { trigger: 'cli', only: ['amazon/orders'] });
    expect(second.streams[0].status).toBe('succeeded');
    // The second report starts 72 hours (the overlap) before the first run's watermark.
    expect(amazonReports(sandbox.store).requests[1].dataStartTime).toBe('2026-03-07T11:58:00.000Z');
    expect(await count(`select count(*) as n from order_line`)).toBe(3);
    expect(await warehouse.all(`select order_status from order_line where sku = 'TEE-M'`)).toEqual([{ order_status: 'shipped' }]);
  });

  it('fails the stream and keeps the watermark when the report ends FATAL', async () => {
    amazonReports(sandbox.store).forcedOutcomes.push('FATAL');
    const result = await runPass(deps(), { trigger: 'cli', only: ['amazon/orders'] });
    expect(result.streams[0].status).toBe('failed');
    expect(result.streams[0].error).toMatch(/CD_REPORT_FATAL: .*ended FATAL/);
    expect(result.streams[0].transient).toBe(false);
    expect(await count(`select count(*) as n from stream_watermark`)).toBe(0);
    expect(await count(`select count(*) as n from order_line`)).toBe(0);
  });

  it('treats a CANCELLED report (no data in the range) as a success with nothing to load', async () => {
    lines = [];
    const result = await runPass(deps(), { trigger: 'cli', only: ['amazon/orders'] });
    expect(result.streams[0]).toMatchObject({ status: 'succeeded', rowsLoaded: 0, watermarkAfter: '2026-03-10T11:58:00.000Z' });
  });

  it('ends FATAL when polled faster than Amazon tolerates, as real reports do', async () => {
    const reports = amazonReports(sandbox.store);
    reports.queueMs = 10_000;
    reports.fatalIfPolledWithinMs = 5_000;
    // The connector's poll wait starts at reportPollSeconds: 0 here, far too fast.
    const result = await runPass(deps(), { trigger: 'cli', only: ['amazon/orders'] });
    expect(result.streams[0].error).toMatch(/FATAL/);
  });
});
