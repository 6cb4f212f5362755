// The integer SKU keys a partial rebuild deletes by (pipeline/analytics/skuKeys.ts): given once,
// never changed or reused, and on every row of every incremental table that has a SKU — a row
// without one would survive the delete of its SKU and be counted twice.
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import { loadModels, refreshMarts } from '../../../pipeline/analytics/models';
import { keyTablesSkus, keyUnkeyedRows, skuKeysOf } from '../../../pipeline/analytics/skuKeys';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const incrementalTables = loadModels().filter((m) => m.incremental).map((m) => m.name);

async function keys(wh: DuckWarehouse): Promise<Record<string, number>> {
  const rows = await wh.all<{ sku: string; sku_key: number }>('select sku, sku_key from sku_key order by sku');
  return Object.fromEntries(rows.map((r) => [r.sku, Number(r.sku_key)]));
}

describe('SKU keys', () => {
  let wh: DuckWarehouse;
  beforeEach(async () => (wh = await DuckWarehouse.open(':memory:')));
  afterEach(() => wh.close());

  it('keys new SKUs after the last key, in SKU order, and keeps the keys already given', async () => {
    await wh.transaction(async (conn) => {
      expect(await skuKeysOf(conn, ['B', 'A'])).toEqual([1, 2]);
      expect(await skuKeysOf(conn, ['C', "KID'S-CAP", 'A', 'A'])).toEqual([1, 3, 4]);
      expect(await skuKeysOf(conn, [])).toEqual([]);
    });
    expect(await keys(wh)).toEqual({ A: 1, B: 2, C: 3, "KID'S-CAP": 4 });
  });

  it('keys the SKUs of the tables named, skipping those without a sku column', async () => {
    await wh.run("insert into sku (sku, title) values ('S-2', 'two'), ('S-1', 'one')");
    await wh.run('create table no_sku as select 1 as x');
    await wh.transaction(async (conn) => {
      await skuKeysOf(conn, ['S-9']);
      await keyTablesSkus(conn, ['sku', 'no_sku', 'no_such_table']);
    });
    expect(await keys(wh)).toEqual({ 'S-9': 1, 'S-1': 2, 'S-2': 3 });
  });

  it('keys rows a build left without a key, and leaves keyed rows as they are', async () => {
    await wh.run("create table built as select * from (values ('A', 7), ('N', null), (null, null)) as t(sku, sku_key)");
    await wh.run("insert into sku_key values ('A', 7)");
    await wh.transaction((conn) => keyUnkeyedRows(conn, 'built'));
    const rows = await wh.all<{ sku: string | null; sku_key: number | null }>('select sku, sku_key from built order by sku nulls last');
    expect(rows.map((r) => [r.sku, r.sku_key === null ? null : Number(r.sku_key)])).toEqual([['A', 7], ['N', 8], [null, null]]);
  });

  it('gives every row of every incremental table its SKU’s key, the same through rebuilds', async () => {
    await wh.transaction(async (conn) => {
      await writeBenchData(conn, { orderLines: 1500, skus: 12, days: 40, endDate: '2025-06-30' });
      await bumpDataVersion(conn);
      await refreshMarts(conn);
    });
    const first = await keys(wh);
    expect(Object.keys(first).length).toBeGreaterThanOrEqual(12);
    const check = async () => {
      for (const table of incrementalTables) {
        const [row] = await wh.all<{ rows: number | bigint; wrong: number | bigint }>(
          `select count(*) as rows, count(*) filter (where t.sku is not null and t.sku_key is distinct from k.sku_key) as wrong
           from ${table} as t left join sku_key as k on k.sku = t.sku`,
        );
        expect([table, Number(row.wrong)]).toEqual([table, 0]);
      }
    };
    await check();
    // a SKU gone from the data keeps its key out of use; a new one gets the next
    const gone = Object.keys(first).sort()[0];
    await wh.transaction(async (conn) => {
      for (const table of ['order_line', 'return_line', 'inventory_snapshot', 'inventory_latest', 'listing', 'order_fee']) {
        await conn.run(`delete from ${table} where sku = $1`, [gone]);
      }
      await conn.run("update order_line set sku = 'NEW-SKU' where line_id = (select min(line_id) from order_line)");
      await bumpDataVersion(conn);
      await refreshMarts(conn);
    });
    const second = await keys(wh);
    expect(second).toEqual({ ...first, 'NEW-SKU': Math.max(...Object.values(first)) + 1 });
    await check();
  });
});
