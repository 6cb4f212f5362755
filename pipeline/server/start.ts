// `npm start`: from a fresh clone to a serving demo, offline. Generates and loads the demo data
// when the database is empty, builds the add-in bundle when it is missing, issues a demo analyst
// and manager token, runs the start hooks (channel sandboxes), then serves like `crossdock serve`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SANDBOX_ORDERS_DIR } from '../channels/contract/sandboxOrders';
import { loadConfigIfPresent } from '../config/load';
import type { DemoOptions } from '../demo';
import { demoStreamStarts } from '../demo/streamStarts';
import { planTargets } from '../scheduler/runner';
import { log, say as sayLine } from '../log';
import { DEFAULT_DB_PATH, DuckWarehouse } from '../warehouse/duckdb';
import type { Warehouse } from '../warehouse/types';
import type { FileSummary } from '../ingest';
import { createToken } from './auth/tokenStore';
import { loadHooks, runHooks, ServeHook, StartHook } from './hooks';
import { ADDIN_ENTRY } from './routes/addin';
import { DEFAULT_ADDIN_DIR, RunningServer, startServer, untilSignal } from './serve';
import { startProgress, type StartProgress, type StepProgress } from './startProgress';

export const REPO_ROOT = resolve(__dirname, '../..');
export const DEMO_SEED = 42;

export interface StartOptions {
  db?: string;
  port?: number;
  host?: string;
  cert?: string;
  key?: string;
  /** Delete the database and the demo files first. */
  fresh?: boolean;
  /** First port of the channel sandboxes (required ports; default: the config's, else free ones). */
  sandboxPorts?: number;
  /** false: never run webpack (tests, or when the bundle is built elsewhere). */
  buildAddin?: boolean;
  say?: (line: string) => void;
  clock?: () => Date;
  /** Overrides for tests: a smaller demo, other hooks, another bundle folder. */
  demo?: Partial<DemoOptions>;
  startHooks?: StartHook[];
  serveHooks?: ServeHook[];
  addinDir?: string;
}

const DEMO_LOAD_KEY = 'demo_load'; // setting: 'started' | 'done'

/**
 * True when the database holds no data yet, or when an earlier start began loading the demo and
 * did not finish (loading again is safe: every load is an idempotent upsert).
 */
export async function needsDemoData(warehouse: Warehouse): Promise<boolean> {
  const [row] = await warehouse.all<{ n: number; demo_load: string | null }>(
    `select
        (select count(*) from order_line) + (select count(*) from inventory_snapshot) + (select count(*) from sku) as n,
        (select setting_value from setting where setting_key = $1) as demo_load`,
    [DEMO_LOAD_KEY],
  );
  return row.n === 0 || row.demo_load === 'started';
}

async function markDemoLoad(warehouse: Warehouse, state: 'started' | 'done'): Promise<void> {
  await warehouse.run(
    `insert into setting (setting_key, setting_value) values ($1, $2)
     on conflict (setting_key) do update set setting_value = excluded.setting_value, updated_at = now()::timestamp`,
    [DEMO_LOAD_KEY, state],
  );
}

export async function loadDemoData(
  warehouse: Warehouse,
  demoDir: string,
  say: (line: string) => void,
  demoOptions: Partial<DemoOptions> = {},
  progress: StartProgress = startProgress({ say }),
): Promise<void> {
  // Loaded here, not at the top: `crossdock serve` never needs the generator or the loaders.
  const demo = require('../demo') as typeof import('../demo');
  const ingest = require('../ingest') as typeof import('../ingest');
  await markDemoLoad(warehouse, 'started');
  let t = performance.now();
  say(`Generating demo data (seed ${DEMO_SEED}) in ${demoDir} …`);
  let days: StepProgress | undefined;
  const { stats } = await demo.writeDemoData({
    outDir: demoDir,
    seed: DEMO_SEED,
    scale: 1,
    ...demoOptions,
    onProgress: (done, total) => {
      days ??= progress('generating', total, 'days');
      days.update(done);
    },
  });
  days?.stop();
  say(`  done in ${seconds(t)}; loading it into ${warehouse.path} …`);
  t = performance.now();
  // Some Amazon reports do not name their marketplace: the demo keeps DE's apart, and the plan
  // says which marketplace each folder is.
  const steps = demo.demoIngestPlan(demoDir).map((step) => ({ ...step, files: ingest.expandPaths(step.paths) }));
  const loading = progress('loading', steps.reduce((sum, step) => sum + step.files.length, 0), 'files');
  const files: FileSummary[] = [];
  let done = 0;
  try {
    for (const step of steps) {
      let failure: { error: unknown } | undefined;
      await ingest.ingestEach(warehouse, step.files, { marketplace: step.marketplace }, (result) => {
        if ('error' in result) {
          failure = result;
          return 'stop';
        }
        files.push(...result.summaries);
        const rows = files.reduce((sum, f) => sum + f.rows_loaded, 0);
        loading.update(++done, `${rows.toLocaleString('en-US')} rows`);
      });
      if (failure) throw failure.error;
    }
  } finally {
    loading.stop();
  }
  await startStreamsWhereDemoEnds(warehouse, demoDir, stats.lastDate);
  await markDemoLoad(warehouse, 'done');
  const rejected = files.reduce((sum, f) => sum + f.rows_rejected, 0);
  const rows = files.reduce((sum, f) => sum + f.rows_loaded, 0);
  say(`  loaded ${files.length} files (${rows.toLocaleString('en-US')} rows) in ${seconds(t)}${rejected ? ` (${rejected} rows rejected: see rejected_row)` : ''}`);
}

/**
 * Sets the watermark of every configured stream (that has none) to where the demo files end, so
 * the first scheduled runs pull only what is new (pipeline/demo/streamStarts.ts).
 */
export async function startStreamsWhereDemoEnds(warehouse: Warehouse, demoDir: string, lastDate: string, loaded = loadConfigIfPresent()): Promise<number> {
  if (!loaded) return 0;
  const ordersDir = join(demoDir, SANDBOX_ORDERS_DIR);
  const apiHistoryChannels = new Set(existsSync(ordersDir) ? readdirSync(ordersDir).filter((f) => f.endsWith('.jsonl')).map((f) => f.replace(/\.jsonl$/, '')) : []);
  const starts = demoStreamStarts({ targets: planTargets(loaded), lastDate, apiHistoryChannels });
  await warehouse.transaction(async (conn) => {
    for (const start of starts) {
      await conn.run(
        `insert into stream_watermark (channel, account, stream, cursor_value, run_id, updated_at)
         values ($1, $2, $3, $4, 'demo-files', now()::timestamp)
         on conflict (channel, account, stream) do nothing`,
        [start.channel, start.account, start.stream, start.cursor],
      );
    }
  });
  return starts.length;
}

/** A few lines on what the database holds, so the person starting it knows what they look at. */
export async function summarize(warehouse: Warehouse): Promise<string[]> {
  const [counts] = await warehouse.all<Record<string, number | string | null>>(`
    select
        (select count(*) from sku) as skus,
        (select count(*) from location) as locations,
        (select count(*) from listing) as listings,
        (select count(distinct channel) from listing) as channels,
        (select count(*) from order_line) as order_lines,
        (select min(ordered_at)::date from order_line) as first_order_date,
        (select max(ordered_at)::date from order_line) as last_order_date,
        (select count(*) from return_line) as returns,
        (select count(*) from inventory_snapshot) as snapshot_rows,
        (select count(distinct snapshot_date) from inventory_snapshot) as snapshot_days,
        (select count(*) from rejected_row) as rejected_rows`);
  const n = (key: string) => Number(counts[key] ?? 0).toLocaleString('en-US');
  const range = counts.first_order_date ? ` (${counts.first_order_date} → ${counts.last_order_date})` : '';
  return [
    `Data: ${n('skus')} SKUs, ${n('locations')} locations, ${n('listings')} listings on ${n('channels')} channels`,
    `      ${n('order_lines')} order lines${range}, ${n('returns')} returns, ${n('snapshot_rows')} stock rows over ${n('snapshot_days')} days` +
      (Number(counts.rejected_rows) > 0 ? `, ${n('rejected_rows')} rejected rows` : ''),
  ];
}

/**
 * Builds the analytics models now, so the add-in's first Refresh does not wait for them. After a
 * demo load (`fullBuild`) every model is built once, with the model being built on the terminal.
 */
export async function prepareAnalytics(warehouse: Warehouse, say: (line: string) => void, fullBuild = false, progress: StartProgress = startProgress({ say })): Promise<void> {
  const { ensureMartsFresh, refreshMarts } = require('../analytics') as typeof import('../analytics');
  const t = performance.now();
  if (fullBuild) {
    say('Building the analytics models …');
    let bar: StepProgress | undefined;
    try {
      await warehouse.transaction(
        (conn) =>
          refreshMarts(conn, {
            onBuildStep: (step, index, total) => {
              bar ??= progress('building', total, 'steps');
              bar.update(index, step);
            },
          }),
        { alongsideWriters: true }, // as the analytics rebuild always runs: it replaces only its own tables
      );
    } finally {
      bar?.stop();
    }
  }
  await ensureMartsFresh(warehouse); // later starts: catch up with what changed (often nothing)
  say(`Analytics models ready (${seconds(t)})`);
}

/** Runs `npx webpack --mode production` when dist/addin has no task pane. Never fatal. */
export async function ensureAddinBuilt(say: (line: string) => void, addinDir: string = DEFAULT_ADDIN_DIR): Promise<boolean> {
  if (existsSync(join(addinDir, ADDIN_ENTRY))) return true;
  if (!existsSync(join(REPO_ROOT, 'webpack.config.js'))) {
    say('Add-in: no webpack.config.js yet, so no bundle to serve (the API works without it).');
    return false;
  }
  const t = performance.now();
  say('Building the Excel add-in (npx webpack --mode production) …');
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolvePromise) => {
    const child = spawn(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['webpack', '--mode', 'production'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolvePromise({ code: -1, output: err.message }));
    child.on('close', (exitCode) => resolvePromise({ code: exitCode, output }));
  });
  if (code === 0 && existsSync(join(addinDir, ADDIN_ENTRY))) {
    say(`  built in ${seconds(t)}`);
    return true;
  }
  say(`Add-in build failed (exit ${code}); serving the API without it. Last lines of webpack's output:`);
  for (const line of output.trimEnd().split('\n').slice(-15)) say(`  | ${line}`);
  return false;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

export interface StartedDemo {
  server: RunningServer;
  analystToken: string;
  managerToken: string;
  /** Stops the server and the start hooks and closes the database. */
  close(): Promise<void>;
}

/** Everything `npm start` does up to serving; `start` then waits for Ctrl+C. */
export async function startDemo(options: StartOptions = {}): Promise<StartedDemo> {
  const began = performance.now();
  const say = options.say ?? sayLine;
  const clock = options.clock ?? (() => new Date());
  const dbPath = options.db ?? DEFAULT_DB_PATH;
  const demoDir = join(dirname(dbPath), 'demo');
  if (options.fresh) {
    for (const path of [dbPath, `${dbPath}.wal`, demoDir]) rmSync(path, { recursive: true, force: true });
    say(`--fresh: removed ${dbPath} and ${demoDir}`);
  }

  const warehouse = await DuckWarehouse.open(dbPath); // CD_DB_LOCKED when a server already holds it
  let stopStartHooks = async () => undefined as void;
  try {
    const firstLoad = await needsDemoData(warehouse);
    if (firstLoad) await loadDemoData(warehouse, demoDir, say, options.demo);
    for (const line of await summarize(warehouse)) say(line);
    await prepareAnalytics(warehouse, say, firstLoad);
    if (options.buildAddin !== false) await ensureAddinBuilt(say, options.addinDir);

    const now = clock();
    const analyst = await createToken(warehouse, { name: 'demo analyst', role: 'analyst', isDemo: true, now });
    const manager = await createToken(warehouse, { name: 'demo manager', role: 'manager', isDemo: true, now });

    stopStartHooks = await runHooks(options.startHooks ?? loadHooks().startHooks, { warehouse, dbPath, say, sandboxPorts: options.sandboxPorts });
    const server = await startServer({
      warehouse,
      port: options.port,
      host: options.host,
      cert: options.cert,
      key: options.key,
      addinDir: options.addinDir,
      serveHooks: options.serveHooks,
      clock,
      say,
    });
    say('');
    say(`Crossdock is ready in ${seconds(began)}: ${server.url}`);
    say(`  Excel add-in:  ${server.addinUrl}`);
    say(`  API:           ${server.url}/api/v1/health`);
    say(`  analyst token: ${analyst.token}`);
    say(`  manager token: ${manager.token}`);
    say('  (new demo tokens on every start; `crossdock token revoke --demo` revokes them all)');
    return {
      server,
      analystToken: analyst.token,
      managerToken: manager.token,
      close: async () => {
        try {
          await server.close();
          await stopStartHooks();
        } finally {
          await warehouse.closeCheckpointed();
        }
      },
    };
  } catch (err) {
    await stopStartHooks().catch((stopErr: unknown) => log.warn({ err: stopErr }, 'start hooks did not stop cleanly'));
    warehouse.close();
    throw err;
  }
}

export async function start(options: StartOptions = {}): Promise<void> {
  const say = options.say ?? sayLine;
  const demo = await startDemo(options);
  say('  stop with Ctrl+C');
  await untilSignal(demo.close, { say, waitingFor: demo.server.waitingFor, checkpoint: () => demo.server.deps.warehouse.run('force checkpoint') });
}
