import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bumpDataVersion, dataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

describe('duckdb warehouse', () => {
  it('creates every canonical table and the default base currency on first open', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const tables = (await wh.all<{ table_name: string }>('select table_name from information_schema.tables order by 1')).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['sku', 'location', 'listing', 'order_line', 'return_line', 'inventory_snapshot', 'fx_rate', 'pipeline_run', 'rejected_row']));
    expect(await wh.all("select setting_value from setting where setting_key = 'base_currency_code'")).toEqual([{ setting_value: 'USD' }]);
    wh.close();
  });

  it('rolls a failed transaction back so nothing of it is stored', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    await expect(
      wh.transaction(async (conn) => {
        await conn.run("insert into fx_rate (rate_date, currency_code, rate_to_base) values (date '2024-01-01', 'EUR', 1.1)");
        throw new Error('crash mid-load');
      }),
    ).rejects.toThrow('crash mid-load');
    expect(await wh.all('select * from fx_rate')).toEqual([]);
    wh.close();
  });

  it('returns decimals and bigints as numbers, dates as ISO days and timestamps as UTC ISO strings', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const [row] = await wh.all(
      "select 2.5::decimal(18,4) as d, 12345678901::bigint as b, date '2024-02-29' as day, timestamp '2024-11-29 08:00:00' as at, 'x' as s, null::integer as n",
    );
    expect(row).toEqual({ d: 2.5, b: 12345678901, day: '2024-02-29', at: '2024-11-29T08:00:00.000Z', s: 'x', n: null });
    wh.close();
  });

  it('increments the data version each time data lands', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const before = Number(await dataVersion(wh));
    await wh.transaction((conn) => bumpDataVersion(conn));
    expect(Number(await dataVersion(wh))).toBe(before + 1);
    wh.close();
  });

  it('reopens an existing file without reapplying the schema', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cd-wh-')), 'x.duckdb');
    const first = await DuckWarehouse.open(path);
    await first.run("insert into sku (sku) values ('A')");
    first.close();
    const second = await DuckWarehouse.open(path);
    expect(await second.all('select sku from sku')).toEqual([{ sku: 'A' }]);
    second.close();
  });
});
