// `crossdock token create|list|revoke`: API bearer tokens, stored as hashes in the database.
// While `crossdock serve` holds the database they send the work to the server's local admin
// socket (pipeline/server/adminSocket.ts), so an operator never stops the service to add a user
// or revoke a leaked token; with no server running they open the database file.
import { Command } from 'commander';
import { NotFoundError, UsageError } from '../errors';
import { say } from '../log';

function admin(): typeof import('../server/adminSocket') {
  return require('../server/adminSocket') as typeof import('../server/adminSocket');
}

export interface TokenCreateOptions {
  db?: string;
  role: string;
  name: string;
}

export async function tokenCreate(opts: TokenCreateOptions, now: Date = new Date()): Promise<string[]> {
  const { createToken } = require('../server/auth/tokenStore') as typeof import('../server/auth/tokenStore');
  const created = await admin().onDatabase(
    opts.db,
    (warehouse) => createToken(warehouse, { name: opts.name, role: opts.role, now }),
    (path) => admin().callAdminSocket<Awaited<ReturnType<typeof createToken>>>(path, 'POST', '/tokens', { name: opts.name, role: opts.role }),
  );
  return [
    `token ${created.tokenId} for "${created.name}" (${created.role}):`,
    created.token,
    'It is shown only this once; paste it into the add-in (Connect). Revoke it with `crossdock token revoke ' + created.tokenId + '`.',
  ];
}

export async function tokenList(opts: { db?: string; all?: boolean }): Promise<string[]> {
  const { listTokens } = require('../server/auth/tokenStore') as typeof import('../server/auth/tokenStore');
  const tokens = await admin().onDatabase(
    opts.db,
    (warehouse) => listTokens(warehouse, { includeRevoked: opts.all }),
    (path) => admin().callAdminSocket<Awaited<ReturnType<typeof listTokens>>>(path, 'GET', '/tokens', { all: opts.all === true }),
  );
  if (tokens.length === 0) return [opts.all ? 'no tokens' : 'no active tokens (`crossdock token create --role analyst --name NAME`)'];
  const day = (ts: string | null) => (ts ? ts.slice(0, 16).replace('T', ' ') : '-');
  const rows = tokens.map((t) => [t.token_id, t.role, t.token_name + (t.is_demo ? ' [demo]' : ''), day(t.created_at), day(t.last_used_at), t.revoked_at ? day(t.revoked_at) : '-']);
  const header = ['id', 'role', 'name', 'created (UTC)', 'last used', 'revoked'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export interface TokenRevokeOptions {
  db?: string;
  name?: string;
  demo?: boolean;
}

export async function tokenRevoke(id: string | undefined, opts: TokenRevokeOptions, now: Date = new Date()): Promise<string[]> {
  const { revokeTokens } = require('../server/auth/tokenStore') as typeof import('../server/auth/tokenStore');
  const chosen = [id !== undefined, opts.name !== undefined, opts.demo === true].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('give exactly one of: a token id, --name NAME, --demo');
  const selector = id !== undefined ? { tokenId: id } : opts.name !== undefined ? { name: opts.name } : { demo: true as const };
  const revoked = await admin().onDatabase(
    opts.db,
    (warehouse) => revokeTokens(warehouse, selector, now),
    (path) => admin().callAdminSocket<string[]>(path, 'POST', '/tokens/revoke', { selector }),
  );
  if (revoked.length === 0) {
    throw new NotFoundError('no active token matched; `crossdock token list` shows them', 'CD_TOKEN_UNKNOWN');
  }
  return [`revoked ${revoked.length} token(s): ${revoked.join(', ')}`];
}

export function register(program: Command): void {
  const token = program.command('token').description('create, list and revoke API tokens (roles: analyst, manager)');
  const print = async (lines: Promise<string[]>) => {
    for (const line of await lines) say(line);
  };
  token
    .command('create')
    .description('create a token and print it once (only its hash is stored)')
    .option('--db <file>', 'DuckDB database file (default: $CROSSDOCK_DB or data/crossdock.duckdb)')
    .requiredOption('--role <role>', 'analyst (read datasets, ledger, runs) or manager (also write stock, trigger runs)')
    .requiredOption('--name <name>', 'who holds it, e.g. "excel-anna"')
    .action((opts: TokenCreateOptions) => print(tokenCreate(opts)));
  token
    .command('list')
    .description('list active tokens (never the token text)')
    .option('--db <file>', 'DuckDB database file')
    .option('--all', 'include revoked tokens')
    .action((opts: { db?: string; all?: boolean }) => print(tokenList(opts)));
  token
    .command('revoke [id]')
    .description('revoke a token by id, every active token with a name, or every demo token')
    .option('--db <file>', 'DuckDB database file')
    .option('--name <name>', 'revoke the active tokens with this name')
    .option('--demo', 'revoke every token issued by `npm start`')
    .action((id: string | undefined, opts: TokenRevokeOptions) => print(tokenRevoke(id, opts)));
}
