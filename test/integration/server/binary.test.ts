// The real `bin/crossdock.js` (tsx's CommonJS hook, not ts-jest) must start the server and answer
// over HTTPS: module loading that works under ts-jest can still fail there (a dynamic import of a
// .ts path did once, in `npm start`).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'bin/crossdock.js');

function getJson(url: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolvePromise, reject) => {
    // The development certificate is not installed here (no sudo); this test only checks the process.
    const headers = token ? { authorization: `Bearer ${token}` } : undefined;
    const req = request(url, { rejectUnauthorized: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('crossdock serve through the real binary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-serve-bin-'));
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const env = { ...process.env, CROSSDOCK_CONFIG: join(dir, 'absent.config.json'), HOME: dir };
  const db = join(dir, 'crossdock.duckdb');
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--db', db], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });

  it('listens, answers /api/v1/health, creates and revokes tokens while it runs, and stops cleanly on SIGTERM', async () => {
    child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolvePromise, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /at (https:\/\/\S+)/.exec(output);
        if (match) resolvePromise(match[1]);
      });
      child!.on('exit', (code) => reject(new Error(`crossdock serve exited with ${code}:\n${output}`)));
    });
    const health = await getJson(`${url}/api/v1/health`);
    expect(health.status).toBe(200);

    // The server holds the database: token commands go through its admin socket, effective at once.
    const created = cli('token', 'create', '--role', 'analyst', '--name', 'late-joiner');
    expect([created.status, created.stderr]).toEqual([0, '']);
    const [, token] = created.stdout.trim().split('\n');
    const id = /token ([a-z0-9]{8})/.exec(created.stdout)![1];
    expect((await getJson(`${url}/api/v1/me`, token)).body).toMatchObject({ name: 'late-joiner', role: 'analyst' });
    expect(cli('token', 'list').stdout).toContain('late-joiner');
    const revoked = cli('token', 'revoke', id);
    expect([revoked.status, revoked.stdout.trim()]).toEqual([0, `revoked 1 token(s): ${id}`]);
    expect((await getJson(`${url}/api/v1/me`, token)).status).toBe(401);
    expect(cli('token', 'create', '--role', 'admin', '--name', 'x').stderr).toMatch(/unknown role "admin"/);
    const exit = new Promise<number | null>((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).not.toMatch(/unexpected error|ERR_MODULE_NOT_FOUND/);
  }, 180_000);
});

describe('crossdock run through the real binary', () => {
  it('finishes a pass (nothing configured, empty inbox) with exit code 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-run-bin-'));
    try {
      const config = join(dir, 'crossdock.config.json');
      writeFileSync(config, JSON.stringify({ channels: [], inbox: { dir: join(dir, 'inbox') } }));
      const child = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--db', join(dir, 'wh.duckdb')], { cwd: ROOT, encoding: 'utf8', timeout: 150_000 });
      expect(child.stderr).not.toMatch(/unexpected error|ERR_MODULE_NOT_FOUND/);
      expect(child.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 160_000);
});
