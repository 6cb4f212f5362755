// `npm run bench -- pipeline [--orders N] [--on-orders N]`: a full incremental run (first load
// through the window/watermark machinery) of the four channel sandboxes holding N orders (default
// 1,000,000) spread over 60 days, into a fresh DuckDB file.
//
// limits=off: sandboxes and client without rate limits — the pipeline's own cost (HTTP + JSON +
//   mapping + NDJSON staging + DuckDB upserts, and the Amazon report download + file ingest).
// limits=on: the documented limits switched on (Shopify cost bucket 1000 points restoring
//   100/s, Standard plan; Amazon Reports createReport 1/min burst 15, getReportDocument 1/min
//   burst 15). They make a full-size run take days (Shopify: ~919 points per 7 orders), so the
//   on-run is scaled down to --on-orders (default 3,000) and its rate-limit floor is computed
//   analytically: floor = max over accounts running in parallel of the time their buckets need
//   (Shopify: (Σ requested cost − initial bucket) / restore rate; Amazon: reports beyond the burst
//   × 60 s). time_ratio = wall / floor. The floor of the full N is printed too.
// The sandboxes run in a child process (support/pipelineSandboxes.ts): the channel's CPU and heap
// are not the pipeline's, as with a real remote channel.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../channels/http';
import { DEFAULT_SHOPIFY_COST } from '../channels/shopify/sandbox/endpoint';
import { LINE_ITEMS_PAGE, ORDERS_PAGE, ordersQueryCost } from '../channels/shopify/streams/orders';
import { parseConfig } from '../config/load';
import { UsageError } from '../errors';
import { ingestPaths } from '../ingest';
import { say } from '../log';
import { runPass } from '../scheduler/runner';
import { DuckWarehouse } from '../warehouse/duckdb';
import { mixOf, type SeedRequest } from './support/pipelineSandboxes';

const DAY = 86_400_000;
const HISTORY_DAYS = 60;
const AMAZON_REPORT_BURST = 15;
const AMAZON_REPORT_INTERVAL_S = 1 / 0.0167;

function argNumber(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 100) throw new UsageError(`${name} must be a whole number ≥ 100`);
  return n;
}

interface Host {
  child: ChildProcess;
  urls: Record<'shopify' | 'ebay' | 'amazon' | 'aliexpress', string>;
  lines: number;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
  });
}

async function startHost(request: SeedRequest): Promise<Host> {
  const child = fork(join(__dirname, 'support', 'pipelineSandboxes.ts'), [], {
    execArgv: ['--require', 'tsx/cjs', '--max-old-space-size=6144'],
    env: { ...process.env, CROSSDOCK_LOG_LEVEL: 'warn' },
  });
  const ready = nextMessage<{ urls: Host['urls']; lines: number }>(child);
  child.send(request);
  const { urls, lines } = await ready;
  return { child, urls, lines };
}

async function runOnce(total: number, rateLimits: boolean): Promise<{ seconds: number; lines: number; loaded: number; floor: number; statuses: string[] }> {
  const nowMs = Date.now();
  const host = await startHost({ total, rateLimits, nowMs, historyDays: HISTORY_DAYS });
  const env = {
    B_SHOPIFY: 'shpat_bench', B_EBAY: 'v^1.1#bench', B_AMZ_ID: 'amzn1.application-oa2-client.bench', B_AMZ_SECRET: 'bench-secret', B_AMZ_REFRESH: 'Atzr|bench',
    B_AE_KEY: '500001', B_AE_SECRET: 'bench-ae-secret', B_AE_SESSION: 'bench-session',
  };
  const startDate = new Date(nowMs - HISTORY_DAYS * DAY).toISOString().slice(0, 10);
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-bench-pipeline-'));
  const config = parseConfig({
    channels: [
      { channel: 'shopify', account: 'bench', shop: 'bench', baseUrl: host.urls.shopify, apiVersion: '2026-01', tokenEnv: 'B_SHOPIFY', streams: { orders: { startDate }, inventory: { enabled: false } } },
      { channel: 'ebay', account: 'bench', baseUrl: host.urls.ebay, marketplaces: ['EBAY_GB'], tokenEnv: 'B_EBAY', streams: { orders: { startDate } } },
      {
        channel: 'amazon', account: 'bench', baseUrl: host.urls.amazon, lwaUrl: `${host.urls.amazon}/_lwa/o2/token`, marketplaces: [{ id: 'ATVPDKIKX0DER', code: 'US' }],
        clientIdEnv: 'B_AMZ_ID', clientSecretEnv: 'B_AMZ_SECRET', refreshTokenEnv: 'B_AMZ_REFRESH', reportPollSeconds: 0.05,
        streams: { orders: { startDate }, returns: { enabled: false }, inventory: { enabled: false }, listings: { enabled: false } },
      },
      { channel: 'aliexpress', account: 'bench', baseUrl: host.urls.aliexpress, appKeyEnv: 'B_AE_KEY', appSecretEnv: 'B_AE_SECRET', sessionEnv: 'B_AE_SESSION', streams: { orders: { startDate } } },
    ],
  });
  const warehouse = await DuckWarehouse.open(join(dir, 'bench.duckdb'));
  try {
    const t0 = performance.now();
    const result = await runPass(
      { warehouse, loaded: { config, path: join(dir, 'c.json'), dir }, clock: systemClock, now: () => new Date(nowMs), env, rateLimits, workDir: dir, ingest: ingestPaths },
      { trigger: 'cli', force: true, skipInbox: true },
    );
    const seconds = (performance.now() - t0) / 1000;
    const loaded = result.streams.reduce((sum, s) => sum + s.rowsLoaded, 0);
    // The floor from the calls this run actually needed (pages per window, reports per window).
    const counted = nextMessage<{ counts: { shopifyOrderPages: number; amazonReports: number } }>(host.child);
    host.child.send('counts');
    const { counts } = await counted;
    const shopifyCost = counts.shopifyOrderPages * ordersQueryCost(ORDERS_PAGE, LINE_ITEMS_PAGE);
    const shopifyFloor = Math.max(0, shopifyCost - DEFAULT_SHOPIFY_COST.maximumAvailable) / DEFAULT_SHOPIFY_COST.restoreRate;
    const amazonFloor = Math.max(0, counts.amazonReports - AMAZON_REPORT_BURST) * AMAZON_REPORT_INTERVAL_S;
    return {
      seconds,
      lines: host.lines,
      loaded,
      floor: Math.max(shopifyFloor, amazonFloor),
      statuses: result.streams.map((s) => `${s.key}=${s.status}/${(s.seconds ?? 0).toFixed(1)}s${s.error ? `(${s.error.slice(0, 160)})` : ''}`),
    };
  } finally {
    warehouse.close();
    host.child.send('stop');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rate-limit floor of a full-size run, from the same formulas (for the record). */
function fullFloorSeconds(total: number): number {
  const mix = mixOf(total);
  const pages = Math.ceil(mix.shopify / ORDERS_PAGE) + Math.ceil(HISTORY_DAYS / 7);
  return Math.max(0, pages * ordersQueryCost(ORDERS_PAGE, LINE_ITEMS_PAGE) - DEFAULT_SHOPIFY_COST.maximumAvailable) / DEFAULT_SHOPIFY_COST.restoreRate;
}

export async function run(args: string[]): Promise<void> {
  const orders = argNumber(args, '--orders', 1_000_000);
  const onOrders = argNumber(args, '--on-orders', 3_000);
  say(`pipeline bench: ${orders.toLocaleString('en-US')} orders (${JSON.stringify(mixOf(orders))}) over ${HISTORY_DAYS} days, limits off …`);
  const off = await runOnce(orders, false);
  say(`  ${off.loaded.toLocaleString('en-US')} of ${off.lines.toLocaleString('en-US')} order lines loaded in ${off.seconds.toFixed(1)} s; ${off.statuses.join(' ')}`);
  say(`limits on (documented rates), scaled down to ${onOrders.toLocaleString('en-US')} orders …`);
  const on = await runOnce(onOrders, true);
  say(`  ${on.loaded.toLocaleString('en-US')} of ${on.lines.toLocaleString('en-US')} order lines in ${on.seconds.toFixed(1)} s; rate-limit floor ${on.floor.toFixed(1)} s; ${on.statuses.join(' ')}`);
  const fullFloor = fullFloorSeconds(orders);
  say(`  floor of a ${orders.toLocaleString('en-US')}-order first load with limits on: ${(fullFloor / 3600).toFixed(1)} h (Shopify cost bucket; use Bulk Operations or a longer first load)`);
  say(
    `BENCH pipeline limits=off orders=${orders} rows=${off.loaded} wall_s=${off.seconds.toFixed(2)} rows_per_s=${Math.round(off.loaded / off.seconds)}`,
  );
  say(
    `BENCH pipeline limits=on orders=${onOrders} rows=${on.loaded} wall_s=${on.seconds.toFixed(2)} floor_s=${on.floor.toFixed(2)} rows_per_s=${Math.round(on.loaded / on.seconds)} time_ratio=${on.floor > 0 ? (on.seconds / on.floor).toFixed(3) : 'n/a'} full_floor_h=${(fullFloor / 3600).toFixed(1)}`,
  );
}
