import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEbaySandbox, type EbaySandbox } from '../../../pipeline/channels/ebay/sandbox';
import { buildTestServer } from '../server/fakes';

describe('crossdock config check and the serve hook', () => {
  let sandbox: EbaySandbox;
  let dir: string;
  let configPath: string;

  beforeAll(async () => {
    sandbox = createEbaySandbox([]);
    await sandbox.start();
    dir = mkdtempSync(join(tmpdir(), 'cd-cli-'));
    configPath = join(dir, 'crossdock.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        channels: [
          { channel: 'ebay', account: 'good', baseUrl: sandbox.url, marketplaces: ['EBAY_US'], tokenEnv: 'T_EBAY_GOOD' },
          // a real host: its missing variable is an error (and no call is made)
          { channel: 'ebay', account: 'nosecret', baseUrl: 'https://api.ebay.com', marketplaces: ['EBAY_US'], tokenEnv: 'T_EBAY_MISSING' },
          // a local sandbox: an unset variable gets the sandbox's default credentials
          { channel: 'ebay', account: 'local', baseUrl: sandbox.url, marketplaces: ['EBAY_US'], tokenEnv: 'T_EBAY_UNSET' },
        ],
      }),
    );
  });

  afterAll(async () => {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates the file, tries each account against the sandbox and exits 78 when one fails', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, T_EBAY_GOOD: 'v^1.1#token', CROSSDOCK_LOG_LEVEL: 'silent' };
    delete env.T_EBAY_MISSING;
    delete env.T_EBAY_UNSET;
    // spawnSync would block this process, and with it the in-process sandbox: run it async.
    const child = await new Promise<{ status: number | null; stdout: string }>((r) => {
      const { spawn } = require('node:child_process') as typeof import('node:child_process');
      const p = spawn(process.execPath, [resolve('bin/crossdock.js'), 'config', 'check', '--config', configPath], { env });
      let stdout = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.on('exit', (status) => r({ status, stdout }));
    });
    expect(child.stdout).toContain('valid (3 channel account(s)');
    expect(child.stdout).toMatch(/ok {8}ebay\/good: 0 orders in the last 90 days/);
    expect(child.stdout).toContain('failed    ebay/nosecret: environment variable T_EBAY_MISSING not set');
    expect(child.stdout).toMatch(/ok {8}ebay\/local: 0 orders in the last 90 days/);
    expect(child.status).toBe(78);
  });

  it('says at once that nothing answers for a local account whose sandbox is not running, and exits 75', async () => {
    const down = createEbaySandbox([]);
    await down.start();
    const url = down.url;
    await down.stop(); // the port is free again: nothing listens there
    const path = join(dir, 'down.json');
    writeFileSync(path, JSON.stringify({ channels: [{ channel: 'ebay', account: 'demo', baseUrl: url, marketplaces: ['EBAY_US'], tokenEnv: 'T_EBAY_UNSET' }] }));
    const began = Date.now();
    const child = spawnSync(process.execPath, [resolve('bin/crossdock.js'), 'config', 'check', '--config', path], { encoding: 'utf8', env: { ...process.env, CROSSDOCK_LOG_LEVEL: 'silent' } });
    expect(child.stdout).toContain(`failed    ebay/demo: nothing answers at ${url}: this account points at a local channel sandbox, which \`npm start\` runs`);
    expect(child.status).toBe(75);
    expect(Date.now() - began).toBeLessThan(20_000); // no retries with back-off against a closed port
  });

  it('names the bad key of an invalid file and exits 78 without calling any channel', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ channels: [{ channel: 'ebay', account: 'x', marketplaces: ['EBAY_US'], tokenEnv: 'T', schedule: { cron: 'every hour' } }] }));
    const child = spawnSync(process.execPath, [resolve('bin/crossdock.js'), 'config', 'check', '--config', bad], { encoding: 'utf8' });
    expect(child.status).toBe(78);
    expect(child.stderr).toContain('channels[0].schedule.cron: invalid cron expression');
  });

  it('starts the scheduler in the server process when a config exists, and stops it with the server', async () => {
    const server = await buildTestServer({ server: { routes: [] } });
    const previous = process.env.CROSSDOCK_CONFIG;
    process.env.CROSSDOCK_CONFIG = configPath;
    try {
      let hook: typeof import('../../../pipeline/server/hooks/scheduler').serveHook | undefined;
      jest.isolateModules(() => {
        hook = (require('../../../pipeline/server/hooks/scheduler') as typeof import('../../../pipeline/server/hooks/scheduler')).serveHook;
      });
      const lines: string[] = [];
      const stop = await hook!.run({ app: server.app, deps: server.deps, url: 'https://localhost:0', say: (l) => lines.push(l) });
      expect(lines[0]).toMatch(/Pipeline scheduler: 3 stream\(s\)/);
      expect(server.deps.pipeline?.status().map((s) => s.key)).toEqual(['ebay/good/orders', 'ebay/nosecret/orders', 'ebay/local/orders']);
      await stop!();
      expect(server.deps.pipeline).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env.CROSSDOCK_CONFIG;
      else process.env.CROSSDOCK_CONFIG = previous;
      await server.app.close();
      server.warehouse.close();
    }
  });
});
