// DuckDB behind the Warehouse and SqlConnection interfaces (pipeline/warehouse/types.ts): what the
// ingest, analytics, scheduler and write-back code rely on when they see only the interfaces.
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import type { SqlConnection, Warehouse } from '../../../pipeline/warehouse/types';

let wh: Warehouse;

beforeEach(async () => {
  wh = await DuckWarehouse.open(':memory:');
});

afterEach(() => wh.close());

const rowsOf = (conn: SqlConnection) => conn.all('select sku, title from sku order by sku');

describe('DuckDB as a Warehouse', () => {
  it('binds positional and named parameters, never splicing them into the SQL text', async () => {
    await wh.transaction(async (conn) => {
      await conn.run('insert into sku (sku, title) values ($1, $2)', ['A', "it's'); drop table sku; --"]);
      await conn.run('insert into sku (sku, title) values ($sku, $title)', { sku: 'B', title: null });
    });
    expect(await wh.withConnection(rowsOf)).toEqual([
      { sku: 'A', title: "it's'); drop table sku; --" },
      { sku: 'B', title: null },
    ]);
  });

  it('answers all() with plain row objects: numbers, ISO days and UTC timestamps', async () => {
    const rows = await wh.withConnection((conn) =>
      conn.all("select 12345678901::bigint as n, 2.5::decimal(18,4) as d, date '2024-02-29' as day, timestamp '2024-11-29 08:00:00' as at, $1 as s", ['x']),
    );
    expect(rows).toEqual([{ n: 12345678901, d: 2.5, day: '2024-02-29', at: '2024-11-29T08:00:00.000Z', s: 'x' }]);
  });

  it('answers values() positionally with the engine values unconverted', async () => {
    const rows = await wh.withConnection((conn) => conn.values('select 7::bigint as n, true as b, $1 as s', ['x']));
    expect(rows).toEqual([[7n, true, 'x']]);
  });

  it('rolls the whole transaction back when its function throws', async () => {
    await expect(
      wh.transaction(async (conn) => {
        await conn.run('insert into sku (sku) values ($1)', ['A']);
        throw new Error('crash mid-write');
      }),
    ).rejects.toThrow('crash mid-write');
    expect(await wh.all('select sku from sku')).toEqual([]);
  });

  it('keeps temporary tables to the one connection of a withConnection scope', async () => {
    const count = await wh.withConnection(async (conn) => {
      await conn.run('create temp table t as select * from range(3)');
      const [row] = await conn.all<{ n: number }>('select count(*) as n from t');
      return row.n;
    });
    expect(count).toBe(3);
    await expect(wh.withConnection((conn) => conn.all('select * from t'))).rejects.toThrow(/t/);
  });

  it('reports -1 or a percentage as progress when nothing is running', async () => {
    const progress = await wh.withConnection(async (conn) => conn.progress());
    expect(progress === -1 || (progress >= 0 && progress <= 100)).toBe(true);
  });

  it('streams positional plain rows in the order of the given columns, null for a column the result lacks', async () => {
    const chunks: unknown[][][] = [];
    const sql = 'select range as n, cast(range as varchar) as s from range($count)';
    for await (const chunk of wh.streamRows(sql, { count: 3 }, [
      { name: 's', type: 'string' },
      { name: 'missing', type: 'number' },
      { name: 'n', type: 'integer' },
    ])) {
      chunks.push(chunk);
    }
    expect(chunks.flat()).toEqual([
      ['0', null, 0],
      ['1', null, 1],
      ['2', null, 2],
    ]);
  });
});
