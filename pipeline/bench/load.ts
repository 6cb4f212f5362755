// `npm run bench -- load [--analysts 50] [--requests 500] [--push-every-ms 500] [--days 120] [--skus 60]`
// Analysts refreshing while the data changes, through the real HTTPS API: a demo seller (generated,
// loaded), the server in-process with the four channel sandboxes behind its stock writers, then
// `--analysts` concurrent clients fetching datasets with the add-in's default parameters until
// `--requests` answers, while a manager pushes one stock edit every `--push-every-ms` and an
// inventory file is ingested half-way. Every data change moves data_version, so the marts are
// rebuilt behind the requests. An answer that is not 200 is an error.
// Ends with `BENCH load requests=… errors=… p50_ms=… p99_ms=… pushes=… ingests=… data_versions=…`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { demoIngestPlan, writeDemoData } from '../demo';
import { UsageError } from '../errors';
import { ingestPaths } from '../ingest';
import { log, say } from '../log';
import { dataVersion, DuckWarehouse } from '../warehouse/duckdb';

interface Options {
  analysts: number;
  requests: number;
  pushEveryMs: number;
  days: number;
  skus: number;
}

const DATASETS = ['inventory', 'turnover', 'aged_inventory', 'slow_movers', 'return_reasons', 'replenishment', 'transfers', 'oversell', 'order_ops', 'stock'];

function parseArgs(args: string[]): Options {
  const out: Options = { analysts: 50, requests: 500, pushEveryMs: 500, days: 120, skus: 60 };
  const names: Record<string, keyof Options> = { '--analysts': 'analysts', '--requests': 'requests', '--push-every-ms': 'pushEveryMs', '--days': 'days', '--skus': 'skus' };
  for (let i = 0; i < args.length; i += 2) {
    const key = names[args[i]];
    const value = Number(args[i + 1]);
    if (!key) throw new UsageError(`unknown option ${args[i]}; options: ${Object.keys(names).join(' N, ')} N`);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`${args[i]} needs a positive whole number`);
    out[key] = value;
  }
  return out;
}

interface Answer {
  status: number;
  body: string;
}

function call(url: string, token: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        // the development certificate is self-signed for localhost: a local measurement only
        rejectUnauthorized: false,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export async function run(rawArgs: string[]): Promise<void> {
  const options = parseArgs(rawArgs);
  log.level = 'warn'; // one line per request would drown the figures
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-bench-load-'));
  const wh = await DuckWarehouse.open(':memory:');
  let stopSandboxes: (() => unknown) | null = null;
  let closeServer: (() => Promise<void>) | null = null;
  try {
    const t0 = performance.now();
    await writeDemoData({ outDir: join(dir, 'demo'), days: options.days, skus: options.skus, scale: 0.5 });
    for (const step of demoIngestPlan(join(dir, 'demo'))) await ingestPaths(wh, step.paths, { marketplace: step.marketplace });
    say(`demo seller: ${options.skus} SKUs, ${options.days} days loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The channel sandboxes and writer settings exactly as `npm start` wires them.
    const { startHook } = require('../server/hooks/sandboxes') as typeof import('../server/hooks/sandboxes');
    stopSandboxes = (await startHook.run({ warehouse: wh, dbPath: ':memory:', say: () => undefined })) ?? null;
    const { startServer } = require('../server/serve') as typeof import('../server/serve');
    const { createToken } = require('../server/auth/tokenStore') as typeof import('../server/auth/tokenStore');
    const server = await startServer({ warehouse: wh, port: 0, say: () => undefined, serveHooks: [] });
    closeServer = () => server.close();
    const base = `${server.url.replace('localhost', '127.0.0.1')}/api/v1`;
    const analyst = (await createToken(wh, { name: 'bench analyst', role: 'analyst', now: new Date() })).token;
    const manager = (await createToken(wh, { name: 'bench manager', role: 'manager', now: new Date() })).token;
    for (const name of DATASETS) await call(`${base}/datasets/${name}`, analyst); // warm: marts built once

    // The listings a push may change: editable, with a known quantity.
    const editable = await wh.all<{ listing_id: string; channel_quantity_units: number }>(
      `select s.listing_id, s.channel_quantity_units from listing s join location l on l.location_id = s.location_id
       where s.fulfilment = 'merchant' and l.is_settable and s.channel_quantity_units is not null order by s.listing_id limit 200`,
    );
    const versionsBefore = Number(await dataVersion(wh));
    const latencies: number[] = [];
    const failures = new Map<string, number>();
    let issued = 0;
    let pushes = 0;
    let ingests = 0;
    let running = true;

    const analystLoop = async (seat: number) => {
      for (let n = seat; issued < options.requests; n++) {
        issued += 1;
        const name = DATASETS[n % DATASETS.length];
        const t = performance.now();
        const answer = await call(`${base}/datasets/${name}`, analyst).catch((err: Error) => ({ status: 0, body: err.message }));
        latencies.push(performance.now() - t);
        if (answer.status !== 200) {
          const key = `${name} ${answer.status} ${answer.body.slice(0, 120)}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    };
    const pushLoop = async () => {
      for (let i = 0; running && editable.length; i++) {
        const listing = editable[i % editable.length];
        const [current] = await wh.all<{ version: string }>('select version from listing_version where listing_id = $1', [listing.listing_id]);
        const body = [{ listing: listing.listing_id, expected_version: current.version, new_quantity: 1 + ((listing.channel_quantity_units + i + 1) % 50) }];
        const answer = await call(`${base}/stock/apply`, manager, 'POST', body, { 'idempotency-key': `bench-load-${Date.now()}-${i}` });
        if (answer.status === 200) pushes += 1;
        else failures.set(`push ${answer.status} ${answer.body.slice(0, 120)}`, (failures.get(`push ${answer.status} ${answer.body.slice(0, 120)}`) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, options.pushEveryMs));
      }
    };
    const ingestOnce = async () => {
      while (running && issued < options.requests / 2) await new Promise((resolve) => setTimeout(resolve, 50));
      const [row] = await wh.all<{ sku: string; location_id: string; day: string }>(
        "select sku, location_id, cast(max(snapshot_date) as varchar) as day from inventory_snapshot where location_id not like 'FBA%' group by sku, location_id order by sku limit 1",
      );
      const file = join(dir, 'inventory-update.csv');
      writeFileSync(file, `snapshot_date,sku,location_id,on_hand,available\n${row.day},${row.sku},${row.location_id},7,7\n`);
      await ingestPaths(wh, [file], {});
      ingests += 1;
    };

    const started = performance.now();
    const changes = Promise.all([pushLoop(), ingestOnce()]);
    await Promise.all(Array.from({ length: options.analysts }, (_, seat) => analystLoop(seat)));
    running = false;
    await changes;
    const wallS = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const errors = [...failures.values()].reduce((a, b) => a + b, 0);
    for (const [what, count] of failures) say(`  ${count} × ${what}`);
    say(`${latencies.length} requests by ${options.analysts} analysts in ${wallS.toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    say(
      `BENCH load requests=${latencies.length} errors=${errors} p50_ms=${Math.round(percentile(sorted, 50))} p99_ms=${Math.round(percentile(sorted, 99))} ` +
        `max_ms=${Math.round(sorted[sorted.length - 1])} pushes=${pushes} ingests=${ingests} data_versions=${Number(await dataVersion(wh)) - versionsBefore}`,
    );
  } finally {
    await closeServer?.();
    await stopSandboxes?.();
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
