// Replacing stored rows by natural key, shared by the file ingest (pipeline/ingest/load.ts) and
// the API loader (pipeline/scheduler/load.ts), so both load a table the same way:
// 1. a stored row that is a strictly newer version (by the target's version column) wins;
// 2. otherwise the stored rows are deleted, ready for the caller's insert of the staged rows.
// Either way a field the winning row lacks (null) takes the other row's value: a report that does
// not carry a field (Amazon's All Listings has no location, its All Orders report no ship-by date)
// never erases what another source said, so the order files are loaded in never changes the result.
import type { SqlConnection } from '../warehouse/types';
import { ident } from '../channels/contract/reportSql';
import type { TargetSpec } from './targets';

function isMoneyColumn(target: TargetSpec, column: string): boolean {
  const money = target.money;
  return !!money && [money.amount, money.base, money.rate].includes(column);
}

function keyMatch(target: TargetSpec, a: string, b: string): string {
  return target.key.map((k) => `${a}.${ident(k)} is not distinct from ${b}.${ident(k)}`).join(' and ');
}

/**
 * Whether `target` stores a row with a key of `source` (SQL for a relation with the key columns).
 * When it does not, replaceStoredRows would change nothing: a caller may skip it.
 */
export async function storesAnyKeyOf(conn: SqlConnection, target: TargetSpec, source: string): Promise<boolean> {
  const [row] = await conn.all<{ found: boolean }>(
    `select exists (select 1 from ${source} s join ${target.table} t on ${keyMatch(target, 't', 's')}) as found`,
  );
  return row.found;
}

/** Prepares `stage` (a temp table with `columns`) to replace the stored rows of `target`. */
export async function replaceStoredRows(conn: SqlConnection, target: TargetSpec, stage: string, columns: string[]): Promise<void> {
  const table = target.table;
  const fillable = columns.filter((c) => !target.key.includes(c));
  if (target.version) {
    const v = ident(target.version);
    const stale = `${keyMatch(target, 't', stage)} and t.${v} > ${stage}.${v}`;
    // Money amounts are left out: their base-currency value is computed only on insert.
    const backfill = fillable.filter((c) => c !== target.version && !isMoneyColumn(target, c));
    if (backfill.length) {
      await conn.run(
        `update ${table} t set ${backfill.map((c) => `${ident(c)} = coalesce(t.${ident(c)}, ${stage}.${ident(c)})`).join(', ')}
         from ${stage} where ${stale} and (${backfill.map((c) => `(t.${ident(c)} is null and ${stage}.${ident(c)} is not null)`).join(' or ')})`,
      );
    }
    await conn.run(`delete from ${stage} using ${table} t where ${stale}`);
  }
  if (fillable.length) {
    await conn.run(
      `update ${stage} set ${fillable.map((c) => `${ident(c)} = coalesce(${stage}.${ident(c)}, t.${ident(c)})`).join(', ')}
       from ${table} t where ${keyMatch(target, 't', stage)}`,
    );
  }
  await conn.run(`delete from ${table} using ${stage} where ${keyMatch(target, table, stage)}`);
}
