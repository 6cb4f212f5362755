// `npm run bench -- analytics [--lines N] [--skus N] [--days N] [--runs N] [--db FILE] [--rebuild] [--no-http]`
// Times every analytics dataset (median of --runs, default 5, after one warm-up run) with its
// default parameters (served from mart_<dataset>, built at refresh) and live with window_days=91, on a
// database of N order lines (default 10M) / S SKUs (10k) / D days (730) of daily snapshots,
// generated directly as canonical rows inside DuckDB (pipeline/analytics/benchData.ts), then the
// marts are built once (refreshMarts, as after a load). Then fetches the 10k-row `turnover`
// dataset over HTTPS from the API server started in-process on a free port.
// Prints a table and `BENCH analytics dataset=NAME median_ms=…` / `BENCH analytics http_10k_ms=…`.
import { existsSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors';
import { say } from '../log';
import { bumpDataVersion, DuckWarehouse } from '../warehouse/duckdb';
import { listDatasets, refreshMarts, runDataset } from '../analytics';
import { writeBenchData } from '../analytics/benchData';
import { formatTable } from '../analytics/format';

interface BenchArgs {
  lines: number;
  skus: number;
  days: number;
  runs: number;
  db: string;
  rebuild: boolean;
  http: boolean;
}

const END_DATE = '2026-11-25';
// a shared machine: keep DuckDB well below the RAM others need too
const SETTINGS = { memory_limit: '8GB' };

function parseArgs(args: string[]): BenchArgs {
  const out: BenchArgs = { lines: 10_000_000, skus: 10_000, days: 730, runs: 5, db: 'data/bench-analytics.duckdb', rebuild: false, http: true };
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
    else if (flag === '--no-http') out.http = false;
    else throw new UsageError(`unknown option ${flag}; options: --lines N --skus N --days N --runs N --db FILE --rebuild --no-http`);
  }
  return out;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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

function fetchText(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // the development certificate is self-signed for localhost: this is a local measurement only
    const req = request(url, { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function benchHttp(warehouse: DuckWarehouse, runs: number): Promise<number | null> {
  let serve: typeof import('../server/serve');
  let tokens: typeof import('../server/auth/tokenStore');
  try {
    serve = require('../server/serve') as typeof import('../server/serve');
    tokens = require('../server/auth/tokenStore') as typeof import('../server/auth/tokenStore');
  } catch (err) {
    say(`HTTP measure skipped: the API server could not be loaded (${(err as Error).message})`);
    return null;
  }
  const server = await serve.startServer({ warehouse, port: 0, say: () => undefined, serveHooks: [] });
  try {
    const { token } = await tokens.createToken(warehouse, { name: `bench ${Date.now()}`, role: 'analyst', now: new Date() });
    const url = `${server.url.replace('localhost', '127.0.0.1')}/api/v1/datasets/turnover?group_by=sku`;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const res = await fetchText(url, token);
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
      rows = (JSON.parse(res.body) as { rows: unknown[] }).rows.length;
      if (i > 0) times.push(ms); // the first request warms up
    }
    say(`HTTP GET turnover (${rows} rows): ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    return median(times);
  } finally {
    await server.close();
  }
}

export async function run(rawArgs: string[]): Promise<void> {
  const args = parseArgs(rawArgs);
  const warehouse = await buildDatabase(args);
  try {
    const results: unknown[][] = [];
    const lines: string[] = [];
    for (const spec of listDatasets()) {
      const times: number[] = [];
      const cpu: number[] = [];
      let rows = 0;
      for (let i = 0; i <= args.runs; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        const result = await runDataset(warehouse, spec.name, {});
        const ms = performance.now() - t;
        const used = process.cpuUsage(c);
        rows = result.rows.length;
        if (i > 0) {
          times.push(ms);
          // CPU time of this process (DuckDB threads included): what the query costs when the
          // machine is shared and wall time mostly measures waiting for a core
          cpu.push((used.user + used.system) / 1000);
        }
      }
      const med = median(times);
      // the same dataset with a non-default window: computed live from the intermediate tables
      const live: number[] = [];
      if (spec.params.some((p) => p.name === 'window_days')) {
        for (let i = 0; i <= args.runs; i++) {
          const t = performance.now();
          await runDataset(warehouse, spec.name, { window_days: '91' });
          if (i > 0) live.push(performance.now() - t);
        }
      }
      const liveMed = live.length ? median(live) : null;
      results.push([spec.name, rows, med, Math.min(...times), Math.max(...times), median(cpu), liveMed, med <= 300 ? 'yes' : 'NO']);
      lines.push(
        `BENCH analytics dataset=${spec.name} median_ms=${Math.round(med)} cpu_ms=${Math.round(median(cpu))} rows=${rows}` +
          (liveMed === null ? '' : ` live_median_ms=${Math.round(liveMed)}`),
      );
    }
    say(
      formatTable(
        [
          { name: 'dataset', type: 'string' },
          { name: 'rows', type: 'integer' },
          { name: 'median_ms', type: 'number' },
          { name: 'min_ms', type: 'number' },
          { name: 'max_ms', type: 'number' },
          { name: 'cpu_ms', type: 'number' },
          { name: 'live_ms', type: 'number' },
          { name: 'within_300ms', type: 'string' },
        ],
        results,
      ),
    );
    const httpMs = args.http ? await benchHttp(warehouse, args.runs) : null;
    say(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    for (const line of lines) say(line);
    if (httpMs !== null) say(`BENCH analytics http_10k_ms=${Math.round(httpMs)}`);
  } finally {
    warehouse.close();
  }
}
