// inventory_latest (sql/schema/130_inventory_latest.sql): the latest snapshot of each SKU at each
// location, kept in step with inventory_snapshot inside the transaction of every write, so the
// stock dataset reads a few thousand rows instead of aggregating the whole snapshot history.
// Every write of new data calls bumpDataVersion in its transaction (dataVersion.ts), which calls
// this with what the write touched: that one place keeps the table exact for every writer.
import type { DataChange } from './dataVersion';
import type { SqlConnection } from './types';

/** Past this many SKUs, recomputing every pair costs no more than filtering the history by SKU. */
const WHOLE_ABOVE_SKUS = 2_000;

const LATEST = `select snapshots.sku, snapshots.location_id,
         max(snapshots.snapshot_date) as snapshot_date,
         max_by(snapshots.available_units, snapshots.snapshot_date) as available_units
  from inventory_snapshot as snapshots`;

/**
 * Which SKUs' latest snapshots a write may have moved: none, some, or all (a write that did not
 * say what it touched, or touched snapshots of SKUs it did not list).
 */
export function latestSnapshotScope(changes: readonly DataChange[]): 'none' | 'all' | Set<string> {
  const skus = new Set<string>();
  for (const change of changes) {
    if (change.table !== '*' && change.table !== 'inventory_snapshot') continue;
    if (change.table === '*' || !change.skus) return 'all';
    for (const sku of change.skus) skus.add(sku);
  }
  if (skus.size === 0) return 'none';
  return skus.size > WHOLE_ABOVE_SKUS ? 'all' : skus;
}

/**
 * Brings inventory_latest up to the snapshots after a write that touched `changes`, and says what
 * that changed in turn (null: nothing), for the write to record as well: the stock dataset's mart
 * reads this table, not the snapshots.
 */
export async function keepLatestSnapshots(conn: SqlConnection, changes: readonly DataChange[]): Promise<DataChange | null> {
  const scope = latestSnapshotScope(changes);
  if (scope === 'none') return null;
  if (scope === 'all') {
    await conn.run('delete from inventory_latest');
    await conn.run(`insert into inventory_latest (sku, location_id, snapshot_date, available_units)\n  ${LATEST}\n  group by snapshots.sku, snapshots.location_id`);
    return { table: 'inventory_latest' };
  }
  const skus = { skus: JSON.stringify([...scope]) };
  const changed = 'select unnest(cast($skus as json)::varchar[])';
  await conn.run(`delete from inventory_latest where sku in (${changed})`, skus);
  await conn.run(
    `insert into inventory_latest (sku, location_id, snapshot_date, available_units)\n  ${LATEST}\n  where snapshots.sku in (${changed})\n  group by snapshots.sku, snapshots.location_id`,
    skus,
  );
  return { table: 'inventory_latest', skus: [...scope] };
}
