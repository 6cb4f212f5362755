import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManualClock } from '../../../pipeline/channels/http';
import { createEbaySandbox, type EbaySandbox } from '../../../pipeline/channels/ebay/sandbox';
import { ebayOrderBook } from '../../../pipeline/channels/ebay/sandbox/routes/orders';
import type { EbayOrder } from '../../../pipeline/channels/ebay/streams/orders';
import { loadConfig } from '../../../pipeline/config/load';
import { ingestPaths } from '../../../pipeline/ingest';
import { markInterruptedRuns, runPass } from '../../../pipeline/scheduler/runner';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const DAY = 86_400_000;

function order(id: string, modifiedMs: number, lines: number): EbayOrder {
  return {
    orderId: id, creationDate: new Date(modifiedMs - DAY).toISOString(), lastModifiedDate: new Date(modifiedMs).toISOString(),
    orderFulfillmentStatus: 'FULFILLED', orderPaymentStatus: 'PAID',
    lineItems: Array.from({ length: lines }, (_, k) => ({ lineItemId: `${id}-${k}`, sku: `SKU-${k}`, quantity: 1, lineItemCost: { value: '5.00', currency: 'USD' }, lineItemFulfillmentStatus: 'FULFILLED', listingMarketplaceId: 'EBAY_US' })),
  };
}

interface HoldingProxy {
  server: Server;
  url: string;
  seen: () => number;
  /** Resolves when the order request number `holdAt` arrives (and is held). */
  held: Promise<void>;
}

/** A pass-through proxy to the sandbox that never answers the order request number `holdAt`. */
function holdingProxy(target: string, holdAt: number): Promise<HoldingProxy> {
  let seen = 0;
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/sell/fulfillment') && ++seen === holdAt) return reached(); // hang: the run is mid-window
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen, held })));
}

describe('crossdock run killed mid-run', () => {
  let sandbox: EbaySandbox;
  let proxy: HoldingProxy;
  let dir: string;

  beforeEach(async () => {
    sandbox = createEbaySandbox([]);
    await sandbox.start();
    proxy = await holdingProxy(sandbox.url, 2);
    dir = mkdtempSync(join(tmpdir(), 'cd-kill-'));
  });

  afterEach(async () => {
    proxy.server.closeAllConnections();
    await new Promise((r) => proxy.server.close(r));
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the committed window after kill -9, and the rerun loads the rest with no loss and no duplicates', async () => {
    const now = Date.now();
    // 40 days of history: window 1 = the first 30 days (3 orders, 5 lines), window 2 = the rest (2 orders, 2 lines).
    ebayOrderBook(sandbox.store).load([
      order('A', now - 39 * DAY, 1), order('B', now - 25 * DAY, 2), order('C', now - 12 * DAY, 2),
      order('D', now - 5 * DAY, 1), order('E', now - 2 * DAY, 1),
    ]);
    const configPath = join(dir, 'crossdock.config.json');
    writeFileSync(configPath, JSON.stringify({ channels: [{ channel: 'ebay', account: 'us', baseUrl: proxy.url, marketplaces: ['EBAY_US'], tokenEnv: 'T_EBAY', streams: { orders: { startDate: new Date(now - 40 * DAY).toISOString() } } }] }));
    const db = join(dir, 'wh.duckdb');

    // The second window's request hangs at the proxy, so the kill lands after window 1 committed.
    const child = spawn(process.execPath, [resolve('bin/crossdock.js'), 'run', '--config', configPath, '--db', db, '--all', '--no-inbox'], {
      env: { ...process.env, T_EBAY: 'v^1.1#token', CROSSDOCK_LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    const first = await Promise.race([proxy.held.then(() => 'held' as const), exited.then(() => 'exited' as const)]);
    expect([first, proxy.seen()]).toEqual(['held', 2]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const warehouse = await DuckWarehouse.open(db);
    try {
      expect(await warehouse.all(`select count(*) as n from order_line`)).toEqual([{ n: 5 }]);
      const [mark] = await warehouse.all<{ cursor_value: string }>(`select cursor_value from stream_watermark`);
      expect(Date.parse(mark.cursor_value)).toBe(Date.parse(new Date(now - 40 * DAY).toISOString()) + 30 * DAY);
      expect(await markInterruptedRuns(warehouse)).toBe(1);

      const loaded = loadConfig(configPath);
      (loaded.config.channels[0] as { baseUrl: string }).baseUrl = sandbox.url; // the channel is healthy again
      const rerun = await runPass(
        { warehouse, loaded, clock: new ManualClock(Date.now()), now: () => new Date(), env: { T_EBAY: 'v^1.1#token' }, rateLimits: false, workDir: dir, ingest: ingestPaths },
        { trigger: 'cli', force: true },
      );
      expect(rerun.streams[0]).toMatchObject({ status: 'succeeded', watermarkBefore: mark.cursor_value });
      expect(await warehouse.all(`select count(*) as n, count(distinct order_id || line_id) as keys from order_line`)).toEqual([{ n: 7, keys: 7 }]);
      expect(await warehouse.all(`select run_status, count(*) as n from pipeline_run group by run_status order by run_status`)).toEqual([
        { run_status: 'failed', n: 1 },
        { run_status: 'succeeded', n: 1 },
      ]);
    } finally {
      warehouse.close();
    }
  }, 180_000); // a child process: its start alone can take tens of seconds on a busy machine
});
