import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query } from '../../../pipeline/analytics/queryCommand';
import { streamDataset } from '../../../pipeline/analytics';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

describe('crossdock query and streaming', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crossdock-query-'));
    db = join(dir, 'q.duckdb');
    const wh = await DuckWarehouse.open(db);
    await wh.transaction(async (conn) => {
      await conn.run("insert into location (location_id, location_name, location_kind, pool_id, is_settable) values ('WH1', 'Own, main', 'own', 'OWN', true)");
      await conn.run(
        `insert into sku (sku, title, unit_cost_amount, cost_currency_code)
         select 'S' || lpad(cast(i as varchar), 4, '0'), 'Title "' || cast(i as varchar) || '", blue', 2, 'USD' from range(3000) as t(i)`,
      );
      await conn.run(
        `insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units)
         select date '2025-01-01' + cast(d as integer), 'S' || lpad(cast(i as varchar), 4, '0'), 'WH1', 5, 5
         from range(3000) as t(i) cross join range(2) as days(d)`,
      );
      await bumpDataVersion(conn);
    });
    wh.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function capture(name: string | undefined, options: Parameters<typeof query>[1]): Promise<string> {
    let out = '';
    await query(name, options, (text) => (out += text));
    return out;
  }

  it('prints CSV with a header, quoting fields that hold quotes or commas', async () => {
    const csv = await capture('inventory', { db, format: 'csv', filter: ['sku_prefix=S0001'] });
    const lines = csv.split('\r\n');
    expect(lines[0].startsWith('sku,title,category,location_id,location_name,')).toBe(true);
    expect(lines[1]).toBe('S0001,"Title ""1"", blue",,WH1,"Own, main",own,OWN,2025-01-02,false,5,5,0,0,0,2,10,0,2,0,,,9999,NO_DEMAND,');
    expect(lines).toHaveLength(3);
  });

  it('prints JSON with params (as_of defaulted to the last data day) and positional rows', async () => {
    const json = JSON.parse(await capture('inventory', { db, format: 'json', window: '2', filter: ['sku_prefix=S000'] }));
    expect(json.params).toMatchObject({ as_of: '2025-01-02', window_days: 2, sku_prefix: 'S000' });
    expect(json.rows).toHaveLength(10);
    expect(json.rows[0][json.columns.findIndex((c: { name: string }) => c.name === 'on_hand_units')]).toBe(5);
  });

  it('says on the warning channel, not in the CSV, when as_of is past the last data day', async () => {
    let out = '';
    const warnings: string[] = [];
    await query('inventory', { db, format: 'csv', asOf: '2025-01-05', filter: ['sku_prefix=S0001'] }, (text) => (out += text), (w) => warnings.push(...w));
    expect(warnings).toEqual([expect.stringMatching(/^Data ends before as_of 2025-01-05: stock at WH1 ends 2025-01-02\./)]);
    expect(out.startsWith('sku,title,')).toBe(true);
  });

  it('writes CSV a seller can open in Excel safely: formula text gets an apostrophe, --raw keeps it', async () => {
    const file = join(dir, 'hostile.duckdb');
    const wh = await DuckWarehouse.open(file);
    await wh.transaction(async (conn) => {
      await conn.run("insert into location (location_id, location_name, location_kind, pool_id, is_settable) values ('WH1', 'W', 'own', 'OWN', true)");
      await conn.run(`insert into sku (sku, title, unit_cost_amount, cost_currency_code) values ('EVIL', '=HYPERLINK("http://x.example","open")', 1, 'USD'), ('CALC', '=cmd|'' /C calc''!A0', 1, 'USD')`);
      await conn.run("insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units) values ('2025-01-01', 'EVIL', 'WH1', 1, 1), ('2025-01-01', 'CALC', 'WH1', 1, 1)");
      await bumpDataVersion(conn);
    });
    wh.close();
    const safe = await capture('inventory', { db: file, format: 'csv' });
    expect(safe).toContain(`CALC,'=cmd|' /C calc'!A0,`);
    expect(safe).toContain(`EVIL,"'=HYPERLINK(""http://x.example"",""open"")",`);
    const raw = await capture('inventory', { db: file, format: 'csv', raw: true });
    expect(raw).toContain(`CALC,=cmd|' /C calc'!A0,`);
  });

  it('refuses an unknown dataset or parameter before opening the database, listing the valid ones', async () => {
    await expect(capture('nope', { db: join(dir, 'never.duckdb') })).rejects.toThrow(/unknown dataset "nope"; valid datasets: .*inventory/);
    await expect(capture('inventory', { db, filter: ['chanel=amazon'] })).rejects.toThrow(/unknown parameter "chanel"; valid parameters: as_of, window_days/);
    await expect(capture('inventory', { db, format: 'xml' })).rejects.toThrow(/--format must be one of table, csv, json/);
  });

  it('streams a 3 000-row result in several chunks of positional rows', async () => {
    const wh = await DuckWarehouse.open(db);
    let chunks = 0;
    let rows = 0;
    for await (const chunk of streamDataset(wh, 'inventory', {})) {
      chunks += 1;
      rows += chunk.rows.length;
      expect(chunk.rows.every((row) => row.length === chunk.columns.length)).toBe(true);
    }
    expect(rows).toBe(3000);
    expect(chunks).toBeGreaterThan(1);
    wh.close();
  });

  it('answers an empty warehouse with no rows and a null as_of', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const chunks = [];
    for await (const chunk of streamDataset(wh, 'turnover', {})) chunks.push(chunk);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ rows: [], params: { as_of: null, window_days: 90 } });
    wh.close();
  });
});
