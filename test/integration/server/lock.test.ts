import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'bin/crossdock.js');

/** Another process that opens the database read-write and keeps it until killed. */
function holdDatabase(db: string): Promise<ChildProcess> {
  const script = `require('tsx/cjs');
    require('./pipeline/warehouse/duckdb.ts').DuckWarehouse.open(${JSON.stringify(db)})
      .then(() => process.stdout.write('ready\\n'));
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolvePromise(child));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

function crossdock(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 150_000 }); // generous: the machine is shared
  return { status: result.status, stderr: result.stderr };
}

describe('one process owns the database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-lock-'));
  const db = join(dir, 'crossdock.duckdb');
  let holder: ChildProcess;
  beforeAll(async () => {
    holder = await holdDatabase(db);
  }, 120_000);
  afterAll(async () => {
    const exited = new Promise((resolvePromise) => holder.once('exit', resolvePromise));
    holder.kill();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a one-shot command fail with CD_DB_LOCKED, exit 75 and what to do', () => {
    const { status, stderr } = crossdock(['token', 'list', '--db', db]);
    expect(status).toBe(75);
    expect(stderr).toContain('CD_DB_LOCKED');
    expect(stderr).toContain('is in use by another process (is `crossdock serve` running?)');
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  }, 160_000);

  it('makes a second server, or npm start, on the same file fail the same way', () => {
    for (const args of [['serve', '--db', db, '--port', '0'], ['start', '--db', db, '--port', '0', '--no-build-addin']]) {
      const { status, stderr } = crossdock(args);
      expect(status).toBe(75);
      expect(stderr).toContain('CD_DB_LOCKED');
    }
  }, 320_000);
});
