// A stopping server closes its database with closeCheckpointed: no write-ahead log may be left,
// even while something still holds a connection (closing alone then leaves the log behind).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cd-close-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpointing', () => {
  it('moves the log into the file when nothing else writes', async () => {
    const path = join(dir, 'crossdock.duckdb');
    const wh = await DuckWarehouse.open(path);
    await wh.run('create table t as select range as i from range(100000)');
    expect(existsSync(`${path}.wal`)).toBe(true);
    expect(await wh.checkpoint()).toBe(true);
    expect(existsSync(`${path}.wal`)).toBe(false);
    wh.close();
  });

  it('beside a running write transaction, neither throws nor loses that transaction', async () => {
    const path = join(dir, 'crossdock.duckdb');
    const wh = await DuckWarehouse.open(path);
    await wh.run('create table t as select range as i from range(100000)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = wh.transaction(async (conn) => {
      await conn.run('insert into t select 1');
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(typeof (await wh.checkpoint())).toBe('boolean'); // DuckDB may or may not checkpoint then
    release();
    await writing;
    wh.close();
    const again = await DuckWarehouse.open(path);
    expect(await again.all<{ n: number | bigint }>('select count(*) as n from t')).toEqual([{ n: 100001 }]);
    again.close();
  });
});

describe('closing the database checkpointed', () => {
  it('leaves no write-ahead log while a reader still holds its connection, and keeps the data', async () => {
    const path = join(dir, 'crossdock.duckdb');
    const wh = await DuckWarehouse.open(path);
    await wh.run('create table t as select range as i, md5(cast(range as varchar)) as s from range(200000)');
    const reading = wh.streamRows('select * from t', undefined, [{ name: 'i', type: 'integer' }]);
    await reading.next();
    expect(existsSync(`${path}.wal`)).toBe(true); // the write is in the log so far
    await wh.closeCheckpointed();
    expect(existsSync(`${path}.wal`)).toBe(false);
    const again = await DuckWarehouse.open(path);
    expect(await again.all<{ n: number | bigint }>('select count(*) as n from t')).toEqual([{ n: 200000 }]);
    again.close();
  });
});
