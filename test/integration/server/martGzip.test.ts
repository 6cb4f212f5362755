// A default answer read from a mart goes out gzipped from the blocks deflated when the mart was
// built: the bytes must unpack to exactly the answer a client without gzip gets, whole and for
// pages that start and end on blocks or cut through them.
import { gunzipSync } from 'node:zlib';
import { ensureMartsFresh } from '../../../pipeline/analytics/models';
import { buildServer } from '../../../pipeline/server/app';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { request } from './http';
import { realAnalyticsServer } from './realServer';

const SKUS = 2_500; // the inventory mart: one row per sku × location, so three blocks of 1,000

describe('gzipped answers from stored blocks', () => {
  let warehouse: DuckWarehouse;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let auth: { authorization: string };

  beforeAll(async () => {
    warehouse = await DuckWarehouse.open(':memory:');
    await warehouse.transaction(async (conn) => {
      await conn.run(`
        insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable) values
          ('3PL-DE', 'Berlin 3PL', '3pl', 'DE', '3PL-DE', true);
        insert into sku (sku, title, category, unit_cost_amount, cost_currency_code)
          select 'SKU-' || lpad(cast(i as varchar), 5, '0'), 'Caf\u00e9 "mug" ' || i, 'kitchen', 4.00, 'USD' from range(${SKUS}) as t(i);
        insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units)
          select date '2024-11-30', 'SKU-' || lpad(cast(i as varchar), 5, '0'), '3PL-DE', i % 97, i % 89 from range(${SKUS}) as t(i);`);
      await bumpDataVersion(conn);
    });
    await ensureMartsFresh(warehouse);
    ({ app, auth } = await realAnalyticsServer(warehouse));
  });
  afterAll(async () => {
    await app.close();
    warehouse.close();
  });

  const get = (url: string, gzip: boolean) => request(app, { url, headers: { ...auth, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) } });

  it('unpacks to the plain answer, whole and page by page, and carries the stored blocks as they are', async () => {
    const [stored] = await warehouse.all<{ b64: string }>('select to_base64(json_deflated) as b64 from mart_inventory__json where block_no = 1');
    const block = Buffer.from(stored.b64, 'base64');
    for (const query of ['', '?offset=1000&limit=1000', '?offset=500&limit=1200', '?offset=2400&limit=1000']) {
      const url = `/api/v1/datasets/inventory${query}`;
      const zipped = await get(url, true);
      expect([url, zipped.statusCode, zipped.headers['content-encoding']]).toEqual([url, 200, 'gzip']);
      const plain = await get(url, false);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(gunzipSync(zipped.bytes).toString('utf8')).toBe(plain.body);
      // a page that holds the whole second block sends its stored form, not a new compression
      const holdsBlock = query === '' || query.startsWith('?offset=1000');
      expect([url, zipped.bytes.includes(block)]).toEqual([url, holdsBlock]);
      // asked again, the kept answer is sent in the form built the first time, not compressed anew
      expect((await get(url, true)).bytes.equals(zipped.bytes)).toBe(true);
    }
    const whole = (await get('/api/v1/datasets/inventory', false)).json();
    expect([whole.total_rows, whole.rows.length]).toEqual([SKUS, SKUS]);
  });
});
