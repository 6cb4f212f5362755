import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../pipeline/channels/http';
import { ALL_ORDERS_HEADER, allOrdersLine } from '../../../pipeline/channels/amazon/sandbox/routes/reports';
import { createEbaySandbox, type EbaySandbox } from '../../../pipeline/channels/ebay/sandbox';
import { ebayOrderBook } from '../../../pipeline/channels/ebay/sandbox/routes/orders';
import { parseConfig } from '../../../pipeline/config/load';
import { ingestPaths } from '../../../pipeline/ingest';
import type { RunnerDeps } from '../../../pipeline/scheduler/runner';
import { PipelineService } from '../../../pipeline/scheduler/service';
import { routes as pipelineRoutes } from '../../../pipeline/server/routes/pipeline';
import { bearer, buildTestServer, type TestServer } from '../server/fakes';
import { request } from '../server/http';

const DAY = 86_400_000;

describe('the pipeline inside the server', () => {
  let nowMs: number;
  let ebay: EbaySandbox;
  let server: TestServer;
  let service: PipelineService;
  let dir: string;
  let sleeps: number[];
  // The sandbox's injected latency waits on this clock; a test can hold a request instead.
  let holdRequest: (() => Promise<void>) | null;
  const wallClock = { now: () => nowMs, sleep: (ms: number) => holdRequest?.() ?? new Promise<void>((r) => setTimeout(r, ms)) };

  beforeEach(async () => {
    nowMs = Date.parse('2026-03-10T12:00:00Z');
    holdRequest = null;
    ebay = createEbaySandbox([], { clock: wallClock });
    await ebay.start();
    ebayOrderBook(ebay.store).load([
      {
        orderId: '11-1', creationDate: new Date(nowMs - 3 * DAY).toISOString(), lastModifiedDate: new Date(nowMs - 2 * DAY).toISOString(),
        orderFulfillmentStatus: 'FULFILLED', orderPaymentStatus: 'PAID',
        lineItems: [{ lineItemId: 'L1', sku: 'CAP', quantity: 1, lineItemCost: { value: '10.00', currency: 'EUR' }, lineItemFulfillmentStatus: 'FULFILLED', listingMarketplaceId: 'EBAY_DE' }],
      },
    ]);
    dir = mkdtempSync(join(tmpdir(), 'cd-svc-'));
    server = await buildTestServer({ server: { routes: [pipelineRoutes] } });
    const loaded = {
      path: join(dir, 'crossdock.config.json'),
      dir,
      config: parseConfig({
        inbox: { dir: 'inbox', settleSeconds: 0 },
        channels: [{ channel: 'ebay', account: 'de', baseUrl: ebay.url, marketplaces: ['EBAY_DE'], tokenEnv: 'T_EBAY', schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' }, streams: { orders: { startDate: '2026-03-01' } } }],
      }),
    };
    const deps: RunnerDeps = {
      warehouse: server.warehouse,
      loaded,
      clock: new ManualClock(nowMs),
      now: () => new Date(nowMs),
      env: { T_EBAY: 'v^1.1#token' },
      rateLimits: false,
      workDir: dir,
      ingest: ingestPaths,
    };
    sleeps = [];
    service = new PipelineService(deps, { retryAttempts: 2, retryBaseMs: 1000, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });
    server.deps.pipeline = service;
  });

  afterEach(async () => {
    await service.stop();
    await server.app.close();
    server.warehouse.close();
    await ebay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a manager trigger a pass and an analyst see its runs, schedules and next run time', async () => {
    const denied = await request(server.app, { method: 'POST', url: '/api/v1/pipeline/run?wait=true', headers: bearer(server.analystToken), payload: {} });
    expect(denied.statusCode).toBe(403);
    const run = await request(server.app, { method: 'POST', url: '/api/v1/pipeline/run?wait=true', headers: bearer(server.managerToken), payload: { only: ['ebay/orders'] } });
    expect(run.statusCode).toBe(200);
    expect(run.json().run_ids).toHaveLength(1);
    const runs = await request(server.app, { method: 'GET', url: `/api/v1/pipeline/runs?pass_id=${run.json().pass_id}`, headers: bearer(server.analystToken) });
    expect(runs.statusCode).toBe(200);
    expect(runs.json().runs).toEqual([expect.objectContaining({ stream: 'ebay/orders', account: 'de', run_status: 'succeeded', rows_loaded: 1, run_trigger: 'api' })]);
    // 03:00 Berlin (CET, UTC+1) after real now: a 02:00Z instant.
    expect(runs.json().streams).toEqual([expect.objectContaining({ key: 'ebay/de/orders', cron: '0 3 * * *', timezone: 'Europe/Berlin', running: false, next_run_at: expect.stringMatching(/T0[12]:00:00\.000Z$/) })]);
  });

  it('rejects a malformed stream list', async () => {
    const bad = await request(server.app, { method: 'POST', url: '/api/v1/pipeline/run', headers: bearer(server.managerToken), payload: { only: ['ebay; drop table'] } });
    expect(bad.statusCode).toBe(400);
  });

  it('never runs the same stream twice at once: a second trigger while it runs is skipped', async () => {
    // The first run's first call to eBay is held until the second trigger has been answered.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => {
      holdRequest = () => {
        holdRequest = null; // only this one request waits
        resolve();
        return held;
      };
    });
    ebay.configureFaults({ latencyMs: 1 });
    const running = service.runNow({ only: ['ebay'] });
    await arrived; // the first run is now inside its stream
    const second = await service.runNow({ only: ['ebay'] });
    release();
    const first = await running;
    expect(first.streams).toHaveLength(1);
    expect(second.streams).toHaveLength(0);
    expect(await server.warehouse.all(`select count(*) as n from pipeline_run where stream = 'ebay/orders'`)).toEqual([{ n: 1 }]);
  });

  it('stops at once with a pull in flight: the run ends CD_RUN_ABORTED and its window is not committed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => {
      holdRequest = () => {
        holdRequest = null;
        resolve();
        return held; // eBay does not answer until the test lets it
      };
    });
    ebay.configureFaults({ latencyMs: 1 });
    const running = service.runNow({ only: ['ebay'] });
    await arrived;
    const began = Date.now();
    await service.stop();
    expect(Date.now() - began).toBeLessThan(2000);
    const pass = await running;
    expect(pass.streams).toEqual([expect.objectContaining({ key: 'ebay/de/orders', status: 'failed', watermarkAfter: null, error: expect.stringMatching(/^CD_RUN_ABORTED: /) })]);
    expect(await server.warehouse.all('select count(*) as n from stream_watermark')).toEqual([{ n: 0 }]);
    expect(await server.warehouse.all(`select run_status from pipeline_run where stream = 'ebay/orders'`)).toEqual([{ run_status: 'failed' }]);
    release();
  });

  it('retries a transiently failing stream with growing back-off, then gives up with the last error', async () => {
    ebay.configureFaults({ serverErrorRate: 1 });
    const result = await service.runNow({ only: ['ebay'] });
    expect(result.streams[0].status).toBe('failed');
    // retryBaseMs/2 + full jitter (random 0.5) of 1000·2^n: 500 + 500, 500 + 1000.
    expect(sleeps).toEqual([1000, 1500]);
    expect(await server.warehouse.all(`select attempt, run_status from pipeline_run where stream = 'ebay/orders' order by attempt`)).toEqual([
      { attempt: 1, run_status: 'failed' },
      { attempt: 2, run_status: 'failed' },
      { attempt: 3, run_status: 'failed' },
    ]);
  });

  it('ingests a report dropped in the inbox and moves it to processed/, and moves a file it cannot read to failed/ with the reason', async () => {
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const line = allOrdersLine({ orderId: '111-2222222-3333333', purchaseDate: '2026-03-01T10:00:00+00:00', lastUpdated: '2026-03-02T10:00:00+00:00', status: 'Shipped', fba: true, salesChannel: 'Amazon.com', sku: 'MUG', quantity: 1, currency: 'USD', itemPrice: '12.00' });
    writeFileSync(join(inbox, 'orders.tsv'), `${ALL_ORDERS_HEADER.join('\t')}\n${line}\n`);
    writeFileSync(join(inbox, 'notes.csv'), 'hello,world\n1,2\n');
    // the lock file Excel keeps beside an open workbook is no report: left where it is
    writeFileSync(join(inbox, '~$stock.xlsx'), 'lock');
    const result = await service.runNow({ only: ['none'] });
    expect(result.inbox.map((f) => [f.file, f.status])).toEqual([['notes.csv', 'failed'], ['orders.tsv', 'processed']]);
    expect(readdirSync(join(inbox, 'processed'))).toEqual(['orders.tsv']);
    expect(readdirSync(join(inbox, 'failed')).sort()).toEqual(['notes.csv', 'notes.csv.reason.txt']);
    expect(readFileSync(join(inbox, 'failed', 'notes.csv.reason.txt'), 'utf8').length).toBeGreaterThan(30);
    expect(existsSync(join(inbox, 'orders.tsv'))).toBe(false);
    expect(existsSync(join(inbox, '~$stock.xlsx'))).toBe(true);
    expect(await server.warehouse.all(`select order_id from order_line where channel = 'amazon'`)).toEqual([{ order_id: '111-2222222-3333333' }]);
  });
});
