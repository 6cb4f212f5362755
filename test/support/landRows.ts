// Writes rows the way every Crossdock writer does: the SQL and the data-version bump in one
// transaction, so what is derived as data lands (inventory_latest, the rebuild's change log)
// follows. A test that inserts canonical rows and then reads them through a dataset uses this.
import { bumpDataVersion, type DataChange, type DuckWarehouse } from '../../pipeline/warehouse/duckdb';

export async function landRows(wh: DuckWarehouse, sql: string, changes?: readonly DataChange[]): Promise<void> {
  await wh.transaction(async (conn) => {
    await conn.run(sql);
    await bumpDataVersion(conn, changes);
  });
}
