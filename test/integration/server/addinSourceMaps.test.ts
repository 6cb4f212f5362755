// The add-in bundle's source maps stay on disk for debugging; the server never serves them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from './http';
import { buildTestServer, TestServer } from './fakes';

describe('add-in source maps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-addin-maps-'));
  let server: TestServer;
  beforeAll(async () => {
    writeFileSync(join(dir, 'taskpane.html'), '<!doctype html><title>Crossdock</title>');
    writeFileSync(join(dir, 'taskpane.3f9a2c1b.js'), 'console.log(1)');
    writeFileSync(join(dir, 'taskpane.3f9a2c1b.js.map'), '{"version":3,"sources":["webpack://crossdock/./addin/secret.ts"]}');
    server = await buildTestServer({ config: { addinDir: dir } });
  });
  afterAll(async () => {
    await server.app.close();
    server.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 404 in the JSON error shape for a .map file that exists in the bundle', async () => {
    const res = await request(server.app, { url: '/addin/taskpane.3f9a2c1b.js.map' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'CD_NOT_FOUND' });
    expect(res.body).not.toContain('secret.ts');
  });

  it('refuses the map however its name is spelled in the URL', async () => {
    for (const url of ['/addin/taskpane.3f9a2c1b.js.MAP', '/addin/taskpane.3f9a2c1b.js.m%61p', '/addin/./taskpane.3f9a2c1b.js.map']) {
      const res = await request(server.app, { url });
      expect([url, res.statusCode, res.body.includes('secret.ts')]).toEqual([url, 404, false]);
    }
  });

  it('still serves the script the map belongs to', async () => {
    const res = await request(server.app, { url: '/addin/taskpane.3f9a2c1b.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(1)');
  });
});
