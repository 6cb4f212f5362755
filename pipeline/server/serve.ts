// The long-running server process: owns the DuckDB file (one read-write opener per file, see
// ARCHITECTURE.md "One process owns the DuckDB file"), serves HTTPS, runs the serve hooks
// (scheduler), and closes everything in order on shutdown so the file is checkpointed.
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ConfigError } from '../errors';
import { log, say as sayLine } from '../log';
import { DEFAULT_DB_PATH, DuckWarehouse } from '../warehouse/duckdb';
import type { Warehouse } from '../warehouse/types';
import { loadAnalyticsRegistry } from './analyticsRegistry';
import { buildServer } from './app';
import { authFailureLimitFromEnv } from './auth/failureLimit';
import { TokenAuthenticator } from './auth/tokenStore';
import { DatasetRegistry, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_HOST, DEFAULT_PORT, ServerDeps } from './deps';
import { loadHooks, runHooks, ServeHook } from './hooks';
import { serverHostNames } from './hostNames';
import { ADDIN_ENTRY, ADDIN_PREFIX } from './routes/addin';
import { resolveTls } from './tls';
import { loadBigQueryEngine } from '../warehouse/bigquery/lazy';

export const DEFAULT_ADDIN_DIR = resolve(__dirname, '../../dist/addin');
export const VERSION: string = (require('../../package.json') as { version: string }).version;

export interface ServeOptions {
  db?: string;
  port?: number;
  host?: string;
  cert?: string;
  key?: string;
  /** Extra web origins allowed to call the API (the server's own origin always is). */
  origins?: string[];
  addinDir?: string;
  /** An already open warehouse (npm start); the caller keeps ownership and closes it. */
  warehouse?: Warehouse;
  datasets?: DatasetRegistry;
  serveHooks?: ServeHook[];
  clock?: () => Date;
  say?: (line: string) => void;
  /** Memory for encoded dataset answers (ServerConfig.answerCacheBytes). */
  answerCacheBytes?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  deps: ServerDeps;
  /** e.g. https://localhost:3000 */
  url: string;
  addinUrl: string;
  /** What a stop in progress waits for (pipeline runs, the analytics build), for the terminal. */
  waitingFor(): string[];
  close(): Promise<void>;
}

/** The cert covers localhost and 127.0.0.1; Office expects localhost, so print that. */
export function publicHost(host: string): string {
  return ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host) ? 'localhost' : host;
}

export function checkOrigin(origin: string): string {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new ConfigError(`--origin ${origin} is not a URL; give it as https://host[:port]`, 'CD_ORIGIN_INVALID');
  }
  if (parsed.protocol !== 'https:' || parsed.origin !== origin.replace(/\/$/, '')) {
    throw new ConfigError(`--origin must be an https origin without a path, e.g. https://addin.example.com; got ${origin}`, 'CD_ORIGIN_INVALID');
  }
  return parsed.origin;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? (() => new Date());
  const say = options.say ?? sayLine;
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? DEFAULT_HOST;
  const origins = (options.origins ?? []).map(checkOrigin);
  // The database first: when another process holds it, that is the message to see (CD_DB_LOCKED).
  const dbPath = options.db ?? DEFAULT_DB_PATH;
  const isNewFile = !options.warehouse && dbPath !== ':memory:' && !existsSync(dbPath);
  const own = options.warehouse ? undefined : await DuckWarehouse.open(dbPath);
  const warehouse = options.warehouse ?? own!;
  if (isNewFile) say(`Created a new, empty database ${dbPath} (load data with \`crossdock ingest\` or the scheduler).`);
  const closeOwnWarehouse = () => own?.close();
  try {
    const tls = await resolveTls({ cert: options.cert, key: options.key, clock });
    // warehouse.engine bigquery in crossdock.config.json: datasets come from BigQuery (docs/bigquery.md)
    const { configuredDatasetRegistry } = loadBigQueryEngine();
    const datasets = options.datasets ?? configuredDatasetRegistry() ?? loadAnalyticsRegistry();
    const deps: ServerDeps = {
      warehouse,
      datasets,
      auth: new TokenAuthenticator(warehouse, clock),
      config: {
        allowedOrigins: origins,
        addinDir: options.addinDir ?? DEFAULT_ADDIN_DIR,
        bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
        version: VERSION,
        https: true,
        instanceId: randomBytes(4).toString('hex'),
        hostNames: serverHostNames({ host, certificate: tls.cert, origins }),
        authFailureLimit: authFailureLimitFromEnv(),
        answerCacheBytes: options.answerCacheBytes,
      },
      clock,
    };
    const app = await buildServer(deps, { https: tls });
    try {
      await app.listen({ port, host });
    } catch (err) {
      await app.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new ConfigError(`port ${port} on ${host} is already in use; stop what holds it or pass --port`, 'CD_PORT_IN_USE', { cause: err });
      if (code === 'EACCES') throw new ConfigError(`no permission to listen on port ${port}; use a port above 1023`, 'CD_PORT_DENIED', { cause: err });
      throw err;
    }
    const url = `https://${publicHost(host)}:${(app.server.address() as AddressInfo).port}`;
    // Warm up in the background: requests are served meanwhile (the first may wait for it).
    let building = datasets.prepare !== undefined;
    const preparing = datasets
      .prepare?.(warehouse)
      .catch((err: unknown) => log.warn({ err }, 'could not prepare the analytics models'))
      .finally(() => (building = false));
    let stopHooks: () => Promise<void>;
    try {
      stopHooks = await runHooks(options.serveHooks ?? loadHooks().serveHooks, { app, deps, url, say });
    } catch (err) {
      await app.close();
      throw err;
    }
    return {
      app,
      deps,
      url,
      addinUrl: `${url}${ADDIN_PREFIX}${ADDIN_ENTRY}`,
      waitingFor: () => [
        ...(deps.pipeline?.status().filter((stream) => stream.running).map((stream) => `pipeline run ${stream.key}`) ?? []),
        ...(building ? ['the analytics build'] : []),
        ...(datasets.background?.running(warehouse) ? ['the analytics rebuild a refresh started'] : []),
      ],
      close: async () => {
        await stopHooks();
        await app.close();
        await preparing; // never close the database under a running build
        await datasets.background?.stop(warehouse);
        await own?.closeCheckpointed();
      },
    };
  } catch (err) {
    closeOwnWarehouse();
    throw err;
  }
}

export interface ShutdownOptions {
  say?: (line: string) => void;
  /** What the stop is waiting for, printed while it waits. */
  waitingFor?: () => string[];
  /** Best effort on a forced stop: write the WAL into the database file (FORCE CHECKPOINT). */
  checkpoint?: () => Promise<void>;
  /** How often to say what the stop still waits for (ms). */
  reportEveryMs?: number;
  /** process.exit, replaceable in tests. */
  exit?: (code: number) => void;
}

/** Exit code of a stop forced by a second Ctrl+C (128 + SIGINT, as shells report it). */
export const FORCED_EXIT_CODE = 130;
const FORCE_CHECKPOINT_MS = 1500;

/**
 * Resolves when the process gets SIGINT or SIGTERM, after `close` has run. While it closes it
 * says what it waits for; a second signal forces the stop: a best-effort checkpoint (so no WAL is
 * left when the database is idle) and exit 130.
 */
export function untilSignal(close: () => Promise<void>, options: ShutdownOptions | ((line: string) => void) = {}): Promise<void> {
  const { say = sayLine, waitingFor = () => [], checkpoint, reportEveryMs = 2000, exit = (code: number) => process.exit(code) } =
    typeof options === 'function' ? { say: options } : options;
  return new Promise((resolvePromise, reject) => {
    let report: NodeJS.Timeout | null = null;
    const sayWaiting = () => {
      const pending = waitingFor();
      if (pending.length) say(`  waiting for: ${pending.join(', ')} (Ctrl+C again to force the stop)`);
    };
    const force = (signal: NodeJS.Signals) => {
      if (report) clearInterval(report);
      const pending = waitingFor();
      say(`${signal} again: forcing the stop${pending.length ? ` without waiting for ${pending.join(', ')}` : ''}; runs cut short are re-read at the next start (exit ${FORCED_EXIT_CODE})`);
      const timeout = new Promise<void>((r) => setTimeout(r, FORCE_CHECKPOINT_MS).unref());
      void Promise.race([(checkpoint?.() ?? Promise.resolve()).catch(() => undefined), timeout]).then(() => exit(FORCED_EXIT_CODE));
    };
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      say(`${signal}: stopping the server and closing the database…`);
      setTimeout(sayWaiting, Math.min(500, reportEveryMs)).unref();
      report = setInterval(sayWaiting, reportEveryMs);
      report.unref();
      close()
        .finally(() => {
          if (report) clearInterval(report);
          process.off('SIGINT', force);
          process.off('SIGTERM', force);
        })
        .then(() => {
          say('Stopped; the database is checkpointed and closed.');
          resolvePromise();
        }, reject);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
