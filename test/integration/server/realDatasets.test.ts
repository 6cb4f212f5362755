// The server over the real analytics module (pipeline/analytics) on a small hand-made warehouse.
import { ensureMartsFresh } from '../../../pipeline/analytics/models';
import { buildServer } from '../../../pipeline/server/app';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { request } from './http';
import { realAnalyticsServer } from './realServer';

describe('server with the real analytics datasets', () => {
  let warehouse: DuckWarehouse;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let auth: { authorization: string };

  beforeAll(async () => {
    warehouse = await DuckWarehouse.open(':memory:');
    await warehouse.run(`
      insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable) values
        ('3PL-DE', 'Berlin 3PL', '3pl', 'DE', '3PL-DE', true);
      insert into sku (sku, title, category, unit_cost_amount, cost_currency_code) values
        ('MUG-01', 'Mug', 'kitchen', 4.00, 'USD'),
        ('TEE-01', 'Tee', 'apparel', 6.00, 'USD');
      insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units) values
        (date '2024-11-30', 'MUG-01', '3PL-DE', 25, 20),
        (date '2024-11-30', 'TEE-01', '3PL-DE', 10, 10);`);
    ({ app, auth } = await realAnalyticsServer(warehouse));
  });
  afterAll(async () => {
    await app.close();
    warehouse.close();
  });

  it('lists the analytics datasets with their parameters', async () => {
    const res = await request(app, { url: '/api/v1/datasets', headers: auth });
    const names = res.json().datasets.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining(['inventory', 'turnover']));
  });

  it('lists what the choice parameters can take and the days the data covers, anew after data changes', async () => {
    const first = (await request(app, { url: '/api/v1/datasets', headers: auth })).json();
    expect(first.choices).toEqual({ location: ['3PL-DE'], pool: ['3PL-DE'], category: ['apparel', 'kitchen'] });
    expect(first.data_dates).toEqual({ first: '2024-11-30', last: '2024-11-30', default_as_of: '2024-11-30' });
    await warehouse.transaction(async (conn) => {
      await conn.run("insert into sku (sku, title, category, unit_cost_amount, cost_currency_code) values ('TOY-01', 'Kite', 'toys', 3.00, 'USD')");
      await bumpDataVersion(conn);
    });
    // the catalogue follows the models' build: once it is in (a busy machine may take more than
    // the second a request waits), the choices are read anew
    await ensureMartsFresh(warehouse);
    const second = (await request(app, { url: '/api/v1/datasets', headers: auth })).json();
    await warehouse.transaction(async (conn) => {
      await conn.run("delete from sku where sku = 'TOY-01'");
      await bumpDataVersion(conn);
    });
    expect(second.choices.category).toEqual(['apparel', 'kitchen', 'toys']);
  });

  it('serves the inventory position with as_of resolved to the last data date', async () => {
    const res = await request(app, { url: '/api/v1/datasets/inventory', headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.params.as_of).toBe('2024-11-30');
    const sku = body.columns.findIndex((c: { name: string }) => c.name === 'sku');
    const onHand = body.columns.findIndex((c: { name: string }) => c.name === 'on_hand_units');
    expect(body.rows.map((row: unknown[]) => [row[sku], row[onHand]]).sort()).toEqual([
      ['MUG-01', 25],
      ['TEE-01', 10],
    ]);
    expect(body.total_rows).toBe(2);
  });

  it('filters by SKU prefix', async () => {
    const res = await request(app, { url: '/api/v1/datasets/inventory?sku_prefix=TEE', headers: auth });
    expect(res.json().rows).toHaveLength(1);
  });

  it('refuses SQL in an identifier filter with 400 and treats it as a literal in a text filter', async () => {
    const bad = await request(app, { url: `/api/v1/datasets/inventory?location=${encodeURIComponent("3PL-DE' or 1=1 --")}`, headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/location/);
    const literal = await request(app, { url: `/api/v1/datasets/inventory?sku_prefix=${encodeURIComponent("MUG' or 1=1; drop table sku; --")}`, headers: auth });
    expect(literal.statusCode).toBe(200);
    expect(literal.json().rows).toEqual([]);
    expect(await warehouse.all('select count(*) as n from sku')).toEqual([{ n: 2 }]);
  });

  it('answers 400 naming the valid parameters for an unknown one', async () => {
    const res = await request(app, { url: '/api/v1/datasets/inventory?colour=red', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/unknown parameter "colour".*valid parameters: as_of, window_days/);
  });
});
