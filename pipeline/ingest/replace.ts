// Replacing stored rows by natural key, shared by the file ingest (pipeline/ingest/load.ts) and
// the API loader (pipeline/scheduler/load.ts), so both load a table the same way:
// 1. a stored row that is a strictly newer version (by the target's version column) wins;
// 2. a field the new row lacks (null) keeps the stored value: a report that does not carry a
//    field (Amazon's All Listings has no location; a returns file no order link) never erases
//    what another source said, so the order files are loaded in never changes the result;
// 3. the stored rows are deleted, ready for the caller's insert of the staged rows.
import type { SqlConnection } from '../warehouse/types';
import { ident } from '../channels/contract/reportSql';
import type { TargetSpec } from './targets';

function keyMatch(target: TargetSpec, a: string, b: string): string {
  return target.key.map((k) => `${a}.${ident(k)} is not distinct from ${b}.${ident(k)}`).join(' and ');
}

/** Prepares `stage` (a temp table with `columns`) to replace the stored rows of `target`. */
export async function replaceStoredRows(conn: SqlConnection, target: TargetSpec, stage: string, columns: string[]): Promise<void> {
  const table = target.table;
  if (target.version) {
    const v = ident(target.version);
    await conn.run(`delete from ${stage} using ${table} t where ${keyMatch(target, 't', stage)} and t.${v} > ${stage}.${v}`);
  }
  const fillable = columns.filter((c) => !target.key.includes(c));
  if (fillable.length) {
    await conn.run(
      `update ${stage} set ${fillable.map((c) => `${ident(c)} = coalesce(${stage}.${ident(c)}, t.${ident(c)})`).join(', ')}
       from ${table} t where ${keyMatch(target, 't', stage)}`,
    );
  }
  await conn.run(`delete from ${table} using ${stage} where ${keyMatch(target, table, stage)}`);
}
