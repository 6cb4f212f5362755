// inventory_latest must equal "the snapshot with the greatest date per SKU and location" after
// every kind of write, whatever the write told bumpDataVersion. The expected rows are written out
// by hand from the snapshots each test lands.
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { latestSnapshotScope } from '../../../pipeline/warehouse/latestSnapshots';
import { landRows } from '../../support/landRows';

const SNAPSHOT = 'insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units) values';

async function latest(wh: DuckWarehouse): Promise<[string, string, string, number][]> {
  const rows = await wh.all<{ sku: string; location_id: string; snapshot_date: string; available_units: number }>(
    'select * from inventory_latest order by sku, location_id',
  );
  return rows.map((r) => [r.sku, r.location_id, r.snapshot_date, r.available_units]);
}

async function seeded(): Promise<DuckWarehouse> {
  const wh = await DuckWarehouse.open(':memory:');
  await landRows(
    wh,
    `${SNAPSHOT} ('2026-11-20', 'A', 'WH-1', 9, 9), ('2026-11-25', 'A', 'WH-1', 5, 4), ('2026-11-24', 'A', 'WH-2', 7, 7),
                 ('2026-11-25', 'B', 'WH-1', 3, 3)`,
    [{ table: 'inventory_snapshot', skus: ['A', 'B'] }],
  );
  return wh;
}

describe('inventory_latest', () => {
  it('holds the latest snapshot of each sku at each location once snapshots land', async () => {
    const wh = await seeded();
    expect(await latest(wh)).toEqual([
      ['A', 'WH-1', '2026-11-25', 4],
      ['A', 'WH-2', '2026-11-24', 7],
      ['B', 'WH-1', '2026-11-25', 3],
    ]);
    wh.close();
  });

  it("redoes only the named SKUs' pairs, including one whose latest row was deleted", async () => {
    const wh = await seeded();
    await landRows(
      wh,
      `delete from inventory_snapshot where sku = 'A' and snapshot_date = '2026-11-25';
       ${SNAPSHOT} ('2026-11-26', 'A', 'WH-2', 6, 2)`,
      [{ table: 'inventory_snapshot', skus: ['A'] }],
    );
    expect(await latest(wh)).toEqual([
      ['A', 'WH-1', '2026-11-20', 9], // its 11-25 row is gone: the 11-20 one is the latest again
      ['A', 'WH-2', '2026-11-26', 2],
      ['B', 'WH-1', '2026-11-25', 3],
    ]);
    wh.close();
  });

  it('redoes every pair after a write that did not say what it touched', async () => {
    const wh = await seeded();
    await landRows(wh, `update inventory_snapshot set location_id = 'WH-9' where location_id = 'WH-2'`);
    expect(await latest(wh)).toEqual([
      ['A', 'WH-1', '2026-11-25', 4],
      ['A', 'WH-9', '2026-11-24', 7],
      ['B', 'WH-1', '2026-11-25', 3],
    ]);
    wh.close();
  });

  it('is left alone by a write that touched other tables only', async () => {
    const wh = await seeded();
    // a snapshot written without telling (no writer does this): proves nothing was recomputed
    await wh.run(`${SNAPSHOT} ('2026-11-27', 'B', 'WH-1', 1, 1)`);
    await landRows(wh, "update listing set channel_quantity_units = 5 where false", [{ table: 'listing', columns: ['channel_quantity_units'] }]);
    expect((await latest(wh)).find(([sku]) => sku === 'B')).toEqual(['B', 'WH-1', '2026-11-25', 3]);
    wh.close();
  });

  it('is filled from the snapshots already stored when the migration first runs', async () => {
    const wh = await seeded();
    await wh.run("drop table inventory_latest; delete from schema_migration where file_name = '130_inventory_latest.sql'");
    await wh.migrate();
    expect(await latest(wh)).toEqual([
      ['A', 'WH-1', '2026-11-25', 4],
      ['A', 'WH-2', '2026-11-24', 7],
      ['B', 'WH-1', '2026-11-25', 3],
    ]);
    wh.close();
  });
});

describe('latestSnapshotScope', () => {
  it('names the SKUs of snapshot changes, all of them for an unnamed or unknown write, none otherwise', () => {
    expect(latestSnapshotScope([{ table: 'listing' }, { table: 'order_line', skus: ['A'] }])).toBe('none');
    expect(latestSnapshotScope([{ table: 'inventory_snapshot', skus: ['A'] }, { table: 'inventory_snapshot', skus: ['B', 'A'] }])).toEqual(new Set(['A', 'B']));
    expect(latestSnapshotScope([{ table: 'inventory_snapshot', skus: ['A'] }, { table: 'inventory_snapshot' }])).toBe('all');
    expect(latestSnapshotScope([{ table: '*' }])).toBe('all');
    expect(latestSnapshotScope([{ table: 'inventory_snapshot', skus: Array.from({ length: 2_001 }, (_, i) => `S${i}`) }])).toBe('all');
  });
});
