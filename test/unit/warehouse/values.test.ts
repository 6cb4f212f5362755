import { DuckDBInstance } from '@duckdb/node-api';
import { columnTypeOf, rawConverter, toPlainValue } from '../../../pipeline/warehouse/values';

// The fast path (raw values) must give exactly what the JSON path gives, type by type.
describe('raw DuckDB values → plain values', () => {
  it('matches the JSON-row conversion for every column type, nulls and non-finite numbers included', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run("set TimeZone = 'UTC'");
    const sql = `select * from (values
      ('SKU-1', 42::integer, 9007199254740993::bigint, 12.3456::decimal(18,4), 1.5::double, 'inf'::double, 'nan'::double,
       date '2026-11-25', timestamp '2026-11-25 10:00:00.123', timestamptz '2026-11-25 10:00:00+00', true, 170141183460469231731687303715884105727::hugeint),
      (null, null, null, null, null, null, null, null, null, null, null, null)
    ) t(s, i, b, d, f, pinf, nan, dt, ts, tstz, flag, huge)`;
    const raw = await conn.runAndReadAll(sql);
    const json = await conn.runAndReadAll(sql);
    const types = raw.columnTypes().map((t) => columnTypeOf(t.toString()));
    const rawRows = raw.getRows().map((row) => row.map((v, c) => rawConverter(types[c])(v)));
    const jsonRows = json.getRowsJson().map((row) => row.map((v, c) => toPlainValue(v, types[c])));
    expect(rawRows).toEqual(jsonRows);
    expect(rawRows[0]).toEqual([
      'SKU-1', 42, 9007199254740992, 12.3456, 1.5, null, null, '2026-11-25', '2026-11-25T10:00:00.123Z', '2026-11-25T10:00:00.000Z', true, 1.7014118346046923e38,
    ]);
    expect(rawRows[1].every((v) => v === null)).toBe(true);
    conn.closeSync();
  });
});
