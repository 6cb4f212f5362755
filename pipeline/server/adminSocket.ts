// The local admin channel of a running server: a Unix socket beside the database file, readable
// and writable only by the OS user the server runs as (mode 0600). The server owns the DuckDB file
// while it runs, so `crossdock token create|list|revoke` send their work here instead of stopping
// the service: a new token works, and a revoked one stops working, on the next request (the
// authenticator reads api_token on every request). Who may use it is who may read the database
// file anyway: the operator of the machine. JSON over HTTP on the socket, no TLS (no network).
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CrossdockError, NotFoundError, UsageError } from '../errors';
import { log } from '../log';
import type { Warehouse } from '../warehouse/types';
import { createToken, listTokens, revokeTokens, type RevokeSelector } from './auth/tokenStore';

/** Unix socket paths are limited to ~104 bytes: beside the database when short enough, else in the temp folder. */
export function adminSocketPath(dbPath: string): string {
  const full = resolve(dbPath);
  const beside = join(dirname(full), `.${basename(full)}.admin.sock`);
  return beside.length <= 100 ? beside : join(tmpdir(), `crossdock-${createHash('sha256').update(full).digest('hex').slice(0, 16)}.admin.sock`);
}

type Handler = (body: Record<string, unknown>) => Promise<unknown>;

function handlers(warehouse: Warehouse, clock: () => Date): Record<string, Handler> {
  return {
    'POST /tokens': async (body) => createToken(warehouse, { name: String(body.name ?? ''), role: String(body.role ?? ''), now: clock() }),
    'GET /tokens': async (body) => listTokens(warehouse, { includeRevoked: body.all === true }),
    'POST /tokens/revoke': async (body) => revokeTokens(warehouse, body.selector as RevokeSelector, clock()),
  };
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

/** Listens on the admin socket of `dbPath` (replacing a stale socket file a killed server left). */
export async function listenAdminSocket(warehouse: Warehouse, dbPath: string, clock: () => Date = () => new Date()): Promise<AdminSocket> {
  const path = adminSocketPath(dbPath);
  const routes = handlers(warehouse, clock);
  // The database lock proves no other live server uses this socket: a file here is stale.
  if (existsSync(path)) unlinkSync(path);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = routes[`${req.method} ${req.url}`];
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    };
    if (!route) return send(404, { code: 'CD_NOT_FOUND', message: `no admin command ${req.method} ${req.url}` });
    readBody(req)
      .then(route)
      .then((result) => send(200, { result }))
      .catch((err: unknown) => {
        const known = err instanceof CrossdockError;
        if (!known) log.error({ err }, 'admin socket command failed');
        send(known ? err.httpStatus : 500, { code: known ? err.code : 'CD_INTERNAL', message: known ? err.message : 'internal error; the server log has the details' });
      });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolvePromise());
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
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
  const parsed = JSON.parse(answer.text) as { result?: T; code?: string; message?: string };
  if (answer.status !== 200) {
    const message = parsed.message ?? `the running server refused: HTTP ${answer.status}`;
    const code = parsed.code ?? 'CD_ADMIN_REFUSED';
    if (answer.status === 404) throw new NotFoundError(message, code);
    if (answer.status < 500) throw new UsageError(message, code);
    throw new CrossdockError(code, message, 70, answer.status);
  }
  return parsed.result as T;
}
