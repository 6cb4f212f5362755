import { generateCertificates } from 'office-addin-dev-certs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken } from '../../../pipeline/server/auth/tokenStore';
import { certificateHostNames } from '../../../pipeline/server/hostNames';
import { RunningServer, startServer } from '../../../pipeline/server/serve';
import { resolveTls } from '../../../pipeline/server/tls';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { NOW, seedStock, stockRegistry } from './fakes';
import { send } from './http';

describe('HTTPS with the Office development certificate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-tls-'));
  const ca = join(dir, 'ca.crt');
  const cert = join(dir, 'localhost.crt');
  const key = join(dir, 'localhost.key');
  let server: RunningServer;
  let warehouse: DuckWarehouse;

  beforeAll(async () => {
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await generateCertificates(ca, cert, key);
    quiet.mockRestore();
    warehouse = await DuckWarehouse.open(join(dir, 'crossdock.duckdb'));
    await seedStock(warehouse);
    server = await startServer({ warehouse, port: 0, cert, key, datasets: stockRegistry(), serveHooks: [], say: () => undefined });
  });
  afterAll(async () => {
    await server.close();
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API over TLS to a client that trusts the generated CA', async () => {
    expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
    const res = await send(server.url, { url: '/api/v1/health' }, { ca: readFileSync(ca) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', data_version: '0' });
  });

  it('serves a dataset to a token holder over TLS', async () => {
    const { token } = await createToken(warehouse, { name: 'tls-test', role: 'analyst', now: NOW });
    const res = await send(server.url, { url: '/api/v1/datasets/channel_stock?sku_prefix=TEE', headers: { authorization: `Bearer ${token}` } }, { ca: readFileSync(ca) });
    expect(res.json()).toMatchObject({ rows: [['TEE-01', 'shopify', 40]], total_rows: 1 });
  });

  it('answers to the names of its certificate (the development certificate: localhost and 127.0.0.1)', async () => {
    expect(certificateHostNames(readFileSync(cert))).toEqual(expect.arrayContaining(['localhost', '127.0.0.1']));
    const res = await send(server.url, { url: '/api/v1/health', headers: { host: `127.0.0.1:${new URL(server.url).port}` } }, { ca: readFileSync(ca) });
    expect(res.statusCode).toBe(200);
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(send(server.url, { url: '/api/v1/health' })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('does not send HSTS on localhost (it would force HTTPS on every local dev server)', async () => {
    const res = await send(server.url, { url: '/api/v1/health' }, { ca: readFileSync(ca) });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('refuses a certificate without its key, an unreadable file and an expired certificate', async () => {
    await expect(resolveTls({ cert })).rejects.toThrow('give both --cert and --key');
    await expect(resolveTls({ cert: join(dir, 'missing.crt'), key })).rejects.toThrow(/cannot read the TLS certificate/);
    const in2099 = () => new Date('2099-01-01T00:00:00Z');
    await expect(resolveTls({ cert, key, clock: in2099 })).rejects.toMatchObject({ code: 'CD_TLS_EXPIRED' });
  });
});
