// The integer SKU keys of the `-- incremental: sku` tables (sql/schema/140_sku_key.sql), DuckDB
// only. A partial rebuild deletes the changed SKUs' old rows by key: at 10M order lines a delete
// by SKU text took 83–300 ms a table (every string of a date-ordered table decompressed), by key
// 30–73 ms. Every row with a SKU has its key — each build of such a table checks that and
// keys what it finds without one — so a delete by key misses no row.
import { log } from '../log';
import type { SqlConnection } from '../warehouse/types';

/** An incremental model's rows, each with its SKU's key as the last column `sku_key`. */
export function withSkuKeys(body: string): string {
  return `select model.*, sku_keys.sku_key\nfrom (\n${body}\n) as model\nleft join sku_key as sku_keys on sku_keys.sku = model.sku`;
}

/** Keys the SKUs of `relation` (anything with a `sku` column) that have none, after the last key given. */
async function keyNewSkus(conn: SqlConnection, relation: string, params?: Record<string, string>): Promise<void> {
  await conn.run(
    `insert into sku_key (sku, sku_key)
     select unkeyed.sku, coalesce((select max(sku_key) from sku_key), 0) + row_number() over (order by unkeyed.sku)
     from (select distinct sku from ${relation} as source where source.sku is not null) as unkeyed
     where not exists (select 1 from sku_key where sku_key.sku = unkeyed.sku)`,
    params,
  );
}

/** The keys of `skus`, keying those new to it first (what a partial rebuild deletes by). */
export async function skuKeysOf(conn: SqlConnection, skus: readonly string[]): Promise<number[]> {
  if (skus.length === 0) return [];
  const listed = '(select unnest($skus::json::varchar[]) as sku)';
  const params = { skus: JSON.stringify(skus) };
  await keyNewSkus(conn, listed, params);
  const rows = await conn.all<{ sku_key: number }>(`select sku_key from sku_key where sku in ${listed} order by sku_key`, params);
  return rows.map((r) => Number(r.sku_key));
}

/**
 * Keys every SKU of the tables the models read (`tables`: those without a `sku` column are
 * skipped), before a whole build of the incremental tables, so they come out keyed at once.
 */
export async function keyTablesSkus(conn: SqlConnection, tables: readonly string[]): Promise<void> {
  const withSku = await conn.all<{ table_name: string }>(
    `select distinct table_name from information_schema.columns
     where column_name = 'sku' and table_schema = 'main' and table_name in (select unnest($tables::json::varchar[]))
     order by table_name`,
    { tables: JSON.stringify(tables) },
  );
  if (withSku.length === 0) return;
  await keyNewSkus(conn, `(${withSku.map((t) => `select sku from ${t.table_name}`).join('\nunion\n')})`);
}

/**
 * After a whole build of incremental table `table`: rows whose SKU had no key yet (a SKU no
 * table the models read names as such) get one. Cheap when there are none: a null count is
 * answered from the column statistics.
 */
export async function keyUnkeyedRows(conn: SqlConnection, table: string): Promise<void> {
  const [{ n }] = await conn.all<{ n: number | bigint }>(`select count(*) as n from ${table} where sku_key is null and sku is not null`);
  if (Number(n) === 0) return;
  await keyNewSkus(conn, `(select sku from ${table} where sku_key is null)`);
  await conn.run(`update ${table} set sku_key = sku_keys.sku_key from sku_key as sku_keys where ${table}.sku_key is null and sku_keys.sku = ${table}.sku`);
  log.debug({ table, rows: Number(n) }, 'keyed the SKUs of a rebuilt table that had no key yet');
}
