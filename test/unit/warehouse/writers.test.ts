// Writers take turns (DuckWarehouse.exclusively): every writer bumps the one data_version row,
// and DuckDB refuses two open transactions updating one row ("Conflict on update"). A push that
// landed during an ingest failed that way before.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../../../pipeline/ingest';
import { bumpDataVersion, dataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

describe('concurrent writers on one warehouse', () => {
  it('land every one of 10 concurrent transactions that bump the data version', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => wh.transaction((conn) => bumpDataVersion(conn))));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await dataVersion(wh)).toBe('10');
    wh.close();
  });

  it('land a file ingest and write transactions started while it loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-writers-'));
    const file = join(dir, 'inventory.csv');
    const lines = Array.from({ length: 2000 }, (_, i) => `2025-01-01,WH1,S${i},5,5`);
    writeFileSync(file, `snapshot_date,location_id,sku,on_hand,available\n${lines.join('\n')}\n`);
    const wh = await DuckWarehouse.open(':memory:');
    try {
      const results = await Promise.allSettled([
        ingestPaths(wh, [file], {}),
        ...Array.from({ length: 5 }, () => wh.transaction((conn) => bumpDataVersion(conn))),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await dataVersion(wh)).toBe('6');
      expect(await wh.all('select count(*) as n from inventory_snapshot')).toEqual([{ n: 2000 }]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('let the analytics rebuild run beside them', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writer = wh.transaction(async () => held); // a long writer holds the turn
    let ran = false;
    await wh.transaction(async () => {
      ran = true;
    }, { alongsideWriters: true });
    expect(ran).toBe(true);
    release();
    await writer;
    wh.close();
  });
});
