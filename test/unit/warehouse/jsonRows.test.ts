// DuckDB encodes the API's rows as JSON itself (pipeline/warehouse/jsonRows.ts): the text must
// parse to exactly what the value path (streamRows + JSON.stringify) gives, for every type and
// awkward value, in the order of the asked columns.
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { jsonRowsSql } from '../../../pipeline/warehouse/jsonRows';
import type { Column } from '../../../pipeline/warehouse/values';

const COLUMNS: Column[] = [
  { name: 'id', type: 'integer' },
  { name: 'big', type: 'integer' },
  { name: 'price', type: 'number' },
  { name: 'ratio', type: 'number' },
  { name: 'label', type: 'string' },
  { name: 'day', type: 'date' },
  { name: 'seen_at', type: 'timestamp' },
  { name: 'at_tz', type: 'timestamp' },
  { name: 'flag', type: 'boolean' },
  { name: 'kind', type: 'string' },
];

const TABLE = `
  create table t as select * from (values
    (1, 12345678901234::bigint, 12.5000::decimal(18,4), 0.1::double + 0.2::double, 'plain', date '2026-11-25',
     timestamp '2026-11-25 10:00:00.123', timestamptz '2026-11-25 10:00:00+02', true, 'a'::varchar),
    (2, -1::bigint, -0.0100::decimal(18,4), 'nan'::double, 'quote " backslash \\ newline
 tab	 é ✓ 𝄞', date '1999-12-31', timestamp '2026-01-01 00:00:00', null, false, 'b'),
    (3, null, null, 'inf'::double, null, null, null, null, null, null),
    (4, 0::bigint, 0::decimal(18,4), -0.0::double, '', date '2026-02-28', timestamp '2026-02-28 23:59:59.999', null, null, '=1+2'),
    (5, 9::bigint, 1e-7::decimal(18,8), 1e300::double, 'x', date '2026-03-01', timestamp '2026-03-01 00:00:00', null, true, null)
  ) as v(id, big, price, ratio, label, day, seen_at, at_tz, flag, kind)`;

async function both(wh: DuckWarehouse, sql: string, columns: Column[]): Promise<{ values: unknown[][]; json: unknown[][] }> {
  const values: unknown[][] = [];
  for await (const rows of wh.streamRows(sql, {}, columns)) values.push(...rows);
  const texts: string[] = [];
  for await (const rows of wh.streamJsonRows(sql, {}, columns)) texts.push(...rows);
  return { values: JSON.parse(JSON.stringify(values)) as unknown[][], json: JSON.parse(`[${texts.join(',')}]`) as unknown[][] };
}

describe('rows encoded as JSON by DuckDB', () => {
  let wh: DuckWarehouse;
  beforeAll(async () => {
    wh = await DuckWarehouse.open(':memory:', { migrate: false });
    await wh.run("set global TimeZone = 'UTC'");
    await wh.run(TABLE);
  });
  afterAll(() => wh.close());

  it('parse to the values of the value path for every column type and awkward value', async () => {
    const { values, json } = await both(wh, 'select * from t order by id', COLUMNS);
    expect(json).toEqual(values);
    expect(json[0]).toEqual([1, 12345678901234, 12.5, 0.30000000000000004, 'plain', '2026-11-25', '2026-11-25T10:00:00.123Z', '2026-11-25T08:00:00.000Z', true, 'a']);
    expect(json[1][3]).toBeNull(); // NaN: JSON has no NaN
    expect(json[1][4]).toBe('quote " backslash \\ newline\n tab\t é ✓ 𝄞');
    expect(json[2]).toEqual([3, null, null, null, null, null, null, null, null, null]); // +inf → null as well
    expect(json[4][2]).toBe(1e-7);
    expect(json[4][3]).toBe(1e300);
  });

  it('follows the asked column order, with null for a column the result lacks', async () => {
    const columns: Column[] = [{ name: 'label', type: 'string' }, { name: 'missing', type: 'number' }, { name: 'id', type: 'integer' }];
    const { values, json } = await both(wh, 'select id, label from t where id <= 2 order by id', columns);
    expect(json).toEqual(values);
    expect(json[0]).toEqual(['plain', null, 1]);
  });

  it('keeps the order of the query and answers an empty result with no rows', async () => {
    const { json } = await both(wh, 'select * from t order by id desc', COLUMNS);
    expect(json.map((row) => row[0])).toEqual([5, 4, 3, 2, 1]);
    expect((await both(wh, 'select * from t where false', COLUMNS)).json).toEqual([]);
  });

  it('binds parameters like the value path', async () => {
    const texts: string[] = [];
    for await (const rows of wh.streamJsonRows('select id from t where id > $min order by id', { min: 3 }, [{ name: 'id', type: 'integer' }])) texts.push(...rows);
    expect(texts).toEqual(['[4]', '[5]']);
  });

  it('quotes column names in the SQL it builds', () => {
    expect(jsonRowsSql('select 1 as "a""b"', [{ name: 'a"b', duckType: 'INTEGER' }], [{ name: 'a"b', type: 'integer' }])).toContain('q."a""b"');
  });
});
