// Analysts refreshing the same sheet share one query: an answer is kept in memory by its ETag
// (data version, dataset, parameters, page) for datasets whose answer that fixes, and a new data
// version is a new answer.
import type { DatasetRegistry } from '../../../pipeline/server/deps';
import { bumpDataVersion } from '../../../pipeline/warehouse/duckdb';
import { bearer, buildTestServer, stockRegistry, type TestServer } from './fakes';
import { gunzipSync } from 'node:zlib';
import { request } from './http';

/** A GET as a browser sends it (gzip accepted), with the raw bytes of the answer. */
async function getRaw(server: TestServer, url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }> {
  const res = await request(server.app, { method: 'GET', url, headers: { ...bearer(server.analystToken), ...headers } });
  return { status: res.statusCode, headers: res.headers, bytes: res.bytes };
}

function counting(versioned: boolean): DatasetRegistry & { queries: () => number } {
  const inner = stockRegistry();
  let queries = 0;
  return {
    ...inner,
    queries: () => queries,
    isVersioned: () => versioned,
    streamDataset(warehouse, name, raw) {
      queries += 1;
      return inner.streamDataset(warehouse, name, raw);
    },
  };
}

describe('answers kept by ETag', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.app.close();
    server.warehouse.close();
  });

  const get = (url: string) => request(server.app, { method: 'GET', url, headers: bearer(server.analystToken) });

  it('runs one query for concurrent and repeated requests of one answer, and a new one per data version', async () => {
    const datasets = counting(true);
    server = await buildTestServer({ datasets });
    const url = '/api/v1/datasets/channel_stock?channel=amazon';
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(url)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(datasets.queries()).toBe(1);
    await get(url);
    expect(datasets.queries()).toBe(1);
    await get('/api/v1/datasets/channel_stock?channel=ebay'); // other parameters, other answer
    expect(datasets.queries()).toBe(2);
    await server.warehouse.transaction((conn) => bumpDataVersion(conn));
    const fresh = await get(url);
    expect(fresh.json().data_version).toBe('1');
    expect(datasets.queries()).toBe(3);
  });

  it('queries every time for datasets of live tables', async () => {
    const datasets = counting(false);
    server = await buildTestServer({ datasets });
    await get('/api/v1/datasets/channel_stock');
    await get('/api/v1/datasets/channel_stock');
    expect(datasets.queries()).toBe(2);
  });

  it('sends gzip to a client that accepts it, the first answer and the kept one alike, with a weak ETag', async () => {
    server = await buildTestServer({ datasets: counting(true) });
    const url = '/api/v1/datasets/channel_stock?channel=amazon';
    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const other = '/api/v1/datasets/channel_stock?channel=ebay';
    for (const target of [other, other, url]) {
      const zipped = await getRaw(server, target, { 'accept-encoding': 'gzip, deflate, br' });
      expect([zipped.status, zipped.headers['content-encoding'], zipped.headers.vary]).toEqual([200, 'gzip', 'accept-encoding']);
      expect(String(zipped.headers.etag)).toMatch(/^W\/"/);
      const text = gunzipSync(zipped.bytes).toString('utf8');
      expect(JSON.parse(text).dataset).toBe('channel_stock');
      if (target === url) expect(text).toBe(plain.body);
    }
    const etag = (await getRaw(server, url, { 'accept-encoding': 'gzip' })).headers.etag as string;
    expect((await getRaw(server, url, { 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(304);
    const refused = await getRaw(server, url, { 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    const bad = await getRaw(server, '/api/v1/datasets/channel_stock?window_days=x', { 'accept-encoding': 'gzip' });
    expect([bad.status, bad.headers['content-encoding']]).toEqual([400, undefined]);
    expect(JSON.parse(bad.bytes.toString('utf8')).code).toBe('CD_BAD_PARAMETER');
  });
});
