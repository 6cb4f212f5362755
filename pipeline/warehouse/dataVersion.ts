// The data version: one counter in the warehouse's `setting` table that every write of new data
// bumps in its own transaction, so the API's caches and the add-in's sheets know when to refresh.
import type { SqlConnection, Warehouse } from './types';

/** Marks that new data landed: the API's `data_version` changes, so caches and sheets know. */
export async function bumpDataVersion(conn: SqlConnection): Promise<void> {
  await conn.run(
    `update setting
     set setting_value = cast(cast(setting_value as bigint) + 1 as varchar), updated_at = now()::timestamp
     where setting_key = 'data_version'`,
  );
}

export async function dataVersion(warehouse: Warehouse): Promise<string> {
  const rows = await warehouse.all<{ setting_value: string }>("select setting_value from setting where setting_key = 'data_version'");
  return rows[0]?.setting_value ?? '0';
}
