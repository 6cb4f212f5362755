// API tokens in the warehouse (table api_token, sql/schema/010_auth.sql): issue, list, revoke,
// and verify a presented token. The token text itself is returned once by createToken and
// never stored or logged.
import { UsageError } from '../../errors';
import { log } from '../../log';
import type { Warehouse } from '../../warehouse/types';
import { Authenticator, Principal, Role, ROLES } from '../deps';
import { mintToken, tokenIdOf, tokenMatches } from './tokens';

export interface CreateTokenInput {
  name: string;
  role: string;
  isDemo?: boolean;
  now: Date;
}

export interface CreatedToken {
  tokenId: string;
  name: string;
  role: Role;
  token: string;
}

export interface TokenInfo {
  token_id: string;
  token_name: string;
  role: Role;
  is_demo: boolean;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function parseRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`unknown role "${role}"; valid roles: ${ROLES.join(', ')}`, 'CD_AUTH_ROLE_UNKNOWN');
  }
  return role as Role;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!/^[\p{L}\p{N} ._@()+:-]{1,80}$/u.test(trimmed)) {
    throw new UsageError('token name must be 1–80 letters, digits, spaces or . _ @ ( ) + : -', 'CD_AUTH_NAME_INVALID');
  }
  return trimmed;
}

const toSqlTimestamp = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

export async function createToken(warehouse: Warehouse, input: CreateTokenInput): Promise<CreatedToken> {
  const role = parseRole(input.role);
  const name = checkName(input.name);
  const minted = mintToken();
  await warehouse.run(
    `insert into api_token (token_id, token_name, role, token_sha256, is_demo, created_at)
     values ($1, $2, $3, $4, $5, $6::timestamp)`,
    [minted.tokenId, name, role, minted.sha256, input.isDemo ?? false, toSqlTimestamp(input.now)],
  );
  return { tokenId: minted.tokenId, name, role, token: minted.token };
}

export async function listTokens(warehouse: Warehouse, options: { includeRevoked?: boolean } = {}): Promise<TokenInfo[]> {
  return warehouse.all<TokenInfo & Record<string, unknown>>(
    `select token_id, token_name, role, is_demo, created_at, last_used_at, revoked_at
     from api_token
     ${options.includeRevoked ? '' : 'where revoked_at is null'}
     order by created_at, token_id`,
  );
}

export type RevokeSelector = { tokenId: string } | { name: string } | { demo: true };

/** Revokes matching active tokens; returns the ids revoked (empty when none matched). */
export async function revokeTokens(warehouse: Warehouse, selector: RevokeSelector, now: Date): Promise<string[]> {
  const [condition, params] =
    'tokenId' in selector
      ? ['token_id = $2', [selector.tokenId]]
      : 'name' in selector
        ? ['token_name = $2', [selector.name.trim()]]
        : ['is_demo', []];
  const rows = await warehouse.all<{ token_id: string }>(
    `update api_token set revoked_at = $1::timestamp
     where revoked_at is null and ${condition}
     returning token_id`,
    [toSqlTimestamp(now), ...params],
  );
  return rows.map((row) => row.token_id).sort();
}

/** Verifies tokens against api_token; records last use at most once a minute per token. */
export class TokenAuthenticator implements Authenticator {
  private readonly lastRecorded = new Map<string, number>();

  constructor(
    private readonly warehouse: Warehouse,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async verify(token: string): Promise<Principal | null> {
    const tokenId = tokenIdOf(token);
    if (!tokenId) return null;
    const [row] = await this.warehouse.all<{ token_name: string; role: Role; token_sha256: string }>(
      'select token_name, role, token_sha256 from api_token where token_id = $1 and revoked_at is null',
      [tokenId],
    );
    if (!row || !tokenMatches(token, row.token_sha256)) return null;
    await this.recordUse(tokenId);
    return { tokenId, name: row.token_name, role: row.role };
  }

  private async recordUse(tokenId: string): Promise<void> {
    const now = this.clock();
    const last = this.lastRecorded.get(tokenId);
    if (last !== undefined && now.getTime() - last < 60_000) return;
    this.lastRecorded.set(tokenId, now.getTime());
    // Bookkeeping only: a write conflict here must never fail the request.
    await this.warehouse
      .run('update api_token set last_used_at = $1::timestamp where token_id = $2', [toSqlTimestamp(now), tokenId])
      .catch((err: unknown) => log.warn({ err, tokenId }, 'could not record token use'));
  }
}
