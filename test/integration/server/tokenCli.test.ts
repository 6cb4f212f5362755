import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenCreate, tokenList, tokenRevoke } from '../../../pipeline/commands/token';
import { hashToken } from '../../../pipeline/server/auth/tokens';
import { TokenAuthenticator } from '../../../pipeline/server/auth/tokenStore';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const AT = new Date('2024-12-02T09:00:00Z');

describe('crossdock token', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-token-'));
    db = join(dir, 'crossdock.duckdb');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a new token once and stores only its hash', async () => {
    const lines = await tokenCreate({ db, role: 'analyst', name: 'excel-anna' }, AT);
    const token = lines[1];
    expect(lines[0]).toMatch(/^token [a-z0-9]{8} for "excel-anna" \(analyst\):$/);
    expect(token).toMatch(/^cdx_/);
    const wh = await DuckWarehouse.open(db);
    const rows = await wh.all('select * from api_token');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token_name: 'excel-anna', role: 'analyst', token_sha256: hashToken(token), is_demo: false, revoked_at: null });
    expect(JSON.stringify(rows)).not.toContain(token.slice(14)); // the secret part is nowhere
    expect(await new TokenAuthenticator(wh).verify(token)).toMatchObject({ name: 'excel-anna', role: 'analyst' });
    wh.close();
  });

  it('refuses an unknown role and an empty name', async () => {
    await expect(tokenCreate({ db, role: 'admin', name: 'x' }, AT)).rejects.toThrow('unknown role "admin"; valid roles: analyst, manager');
    await expect(tokenCreate({ db, role: 'manager', name: '  ' }, AT)).rejects.toThrow(/token name/);
  });

  it('lists active tokens without their text, and revoked ones with --all', async () => {
    const anna = (await tokenCreate({ db, role: 'analyst', name: 'excel-anna' }, AT))[1];
    await tokenCreate({ db, role: 'manager', name: 'ops-max' }, AT);
    await tokenRevoke(undefined, { db, name: 'excel-anna' }, AT);
    const active = await tokenList({ db });
    expect(active[0]).toMatch(/^id\s+role\s+name\s+created \(UTC\)\s+last used\s+revoked$/);
    expect(active.slice(1)).toEqual([expect.stringMatching(/^[a-z0-9]{8} {2}manager {2}ops-max\s+2024-12-02 09:00 {2}-\s+-$/)]);
    const all = await tokenList({ db, all: true });
    expect(all).toHaveLength(3);
    expect(all.join('\n')).toContain('2024-12-02 09:00');
    expect(all.join('\n')).not.toContain(anna);
  });

  it('revokes by id so the token stops working, and says when nothing matched', async () => {
    const lines = await tokenCreate({ db, role: 'manager', name: 'ops-max' }, AT);
    const id = /token ([a-z0-9]{8})/.exec(lines[0])![1];
    expect(await tokenRevoke(id, { db }, AT)).toEqual([`revoked 1 token(s): ${id}`]);
    await expect(tokenRevoke(id, { db }, AT)).rejects.toThrow(/no active token matched/);
    const wh = await DuckWarehouse.open(db);
    expect(await new TokenAuthenticator(wh).verify(lines[1])).toBeNull();
    wh.close();
  });

  it('needs exactly one way of choosing what to revoke', async () => {
    await expect(tokenRevoke(undefined, { db }, AT)).rejects.toThrow('give exactly one of');
    await expect(tokenRevoke('abc', { db, demo: true }, AT)).rejects.toThrow('give exactly one of');
  });
});
