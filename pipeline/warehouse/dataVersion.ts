// The data version: one counter in the warehouse's `setting` table that every write of new data
// bumps in its own transaction, so the API's caches and the add-in's sheets know when to refresh,
// and the analytics rebuild knows what to rebuild (data_change: what the write touched).
import { keepLatestSnapshots } from './latestSnapshots';
import type { SqlConnection, Warehouse } from './types';

/** One table a write touched: `columns` when it only updated those, else rows came or went. */
export interface DataChange {
  table: string;
  columns?: readonly string[];
  /**
   * Every SKU whose rows the write touched (100_data_change_skus.sql), when the writer knows them:
   * the rebuild then redoes only those SKUs in the models that allow it. Absent: every SKU.
   */
  skus?: readonly string[];
}

/**
 * Marks that new data landed: the API's `data_version` changes, so caches and sheets know.
 * `changes` say what the write touched (see 090_data_change.sql); without them every model is
 * taken to be affected, so a writer that cannot tell stays correct, only slower to catch up.
 * Tables derived from the canonical ones as they are written (inventory_latest) are brought up
 * to date here, in the writer's transaction, and recorded as changed too.
 */
export async function bumpDataVersion(conn: SqlConnection, changes?: readonly DataChange[]): Promise<void> {
  await conn.run(
    `update setting
     set setting_value = cast(cast(setting_value as bigint) + 1 as varchar), updated_at = now()::timestamp
     where setting_key = 'data_version'`,
  );
  const written = changes ?? [{ table: '*' }];
  if (written.length === 0) return;
  const derived = await keepLatestSnapshots(conn, written);
  const recorded = derived ? [...written, derived] : written;
  await conn.run(
    `insert into data_change (data_version, table_name, column_names, skus)
     select cast(setting.setting_value as bigint), change.table_name, change.column_names, change.skus
     from setting, (
       select unnest($1::json::varchar[]) as table_name, unnest($2::json::varchar[][]) as column_names, unnest($3::json::varchar[][]) as skus
     ) as change
     where setting.setting_key = 'data_version'`,
    [
      JSON.stringify(recorded.map((c) => c.table)),
      JSON.stringify(recorded.map((c) => c.columns ?? null)),
      JSON.stringify(recorded.map((c) => c.skus ?? null)),
    ],
  );
}

export async function dataVersion(warehouse: Warehouse): Promise<string> {
  const rows = await warehouse.all<{ setting_value: string }>("select setting_value from setting where setting_key = 'data_version'");
  return rows[0]?.setting_value ?? '0';
}
