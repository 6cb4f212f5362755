// The local admin channel of a running server: a Unix socket beside the database file, readable
// and writable only by the OS user the server runs as (mode 0600). The server owns the DuckDB file
// while it runs, so `crossdock token …`, `crossdock query` and `crossdock ingest` send their work
// here instead of stopping the service: a new token works, and a revoked one stops working, on the
// next request (the authenticator reads api_token on every request); a file loads in the server's
// own writer queue and the marts catch up as after any load; a query is answered by the server's
// dataset registry. Who may use it is who may read the database file anyway: the operator of the
// machine. JSON over HTTP on the socket, no TLS (no network). Long answers (query rows, one
// report per ingested file) stream as JSON lines ending in {"end":true} or {"error":…}.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CrossdockError, InternalError, NotFoundError, RetryLaterError, UsageError } from '../errors';
import type { IngestOptions } from '../ingest';
import { log } from '../log';
import type { Warehouse } from '../warehouse/types';
import { JSON_ROW_SEPARATOR } from '../warehouse/jsonRows';
import { createToken, listTokens, revokeTokens, type RevokeSelector } from './auth/tokenStore';
import type { DatasetRegistry } from './deps';
import type { PipelineControl } from './routes/pipeline';

/** Unix socket paths are limited to ~104 bytes: beside the database when short enough, else in the temp folder. */
export function adminSocketPath(dbPath: string): string {
  const full = resolve(dbPath);
  const beside = join(dirname(full), `.${basename(full)}.admin.sock`);
  return beside.length <= 100 ? beside : join(tmpdir(), `crossdock-${createHash('sha256').update(full).digest('hex').slice(0, 16)}.admin.sock`);
}

type Handler = (body: Record<string, unknown>) => Promise<unknown>;
/** A streamed answer: `emit` sends one JSON line (an object, or its JSON text) and waits while the client is slow. */
type StreamHandler = (body: Record<string, unknown>, emit: (line: unknown) => Promise<void>) => Promise<void>;

function handlers(warehouse: Warehouse, clock: () => Date, pipeline: () => PipelineControl | undefined): Record<string, Handler> {
  return {
    // `crossdock run` beside the server: one pass in the server's own scheduler (its locks, its
    // configuration), as POST /api/v1/pipeline/run does
    'POST /run': async (body) => {
      const control = pipeline();
      if (!control) throw new RetryLaterError('the running server has no pipeline (it was started without a crossdock.config.json)', 'CD_PIPELINE_OFF');
      const only = Array.isArray(body.only) ? body.only.map(String) : undefined;
      return control.runNow({ only, trigger: 'cli', skipInbox: body.skipInbox === true });
    },
    'POST /tokens': async (body) => createToken(warehouse, { name: String(body.name ?? ''), role: String(body.role ?? ''), now: clock() }),
    'GET /tokens': async (body) => listTokens(warehouse, { includeRevoked: body.all === true }),
    'POST /tokens/revoke': async (body) => revokeTokens(warehouse, body.selector as RevokeSelector, clock()),
  };
}

/** Row texts of a server dataset chunk (see deps.ts DatasetChunk), joined as JSON array elements. */
function rowTexts(chunk: Awaited<ReturnType<DatasetRegistry['streamDataset']>> extends AsyncIterable<infer C> ? C : never): string {
  if (chunk.jsonChunk) return chunk.jsonChunk.rowCount === 0 ? '' : chunk.jsonChunk.text.split(JSON_ROW_SEPARATOR).join(',');
  if (chunk.jsonRows) return chunk.jsonRows.join(',');
  return (chunk.rows ?? []).map((row) => JSON.stringify(row)).join(',');
}

function streamHandlers(warehouse: Warehouse, datasets: () => DatasetRegistry): Record<string, StreamHandler> {
  return {
    // `crossdock query` beside the server: the rows as the API's dataset path answers them.
    'POST /query': async (body, emit) => {
      const registry = datasets();
      const name = String(body.name ?? '');
      const raw = (body.raw ?? {}) as Record<string, string>;
      registry.validateParams(name, raw);
      // As on the file, the answer includes what was just loaded: wait for the models to catch
      // up (the API waits at most a second, then answers from the previous build).
      const { ensureMartsFresh, getDataset } = require('../analytics') as typeof import('../analytics');
      if (getDataset(name).usesMarts !== false) await ensureMartsFresh(warehouse);
      for await (const chunk of registry.streamDataset(warehouse, name, raw)) {
        const meta = JSON.stringify({ columns: chunk.columns, params: chunk.params ?? {}, warnings: chunk.warnings ?? [] });
        await emit(`${meta.slice(0, -1)},"rows":[${rowTexts(chunk)}]}`);
      }
    },
    // `crossdock ingest` beside the server: the same load, in this process's writer queue.
    'POST /ingest': async (body, emit) => {
      const { ingestReporting } = require('../ingest/history') as typeof import('../ingest/history');
      const files = (body.files ?? []) as string[];
      const options = body.options as IngestOptions;
      // Lines are written in order as the files land; a client that went away (Ctrl+C) stops
      // the run after the file in hand, as Ctrl+C does on the file.
      let gone: unknown;
      const send = (line: unknown) => void emit(line).catch((err: unknown) => (gone ??= err));
      await ingestReporting(warehouse, files, { ...options, onProgress: (progress) => send({ progress }) }, (report) => {
        if (gone !== undefined) return 'stop';
        send({ report });
      });
      if (gone !== undefined) throw gone;
    },
  };
}

/** The wire form of an expected failure, so the client rebuilds the same error (code, exit code). */
function errorPayload(err: unknown): { code: string; message: string; exitCode: number; httpStatus: number } {
  if (err instanceof CrossdockError) return { code: err.code, message: err.message, exitCode: err.exitCode, httpStatus: err.httpStatus };
  log.error({ err }, 'admin socket command failed');
  return { code: 'CD_INTERNAL', message: 'internal error in the running server; its log has the details', exitCode: 70, httpStatus: 500 };
}

export function errorFromPayload(payload: { code: string; message: string; exitCode: number; httpStatus: number }): CrossdockError {
  return new CrossdockError(payload.code, payload.message, payload.exitCode, payload.httpStatus);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export interface AdminSocket {
  path: string;
  close(): Promise<void>;
}

/** Writes one JSON line, waiting for the client to read when its buffer is full; fails once the client has gone. */
function lineWriter(res: ServerResponse): (line: unknown) => Promise<void> {
  return async (line) => {
    if (res.destroyed || res.writableEnded) throw new UsageError('the admin client went away', 'CD_ADMIN_CLIENT_GONE');
    const text = typeof line === 'string' ? line : JSON.stringify(line, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
    if (!res.write(text + '\n')) await new Promise<void>((resolvePromise) => res.once('drain', resolvePromise).once('close', resolvePromise));
  };
}

/**
 * Listens on the admin socket of `dbPath` (replacing a stale socket file a killed server left).
 * `datasets` answers queries (default: the real analytics registry, loaded on the first query).
 */
export async function listenAdminSocket(
  warehouse: Warehouse,
  dbPath: string,
  clock: () => Date = () => new Date(),
  datasets?: DatasetRegistry,
  pipeline: () => PipelineControl | undefined = () => undefined,
): Promise<AdminSocket> {
  const path = adminSocketPath(dbPath);
  const routes = handlers(warehouse, clock, pipeline);
  let registry = datasets;
  const streams = streamHandlers(warehouse, () => (registry ??= (require('./analyticsRegistry') as typeof import('./analyticsRegistry')).loadAnalyticsRegistry()));
  // The database lock proves no other live server uses this socket: a file here is stale.
  if (existsSync(path)) unlinkSync(path);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const key = `${req.method} ${req.url}`;
    const route = routes[key];
    const stream = streams[key];
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    };
    if (stream) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const emit = lineWriter(res);
      readBody(req)
        .then((body) => stream(body, emit))
        .then(() => emit({ end: true }))
        .catch((err: unknown) => (err instanceof CrossdockError && err.code === 'CD_ADMIN_CLIENT_GONE' ? undefined : emit({ error: errorPayload(err) })))
        .catch(() => undefined) // the client went away: nobody to tell
        .finally(() => res.end());
      return;
    }
    if (!route) return send(404, { code: 'CD_NOT_FOUND', message: `no admin command ${req.method} ${req.url}` });
    readBody(req)
      .then(route)
      .then((result) => send(200, { result }))
      .catch((err: unknown) => {
        const payload = errorPayload(err);
        send(payload.httpStatus, payload);
      });
  });
  // Bound in a private (0700) folder and made 0600 before it is moved into place, so no other
  // user can connect in between; a socket keeps working under its new name.
  const privateDir = mkdtempSync(join(dirname(path), '.cdadm-'));
  const bound = join(privateDir, 's');
  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      server.listen(bound, () => resolvePromise());
    });
    chmodSync(bound, 0o600);
    renameSync(bound, path);
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
  return {
    path,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections(); // a query still streaming must not hold the shutdown
        if (existsSync(path)) unlinkSync(path);
      }),
  };
}

/** Sends one admin command to the server running on `dbPath`; null when none listens there. */
export async function callAdminSocket<T>(dbPath: string, method: 'GET' | 'POST', route: string, body: unknown = {}): Promise<T | null> {
  const path = adminSocketPath(dbPath);
  if (!existsSync(path)) return null;
  const payload = JSON.stringify(body);
  const answer = await new Promise<{ status: number; text: string } | null>((resolvePromise, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    const req = request({ socketPath: path, method, path: route, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // A socket file nobody listens on (a server killed with -9): no running server.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? resolvePromise(null) : reject(err)));
    req.end(payload);
  });
  if (answer === null) return null;
  const parsed = JSON.parse(answer.text) as { result?: T; code?: string; message?: string; exitCode?: number };
  if (answer.status !== 200) {
    const message = parsed.message ?? `the running server refused: HTTP ${answer.status}`;
    const code = parsed.code ?? 'CD_ADMIN_REFUSED';
    // the server's own error, with its exit code, as if the command had run on the file
    if (typeof parsed.exitCode === 'number') throw errorFromPayload({ code, message, exitCode: parsed.exitCode, httpStatus: answer.status });
    if (answer.status === 404) throw new NotFoundError(message, code);
    if (answer.status < 500) throw new UsageError(message, code);
    throw new CrossdockError(code, message, 70, answer.status);
  }
  return parsed.result as T;
}

/**
 * Opens a streamed admin command on the server running on `dbPath`: its JSON lines, in order,
 * ending where the server said {"end":true}; an {"error":…} line is thrown as the server's own
 * error (same code and exit code). Null when no server listens there.
 */
export async function streamAdminSocket(dbPath: string, route: string, body: unknown): Promise<AsyncGenerator<Record<string, unknown>> | null> {
  const path = adminSocketPath(dbPath);
  if (!existsSync(path)) return null;
  const payload = JSON.stringify(body);
  const res = await new Promise<IncomingMessage | null>((resolvePromise, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    const req = request({ socketPath: path, method: 'POST', path: route, headers }, resolvePromise);
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? resolvePromise(null) : reject(err)));
    req.end(payload);
  });
  if (res === null) return null;
  if (res.statusCode !== 200) {
    res.resume();
    throw new InternalError(`the running server does not know ${route} (HTTP ${res.statusCode}): is it an older version? Restart it, or stop it and rerun`, 'CD_ADMIN_REFUSED');
  }
  return (async function* lines() {
    let buffered = '';
    for await (const chunk of res) {
      buffered += (chunk as Buffer).toString('utf8');
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
        buffered = buffered.slice(nl + 1);
        if (line.end === true) return;
        if (line.error) throw errorFromPayload(line.error as Parameters<typeof errorFromPayload>[0]);
        yield line;
      }
    }
    throw new InternalError('the running server closed the admin connection before the answer was complete (did it stop?)', 'CD_ADMIN_CLOSED');
  })();
}

/**
 * Runs `remote` through the server that holds `db` when one listens on its admin socket, else
 * `local` on the database file itself (as when no server runs). `remote` returns null when no
 * server answered (a stale socket file a killed server left).
 */
export async function onDatabase<T>(db: string | undefined, local: (warehouse: Warehouse) => Promise<T>, remote: (dbPath: string) => Promise<T | null>): Promise<T> {
  const { DEFAULT_DB_PATH, DuckWarehouse } = require('../warehouse/duckdb') as typeof import('../warehouse/duckdb');
  const path = db ?? DEFAULT_DB_PATH;
  const answer = await remote(path);
  if (answer !== null) return answer;
  const warehouse = await DuckWarehouse.open(path);
  try {
    return await local(warehouse);
  } finally {
    warehouse.close();
  }
}
