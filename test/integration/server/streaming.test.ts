import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bearer, buildTestServer, TestServer, wideRegistry } from './fakes';

/** Streams a response, keeping only its size, the first/last bytes and the heap high-water mark. */
function measure(url: string, headers: Record<string, string>, sample: () => void): Promise<{ status: number; bytes: number; head: string; tail: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        let head = '';
        let tail = '';
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (head.length < 400) head += chunk.toString('utf8', 0, 400);
          tail = (tail + chunk.toString('utf8')).slice(-200);
          sample();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, head, tail }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('dataset streaming', () => {
  let server: TestServer;
  const registry = wideRegistry();
  let base: string;
  beforeAll(async () => {
    server = await buildTestServer({ datasets: registry });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.app.close();
    server.warehouse.close();
  });

  it('streams 100k rows with heap growth far below the body size', async () => {
    // Measure live memory, not garbage: collect before sampling (every 20th network chunk).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let calls = 0;
    const result = await measure(`${base}/api/v1/datasets/wide?rows=100000`, bearer(server.analystToken), () => {
      if (++calls % 20 !== 0) return;
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    });
    expect(result.status).toBe(200);
    expect(result.head.startsWith('{"dataset":"wide","params":{"rows":100000},"data_version":"0","warnings":[],"columns":[{"name":"row_number"')).toBe(true);
    expect(result.tail.endsWith('],"total_rows":100000,"offset":0,"next_offset":null}')).toBe(true);
    // 100k rows × ~270 bytes ≈ 27 MB of JSON. Holding it (as rows, then as one string) would add
    // well over that to the heap; streaming holds a few 2k-row chunks at a time.
    expect(result.bytes).toBeGreaterThan(25_000_000);
    const growth = peak - baseline;
    expect(growth).toBeLessThan(result.bytes * 0.4);
  });

  it('stops producing rows and closes the source once a page is full', async () => {
    let chunks = 0;
    const counting = wideRegistry(() => chunks++);
    const paged = await buildTestServer({ datasets: counting });
    await paged.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(paged.app.server.address() as AddressInfo).port}/api/v1/datasets/wide?rows=100000&offset=1000&limit=3000`;
    const result = await measure(url, bearer(paged.analystToken), () => undefined);
    expect(result.tail.endsWith('],"offset":1000,"next_offset":4000}')).toBe(true);
    expect(chunks).toBe(2); // rows 0–2047 and 2048–4095 cover 1000–3999 plus one row of look-ahead
    expect(counting.closed()).toBe(true);
    await paged.app.close();
    paged.warehouse.close();
  });

  it('runs a versioned live answer once for all its pages, and sends the same rows as unpaged', async () => {
    let runs = 0;
    const base = wideRegistry();
    const versioned = {
      ...base,
      isVersioned: () => true,
      streamDataset: (warehouse: Parameters<typeof base.streamDataset>[0], name: string, raw: Record<string, string>) => {
        runs++;
        return base.streamDataset(warehouse, name, raw);
      },
    };
    const paged = await buildTestServer({ datasets: versioned, config: { answerCacheBytes: 0 } });
    await paged.app.listen({ port: 0, host: '127.0.0.1' });
    const at = `http://127.0.0.1:${(paged.app.server.address() as AddressInfo).port}/api/v1/datasets/wide?rows=5000`;
    const get = async (query: string) => (await fetch(`${at}${query}`, { headers: bearer(paged.analystToken) })).json();
    const rows: unknown[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const body = (await get(`&offset=${offset}&limit=2000`)) as { rows: unknown[]; next_offset: number | null };
      rows.push(...body.rows);
      offset = body.next_offset;
    }
    expect(runs).toBe(1); // pages 2 and 3 came from the answer kept after page 1
    expect(rows).toEqual(((await get('')) as { rows: unknown[] }).rows);
    expect(runs).toBe(2);
    await paged.app.close();
    paged.warehouse.close();
  });

  it('closes the dataset source when the client hangs up mid-stream', async () => {
    const abandoned = wideRegistry();
    const app = await buildTestServer({ datasets: abandoned });
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}/api/v1/datasets/wide?rows=1000000`;
    await new Promise<void>((resolve, reject) => {
      const req = http.get(url, { headers: bearer(app.analystToken) }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no data')), 5000);
    });
    for (let i = 0; i < 50 && !abandoned.closed(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(abandoned.closed()).toBe(true);
    await app.app.close();
    app.warehouse.close();
  });
});
