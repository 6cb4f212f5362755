// `npm run bench -- analytics [--lines N] [--skus N] [--days N] [--runs N] [--db FILE] [--rebuild] [--only a,b]`
// On a database of N order lines (default 10M) / S SKUs (10k) / D days (730) of daily snapshots,
// generated directly as canonical rows inside DuckDB (pipeline/analytics/benchData.ts), with the
// marts built once (refreshMarts, as after a load), it times through the HTTPS API of a server
// started in-process, the way the add-in asks (offset=0&limit=50000, page after page; median of
// --runs, default 5, after one warm-up):
//   mart_ms    every dataset with its default parameters, no answer kept in memory (cold),
//   cached_ms  the same with the server's answer cache (what the second analyst gets),
//   duckdb_ms  DuckDB's own COPY of the same rows to a JSON file, in the same run: ratio=mart/duckdb,
//   live_ms    with window_days=91 (computed from the intermediate models; the query runs once,
//              the pages after the first are cut from the answer it kept: pagedAnswers.ts),
// then 50 concurrent refreshes over the datasets a worksheet can hold (cold and cached: p50/p99;
// `without=` names those left out, e.g. the 4.2M-row day-grain forecast), and the wait of the
// next refresh after a 1-row stock push (fresh_after_push_ms: until the answer carries the
// push's data version and quantity). With --pull, also the wait after a small scheduled pull (10
// new order lines: fresh_after_pull_ms, until `turnover` carries it, polled every 100 ms; the
// models that read orders are brought up to date for the pulled SKUs; and
// refresh_wait_after_pull_ms, how long the refresh asked at once waits). Prints a table and `BENCH analytics …` lines.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors';
import { say } from '../log';
import { bumpDataVersion, DuckWarehouse } from '../warehouse/duckdb';
import { ensureMartsFresh, getDataset, listDatasets, refreshMarts, renderDatasetSql, validateParams } from '../analytics';
import { hasDefaultMart, martName } from '../analytics/defaultMarts';
import { defaultAsOf } from '../analytics/dataDates';
import { sqlParamNames } from '../analytics/sqlRender';
import { PUSH_CHANGES } from '../writeback/ledger';
import { writeBenchData } from '../analytics/benchData';
import { upsertStaged } from '../scheduler/load';
import { formatTable } from '../analytics/format';
import { SHEET_BODY_ROWS } from '../../addin/core/tableModel';

interface BenchArgs {
  lines: number;
  skus: number;
  days: number;
  runs: number;
  db: string;
  rebuild: boolean;
  only: string[] | null;
  pull: boolean;
}

const END_DATE = '2026-11-25';
// a shared machine: keep DuckDB well below the RAM others need too
const SETTINGS = { memory_limit: '8GB' };

function parseArgs(args: string[]): BenchArgs {
  const out: BenchArgs = { lines: 10_000_000, skus: 10_000, days: 730, runs: 5, db: 'data/bench-analytics.duckdb', rebuild: false, only: null, pull: false };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const next = () => {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      return value;
    };
    const int = () => {
      const value = Number(next());
      if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} needs a positive whole number`);
      return value;
    };
    if (flag === '--lines') out.lines = int();
    else if (flag === '--skus') out.skus = int();
    else if (flag === '--days') out.days = int();
    else if (flag === '--runs') out.runs = int();
    else if (flag === '--db') out.db = next();
    else if (flag === '--rebuild') out.rebuild = true;
    else if (flag === '--only') out.only = next().split(',');
    else if (flag === '--pull') out.pull = true;
    else throw new UsageError(`unknown option ${flag}; options: --lines N --skus N --days N --runs N --db FILE --rebuild --only a,b --pull`);
  }
  return out;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The value at quantile q (0–1) of `values`, nearest rank. */
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};

async function buildDatabase(args: BenchArgs): Promise<DuckWarehouse> {
  const spec = `${args.lines}/${args.skus}/${args.days}/${END_DATE}`;
  if (!args.rebuild && existsSync(args.db)) {
    const warehouse = await DuckWarehouse.open(args.db, { settings: SETTINGS });
    const [row] = await warehouse.all<{ v: string | null }>("select max(setting_value) as v from setting where setting_key = 'bench_spec'");
    if (row.v === spec) {
      say(`reusing ${args.db} (${spec}); pass --rebuild to regenerate`);
      return warehouse;
    }
    warehouse.close();
  }
  for (const suffix of ['', '.wal']) rmSync(args.db + suffix, { force: true });
  const warehouse = await DuckWarehouse.open(args.db, { settings: SETTINGS });
  let t = performance.now();
  say(`generating ${args.lines.toLocaleString('en')} order lines, ${args.skus.toLocaleString('en')} SKUs, ${args.days} days of snapshots in ${args.db} …`);
  await warehouse.transaction(async (conn) => {
    await writeBenchData(conn, { orderLines: args.lines, skus: args.skus, days: args.days, endDate: END_DATE });
    await bumpDataVersion(conn);
  });
  const generateMs = performance.now() - t;
  const [counts] = await warehouse.all<{ lines: number; snapshots: number; returns: number }>(
    'select (select count(*) from order_line) as lines, (select count(*) from inventory_snapshot) as snapshots, (select count(*) from return_line) as returns',
  );
  say(`  ${counts.lines} order lines, ${counts.snapshots} snapshots, ${counts.returns} returns in ${(generateMs / 1000).toFixed(1)} s`);
  t = performance.now();
  await warehouse.transaction(async (conn) => {
    await refreshMarts(conn);
    await conn.run("insert or replace into setting (setting_key, setting_value) values ('bench_spec', $1)", [spec]);
  });
  const refreshMs = performance.now() - t;
  say(`  marts built in ${(refreshMs / 1000).toFixed(1)} s`);
  say(`BENCH analytics refresh_marts_ms=${Math.round(refreshMs)}`);
  await warehouse.run('checkpoint');
  return warehouse;
}

// the development certificate is self-signed for localhost: this is a local measurement only
const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 64 });

/**
 * One page's answer as the client needs it to go on: the head's data_version and the tail's
 * paging fields. The rows are received but not parsed: in this one process, a client parsing
 * 50 answers of 8 MB would be timed as if it were the server's work.
 */
interface Page {
  status: number;
  bytes: number;
  dataVersion: string | null;
  totalRows: number | null;
  nextOffset: number | null;
  text: string;
}

function fetchPage(url: string, token: string): Promise<Page> {
  return new Promise((resolve, reject) => {
    // as a browser asks (the add-in's fetch): gzip accepted and unpacked
    const req = request(url, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' }, agent }, (raw) => {
      const res = raw.headers['content-encoding'] === 'gzip' ? raw.pipe(createGunzip()) : raw;
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        bytes += c.length;
      });
      res.on('end', () => {
        const status = raw.statusCode ?? 0;
        const head = Buffer.concat(chunks.slice(0, 4)).subarray(0, 4096).toString('utf8');
        const last = Buffer.concat(chunks.slice(-4));
        const tail = last.subarray(Math.max(0, last.length - 4096)).toString('utf8');
        // the body ends `],"total_rows":N,"offset":O,"next_offset":M}` (server/datasetBody.ts)
        const paging = status === 200 ? (JSON.parse(`{${tail.slice(tail.lastIndexOf('],"') + 2)}`) as { total_rows?: number; next_offset: number | null }) : null;
        resolve({
          status,
          bytes,
          dataVersion: /"data_version":"([^"]*)"/.exec(head)?.[1] ?? null,
          totalRows: paging?.total_rows ?? null,
          nextOffset: paging?.next_offset ?? null,
          text: status === 200 ? '' : head,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Answer {
  rows: number;
  bytes: number;
  dataVersion: string;
}

type Api = { url: string; token: string };

/** One dataset the way the add-in fetches it (addin/api.ts): pages of 50,000 rows until the end. */
async function fetchDataset(api: Api, name: string, query: Record<string, string> = {}): Promise<Answer> {
  let offset = 0;
  let bytes = 0;
  let dataVersion: string | null = null;
  for (;;) {
    const qs = new URLSearchParams({ ...query, offset: String(offset), limit: '50000' });
    const url = `${api.url}/api/v1/datasets/${name}?${qs.toString()}`;
    const page = await fetchPage(url, api.token);
    if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}: ${page.text.slice(0, 300)}`);
    bytes += page.bytes;
    dataVersion ??= page.dataVersion;
    if (page.nextOffset === null) return { rows: page.totalRows ?? 0, bytes, dataVersion: dataVersion ?? '' };
    offset = page.nextOffset;
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Median of `runs` timings after one warm-up. */
async function medianOf(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const { ms } = await timed(fn);
    if (i > 0) times.push(ms);
  }
  return median(times);
}

async function startApi(warehouse: DuckWarehouse, answerCacheBytes?: number): Promise<{ api: Api; close: () => Promise<void> }> {
  const serve = require('../server/serve') as typeof import('../server/serve');
  const tokens = require('../server/auth/tokenStore') as typeof import('../server/auth/tokenStore');
  const server = await serve.startServer({ warehouse, port: 0, say: () => undefined, serveHooks: [], answerCacheBytes });
  const { token } = await tokens.createToken(warehouse, { name: `bench ${Date.now()}`, role: 'analyst', now: new Date() });
  return { api: { url: server.url.replace('localhost', '127.0.0.1'), token }, close: () => server.close() };
}

/** DuckDB's own time to write the dataset's default answer as JSON: its mart, or its live query. */
async function duckdbCopyMs(warehouse: DuckWarehouse, name: string, dir: string, runs: number): Promise<number> {
  const definition = getDataset(name);
  const sql = hasDefaultMart(definition) ? `select * from ${martName(definition)}` : renderDatasetSql(name, 'duckdb');
  const params = validateParams(name, {});
  if ('as_of' in params) params.as_of = await warehouse.withConnection((conn) => defaultAsOf(conn));
  const bound = Object.fromEntries(sqlParamNames(sql).map((p) => [p, params[p] ?? null]));
  // COPY takes no parameters: bind them as literals (the bench's own values only)
  const literal = (v: unknown) => (v === null ? 'null' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  const inlined = sql.replace(/\$([a-z_][a-z0-9_]*)/g, (_, p: string) => literal(bound[p]));
  return medianOf(runs, () => warehouse.run(`copy (${inlined}) to '${join(dir, `${name}.json`)}' (format json, array true)`));
}

/**
 * The concurrent clients, in a process of their own (as analysts' Excel is): `count` requests at
 * once, the datasets in turn, each fetched whole page by page; prints each request's wall time.
 */
const CONCURRENT_CLIENT = `
const https = require('node:https');
const zlib = require('node:zlib');
const [url, token, names, count] = JSON.parse(process.argv[1]);
const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 1000 });
const get = (path) => new Promise((resolve, reject) => {
  https.get(url + path, { agent, headers: { authorization: 'Bearer ' + token, 'accept-encoding': 'gzip' } }, (raw) => {
    const res = raw.headers['content-encoding'] === 'gzip' ? raw.pipe(zlib.createGunzip()) : raw;
    res.statusCode = raw.statusCode;
    let tail = '';
    res.on('data', (c) => { tail = (tail + c.toString('latin1')).slice(-4096); });
    res.on('end', () => res.statusCode === 200 ? resolve(JSON.parse('{' + tail.slice(tail.lastIndexOf('],"') + 2))) : reject(new Error(path + ' ' + res.statusCode)));
  }).on('error', reject);
});
async function one(name) {
  const t = performance.now();
  for (let offset = 0; offset !== null; ) offset = (await get('/api/v1/datasets/' + name + '?offset=' + offset + '&limit=50000')).next_offset;
  return performance.now() - t;
}
Promise.all(Array.from({ length: count }, (_, i) => one(names[i % names.length]))).then((times) => { console.log(JSON.stringify(times)); process.exit(0); }, (err) => { console.error(err); process.exit(1); });
`;

/** `count` concurrent requests, the datasets in turn, from another process: each request's wall time. */
async function concurrent(api: Api, names: string[], count: number): Promise<number[]> {
  const { execFile } = require('node:child_process') as typeof import('node:child_process');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['-e', CONCURRENT_CLIENT, JSON.stringify([api.url, api.token, names, count])], { maxBuffer: 1 << 20 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
  return JSON.parse(out) as number[];
}

/**
 * A 1-row stock push as the write-back records it (ledger.ts: the listing's channel quantity,
 * PUSH_CHANGES), then the add-in's next refresh of `oversell` (which shows channel quantities)
 * until it carries the push: the wait an analyst sees.
 */
async function freshAfterPush(warehouse: DuckWarehouse, api: Api): Promise<{ ms: number; version: string; allMs: number }> {
  const [listing] = await warehouse.all<{ listing_id: string; q: number }>(
    "select listing_id, channel_quantity_units as q from listing where fulfilment = 'merchant' and channel_quantity_units is not null order by listing_id limit 1",
  );
  await warehouse.transaction(async (conn) => {
    await conn.run('update listing set channel_quantity_units = channel_quantity_units + 1, channel_quantity_seen_at = now()::timestamp where listing_id = $1', [listing.listing_id]);
    await bumpDataVersion(conn, PUSH_CHANGES);
  });
  const version = String((await warehouse.all<{ v: string }>("select setting_value as v from setting where setting_key = 'data_version'"))[0].v);
  const t = performance.now();
  for (;;) {
    const answer = await fetchDataset(api, 'oversell');
    if (answer.dataVersion === version) break;
    if (performance.now() - t > 600_000) throw new Error('the refresh did not catch up with the push within 10 minutes');
  }
  const ms = performance.now() - t;
  const all = await timed(() => Promise.all(listDatasets().map((d) => fetchDataset(api, d.name))));
  return { ms, version, allMs: all.ms };
}

/**
 * 10 order lines of the last day landed the way a scheduled pull lands them (the runner's own
 * upsert, which records the SKUs they touch), then the wait until `turnover` shows them.
 */
async function freshAfterPull(warehouse: DuckWarehouse, api: Api, dir: string): Promise<{ waitMs: number; freshMs: number }> {
  // SKUs drawn the way orders arrive: by popularity (a sample of order lines), reproducibly
  const skus = await warehouse.all<{ sku: string; location_id: string }>(
    'select sku, location_id from (select sku, location_id from order_line using sample reservoir(10 rows) repeatable (14)) order by sku',
  );
  const path = join(dir, 'pull-order_line.ndjson');
  const pulled = `BENCH-PULL-${Date.now()}`;
  writeFileSync(
    path,
    skus
      .map((s, i) =>
        JSON.stringify({
          channel: 'shopify', marketplace: 'US', order_id: `${pulled}-${i}`, line_id: '1', sku: s.sku, location_id: s.location_id, quantity_units: 1,
          item_price_amount: 10, currency_code: 'USD', order_status: 'shipped', fulfilment: 'merchant',
          ordered_at: `${END_DATE}T08:00:00Z`, shipped_at: `${END_DATE}T12:00:00Z`,
        }),
      )
      .join('\n') + '\n',
  );
  await warehouse.transaction(async (conn) => {
    const { changes } = await upsertStaged(conn, new Map([['order_line', path]]), 'api:bench');
    await bumpDataVersion(conn, [...changes, { table: 'stream_watermark' }, { table: 'pipeline_run' }]);
  });
  const version = String((await warehouse.all<{ v: string }>("select setting_value as v from setting where setting_key = 'data_version'"))[0].v);
  const t = performance.now();
  // the refresh an analyst starts right after the pull: the server waits up to a second for the
  // rebuild, then answers from the previous build (labelled with its version)
  let answer = await fetchDataset(api, 'turnover');
  const waitMs = performance.now() - t;
  while (answer.dataVersion !== version) {
    if (performance.now() - t > 1_800_000) throw new Error('the refresh did not catch up with the pull within 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer = await fetchDataset(api, 'turnover');
  }
  return { waitMs, freshMs: performance.now() - t };
}

export async function run(rawArgs: string[]): Promise<void> {
  const args = parseArgs(rawArgs);
  const warehouse = await buildDatabase(args);
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-bench-analytics-'));
  try {
    const rebuilt = await timed(() => ensureMartsFresh(warehouse)); // a new release's SQL rebuilds once
    if (rebuilt.ms > 1000) say(`  marts rebuilt for this code's SQL in ${(rebuilt.ms / 1000).toFixed(1)} s`);
    const names = listDatasets()
      .map((d) => d.name)
      .filter((n) => args.only === null || args.only.includes(n));
    const cold = await startApi(warehouse, 0);
    const warm = await startApi(warehouse);
    const results: unknown[][] = [];
    const lines: string[] = [];
    try {
      for (const name of names) {
        const spec = listDatasets().find((d) => d.name === name)!;
        let rows = 0;
        let bytes = 0;
        const martMs = await medianOf(args.runs, async () => ({ rows, bytes } = await fetchDataset(cold.api, name)));
        const cachedMs = await medianOf(args.runs, () => fetchDataset(warm.api, name));
        const duckMs = await duckdbCopyMs(warehouse, name, dir, args.runs);
        const liveMs = spec.params.some((p) => p.name === 'window_days') ? await medianOf(args.runs, () => fetchDataset(cold.api, name, { window_days: '91' })) : null;
        const ratio = martMs / Math.max(duckMs, 1);
        results.push([name, rows, martMs, cachedMs, duckMs, ratio, liveMs]);
        lines.push(
          `BENCH analytics dataset=${name} rows=${rows} mb=${(bytes / 1e6).toFixed(1)} mart_ms=${Math.round(martMs)} cached_ms=${Math.round(cachedMs)} duckdb_ms=${Math.round(duckMs)} ratio=${ratio.toFixed(2)}` +
            (liveMs === null ? '' : ` live_ms=${Math.round(liveMs)}`),
        );
      }
      say(
        formatTable(
          [
            { name: 'dataset', type: 'string' },
            { name: 'rows', type: 'integer' },
            { name: 'mart_ms', type: 'number' },
            { name: 'cached_ms', type: 'number' },
            { name: 'duckdb_copy_ms', type: 'number' },
            { name: 'ratio', type: 'number' },
            { name: 'live_ms', type: 'number' },
          ],
          results,
        ),
      );
      // the refreshes analysts make: an answer larger than a worksheet is refused by the add-in
      const refreshable = names.filter((_, i) => Number(results[i][1]) <= SHEET_BODY_ROWS);
      const coldTimes = await concurrent(cold.api, refreshable, 50);
      await concurrent(warm.api, refreshable, refreshable.length); // fill the cache
      const warmTimes = await concurrent(warm.api, refreshable, 50);
      const left = names.filter((name) => !refreshable.includes(name));
      lines.push(
        `BENCH analytics concurrent=50 cold_p50_ms=${Math.round(quantile(coldTimes, 0.5))} cold_p99_ms=${Math.round(quantile(coldTimes, 0.99))}` +
          ` cached_p50_ms=${Math.round(quantile(warmTimes, 0.5))} cached_p99_ms=${Math.round(quantile(warmTimes, 0.99))}` +
          (left.length > 0 ? ` without=${left.join(',')}` : ''),
      );
      const push = await freshAfterPush(warehouse, cold.api);
      lines.push(`BENCH analytics fresh_after_push_ms=${Math.round(push.ms)} all_datasets_after_push_ms=${Math.round(push.allMs)} data_version=${push.version}`);
      if (args.pull) {
        const pull = await freshAfterPull(warehouse, cold.api, dir);
        lines.push(`BENCH analytics fresh_after_pull_ms=${Math.round(pull.freshMs)} refresh_wait_after_pull_ms=${Math.round(pull.waitMs)}`);
      }
      await ensureMartsFresh(warehouse); // leave the database caught up for the next run
    } finally {
      await cold.close();
      await warm.close();
      agent.destroy();
    }
    say(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    for (const line of lines) say(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    warehouse.close();
  }
}
