// `npm start` end to end on a small demo: generate → ingest → analytics → tokens → HTTPS.
import { generateCertificates } from 'office-addin-dev-certs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartedDemo, startDemo } from '../../../pipeline/server/start';
import { send } from './http';

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-start-'));
  const db = join(dir, 'data', 'crossdock.duckdb');
  const tls = { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
  const base = { db, port: 0, cert: tls.cert, key: tls.key, buildAddin: false, addinDir: join(dir, 'no-addin'), demo: { skus: 6, days: 30 }, startHooks: [], serveHooks: [] };

  beforeAll(async () => {
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await generateCertificates(tls.ca, tls.cert, tls.key);
    quiet.mockRestore();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo into an empty database, then serves it with working demo tokens', async () => {
    const lines: string[] = [];
    const demo: StartedDemo = await startDemo({ ...base, say: (line) => lines.push(line) });
    try {
      const output = lines.join('\n');
      expect(output).toContain(`Generating demo data (seed 42) in ${join(dir, 'data', 'demo')}`);
      expect(output).toMatch(/Data: 6 SKUs, \d+ locations, \d+ listings on \d+ channels/);
      expect(output).toContain(`Crossdock is ready in`);
      expect(output).toContain(`analyst token: ${demo.analystToken}`);
      const ca = readFileSync(tls.ca);
      const me = await send(demo.server.url, { url: '/api/v1/me', headers: { authorization: `Bearer ${demo.managerToken}` } }, { ca });
      expect(me.json()).toMatchObject({ name: 'demo manager', role: 'manager' });
      const inventory = await send(demo.server.url, { url: '/api/v1/datasets/inventory', headers: { authorization: `Bearer ${demo.analystToken}` } }, { ca });
      expect(inventory.statusCode).toBe(200);
      expect(inventory.json().total_rows).toBeGreaterThan(0);
      expect(inventory.json().data_version).not.toBe('0');
    } finally {
      await demo.close();
    }
  }, 240_000);

  it('keeps the loaded data on the next start and issues new tokens', async () => {
    const lines: string[] = [];
    const demo = await startDemo({ ...base, say: (line) => lines.push(line) });
    try {
      expect(lines.join('\n')).not.toContain('Generating demo data');
      expect(lines.join('\n')).toMatch(/Data: 6 SKUs/);
      const me = await send(demo.server.url, { url: '/api/v1/me', headers: { authorization: `Bearer ${demo.analystToken}` } }, { ca: readFileSync(tls.ca) });
      expect(me.json()).toMatchObject({ name: 'demo analyst', role: 'analyst' });
    } finally {
      await demo.close();
    }
  }, 120_000);
});
