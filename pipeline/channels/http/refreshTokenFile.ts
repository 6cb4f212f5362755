// Where an account's refresh token lives between runs, for channels that rotate it on every
// refresh: the one used is dead from then on, so the configured variable is
// only a seed. The newest token is written to <CROSSDOCK_STATE_DIR>/<channel>/<account>.json
// (mode 0600, default folder `.crossdock/`) and preferred at the next start, unless the variable
// now holds a different token than the one the file was derived from (the account was
// re-authorized). The file holds a SHA-256 of the seed, never the seed itself.
// CROSSDOCK_<CHANNEL>_TOKEN_STORE=memory keeps rotated tokens in memory only (sandboxes).
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface StoredTokens {
  /** SHA-256 (hex) of the configured refresh token this chain started from. */
  seed_sha256: string;
  refresh_token: string;
  updated_at: string;
}

export function defaultStateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolve(env.CROSSDOCK_STATE_DIR || '.crossdock');
}

/** The state folder a channel's writer keeps rotated tokens in: none with CROSSDOCK_<CHANNEL>_TOKEN_STORE=memory. */
export function tokenStateDir(channel: string, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  return env[`CROSSDOCK_${channel.toUpperCase()}_TOKEN_STORE`] === 'memory' ? null : defaultStateDir(env.CROSSDOCK_STATE_DIR ? env : process.env);
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export class RefreshTokenFile {
  readonly path: string;

  /** `account` names the file: ids that are not secret (a partner-shop pair), or a digest. */
  constructor(stateDir: string, channel: string, account: string) {
    this.path = join(stateDir, channel, `${account}.json`);
  }

  /** The refresh token to start from: the stored one when it descends from `seed`, else `seed`. */
  refreshTokenFor(seed: string): string {
    if (!existsSync(this.path)) return seed;
    try {
      const stored = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<StoredTokens>;
      return stored.seed_sha256 === sha256(seed) && typeof stored.refresh_token === 'string' && stored.refresh_token ? stored.refresh_token : seed;
    } catch {
      return seed;
    }
  }

  /** Writes the newest refresh token (atomically, owner read/write only). */
  save(seed: string, refreshToken: string, at: Date): void {
    const dir = join(this.path, '..');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const body: StoredTokens = { seed_sha256: sha256(seed), refresh_token: refreshToken, updated_at: at.toISOString() };
    writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}
