import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../pipeline/channels/http';
import { createAmazonSandbox, type AmazonSandbox } from '../../../pipeline/channels/amazon/sandbox';
import { ALL_ORDERS_HEADER, allOrdersLine, amazonReports, merchantOrderLine, type AllOrdersLine } from '../../../pipeline/channels/amazon/sandbox/routes/reports';
import { MERCHANT_ORDER_REPORT_COLUMNS } from '../../../pipeline/channels/amazon/files/merchantOrders';
import { LEDGER_DETAIL_COLUMNS } from '../../../pipeline/channels/amazon/files/inventoryLedger';
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
          reportPollSeconds: 0, streams: { orders: { startDate: '2026-02-20' }, merchant_orders: { startDate: '2026-02-20' } },
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

  it('pulls the merchant order report by order date and keeps its ship-by date under the All Orders status', async () => {
    amazonReports(sandbox.store).source('GET_FLAT_FILE_ORDERS_DATA_BY_ORDER_DATE_GENERAL', (request) => {
      const from = Date.parse(request.dataStartTime!);
      const to = Date.parse(request.dataEndTime!);
      const mfn = [{ orderId: '111-0000002-0000002', orderItemId: '22222222222222', purchaseDate: lines[2].purchaseDate, latestShipDate: iso(nowMs + DAY), salesChannel: 'Amazon.com', sku: 'TEE-M', quantity: 1, currency: 'USD', itemPrice: '19.00' }];
      const rows = mfn.filter((l) => Date.parse(l.purchaseDate) >= from && Date.parse(l.purchaseDate) < to).map(merchantOrderLine);
      return [MERCHANT_ORDER_REPORT_COLUMNS.join('\t'), ...rows].join('\n') + '\n';
    });
    const result = await runPass(deps(), { trigger: 'cli', only: ['amazon/orders', 'amazon/merchant_orders'] });
    expect(result.streams.map((s) => [s.key, s.status, s.rowsLoaded]).sort()).toEqual([
      ['amazon/na/merchant_orders', 'succeeded', 1],
      ['amazon/na/orders', 'succeeded', 3],
    ]);
    expect(amazonReports(sandbox.store).requests.map((r) => [r.reportType, r.dataStartTime]).sort()).toEqual([
      ['GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', '2026-02-20T00:00:00.000Z'],
      ['GET_FLAT_FILE_ORDERS_DATA_BY_ORDER_DATE_GENERAL', '2026-02-20T00:00:00.000Z'],
    ]);
    // one line, whichever report said it; the status is the All Orders report's (updated later)
    expect(await warehouse.all(`select order_id, sku, order_status, ship_by_at from order_line where sku = 'TEE-M'`)).toEqual([
      { order_id: '111-0000002-0000002', sku: 'TEE-M', order_status: 'unshipped', ship_by_at: '2026-03-11T12:00:00.000Z' },
    ]);
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

describe('Amazon FBA inventory and returns through the Reports API', () => {
  const nowMs = Date.parse('2026-03-10T12:00:00Z');
  const wallClock = { now: () => nowMs, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
  let sandbox: AmazonSandbox;
  let warehouse: DuckWarehouse;
  let workDir: string;
  let loaded: LoadedConfig;
  const MYI_HEADER = 'sku\tfnsku\tasin\tproduct-name\tcondition\tyour-price\tmfn-listing-exists\tmfn-fulfillable-quantity\tafn-listing-exists\tafn-warehouse-quantity\tafn-fulfillable-quantity\tafn-unsellable-quantity\tafn-reserved-quantity\tafn-total-quantity\tper-unit-volume\tafn-inbound-working-quantity\tafn-inbound-shipped-quantity\tafn-inbound-receiving-quantity\tafn-researching-quantity\tafn-reserved-future-supply\tafn-future-supply-buyable';
  const RETURNS_HEADER = 'return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\tdetailed-disposition\treason\tstatus\tlicense-plate-number\tcustomer-comments';

  beforeEach(async () => {
    sandbox = createAmazonSandbox([], { clock: wallClock, rateLimits: false });
    await sandbox.start();
    workDir = mkdtempSync(join(tmpdir(), 'cd-amz2-'));
    amazonReports(sandbox.store)
      .source('GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA', () =>
        [MYI_HEADER, 'MUG-RED\tX001\tB01\tMug\tNew\t12.99\tNo\t\tYes\t30\t25\t2\t3\t30\t0.1\t0\t10\t0\t0\t0\t0'].join('\n') + '\n')
      .source('GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', () =>
        [RETURNS_HEADER, '2026-03-05T10:00:00+00:00\t111-0000001-0000001\tMUG-RED\tB01\tX001\tMug\t1\tPHX3\tCUSTOMER_DAMAGED\tDEFECTIVE\tUnit returned to inventory\tLPNX1\tbroken handle'].join('\n') + '\n');
    loaded = {
      path: join(workDir, 'c.json'),
      dir: workDir,
      config: parseConfig({
        timezone: 'America/Los_Angeles',
        channels: [{
          channel: 'amazon', account: 'na', baseUrl: sandbox.url, lwaUrl: `${sandbox.url}/_lwa/o2/token`, marketplaces: [{ id: 'ATVPDKIKX0DER', code: 'US' }],
          clientIdEnv: 'T_AMZ_ID', clientSecretEnv: 'T_AMZ_SECRET', refreshTokenEnv: 'T_AMZ_REFRESH', reportPollSeconds: 0, streams: { returns: { startDate: '2026-03-01' } },
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

  const deps = (): RunnerDeps => ({
    warehouse, loaded, clock: new ManualClock(nowMs), now: () => new Date(nowMs), rateLimits: false, workDir, ingest: ingestPaths,
    env: { T_AMZ_ID: 'amzn1.application-oa2-client.x', T_AMZ_SECRET: 'secret-value-123', T_AMZ_REFRESH: 'Atzr|refresh-token' },
  });

  it('loads the MYI report as the snapshot of the seller\'s business day at the marketplace FBA location', async () => {
    const result = await runPass(deps(), { trigger: 'cli', only: ['amazon/inventory'] });
    expect(result.streams[0]).toMatchObject({ status: 'succeeded', rowsLoaded: 1 });
    const rows = await warehouse.all(`select snapshot_date, sku, location_id, available_units from inventory_snapshot`);
    // 12:00Z is 05:00 in Los Angeles on the same day.
    expect(rows).toEqual([expect.objectContaining({ snapshot_date: '2026-03-10', sku: 'MUG-RED', location_id: 'FBA-US', available_units: 25 })]);
  });

  it('does not request the near-real-time MYI report again within 30 minutes, even when its schedule is due', async () => {
    (loaded.config.channels[0].streams as Record<string, unknown>).inventory = { enabled: true, schedule: { cron: '* * * * *' } };
    await runPass(deps(), { trigger: 'cli', only: ['amazon/inventory'] });
    const later = (minutes: number): RunnerDeps => ({ ...deps(), now: () => new Date(Date.now() + minutes * 60_000) });
    expect((await runPass(later(5), { trigger: 'schedule', only: ['amazon/inventory'], force: false })).streams).toHaveLength(0);
    expect((await runPass(later(31), { trigger: 'schedule', only: ['amazon/inventory'], force: false })).streams).toHaveLength(1);
    expect(amazonReports(sandbox.store).requests).toHaveLength(2);
  });

  it('pulls the Inventory Ledger over a window of event dates, re-reading the last 10 days', async () => {
    amazonReports(sandbox.store).source('GET_LEDGER_DETAIL_VIEW_DATA', (request) =>
      [
        LEDGER_DETAIL_COLUMNS.join('\t'),
        // the report of the window the request names (the sandbox echoes its first day)
        `${request.dataStartTime!.slice(5, 7)}/${request.dataStartTime!.slice(8, 10)}/${request.dataStartTime!.slice(0, 4)}\tX001\tB01\tMUG-RED\tMug\tAdjustments\tM123\t-2\tPHX3\tSELLABLE\tM\tUS\t\t`,
      ].join('\n') + '\n');
    (loaded.config.channels[0].streams as Record<string, unknown>).inventory_ledger = { enabled: true, startDate: '2026-03-01' };
    const first = await runPass(deps(), { trigger: 'cli', only: ['amazon/inventory_ledger'] });
    expect(first.streams[0]).toMatchObject({ status: 'succeeded', rowsLoaded: 1 });
    expect(await warehouse.all(`select event_date, sku, location_id, event_type, reason_code, quantity_units from fba_ledger_event`)).toEqual([
      { event_date: '2026-03-01', sku: 'MUG-RED', location_id: 'FBA-US', event_type: 'Adjustments', reason_code: 'M', quantity_units: -2 },
    ]);
    // (the 4-hour minimum between two ledger reports is measured on the wall clock, as the MYI test does)
    const later: RunnerDeps = { ...deps(), now: () => new Date(Date.now() + 5 * 3_600_000) };
    await runPass(later, { trigger: 'cli', only: ['amazon/inventory_ledger'] });
    const requests = amazonReports(sandbox.store).requests.filter((r) => r.reportType === 'GET_LEDGER_DETAIL_VIEW_DATA');
    // the second run starts 10 days before the first run's end (2026-03-10 11:58), in windows of at most 31 days
    expect(requests.slice(0, 2).map((r) => [r.dataStartTime, r.dataEndTime])).toEqual([
      ['2026-03-01T00:00:00.000Z', '2026-03-10T11:58:00.000Z'],
      ['2026-02-28T11:58:00.000Z', '2026-03-31T11:58:00.000Z'],
    ]);
  });

  it('loads FBA customer returns with their reason and disposition', async () => {
    const result = await runPass(deps(), { trigger: 'cli', only: ['amazon/returns'] });
    expect(result.streams[0]).toMatchObject({ status: 'succeeded', rowsLoaded: 1 });
    expect(await warehouse.all(`select order_id, sku, reason_code, disposition from return_line`)).toEqual([
      { order_id: '111-0000001-0000001', sku: 'MUG-RED', reason_code: 'DEFECTIVE', disposition: 'customer_damaged' },
    ]);
  });
});
