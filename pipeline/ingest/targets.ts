// How each canonical table is loaded: its natural key, which column orders versions of a row, and
// which amount gets a base-currency value from fx_rate. Derived from pipeline/model/canonical.ts.
import { DUCKDB_TYPES, sourceColumns, tableSpec, TARGET_TABLES, type MoneyColumns, type TargetTable } from '../model/canonical';

export type { MoneyColumns };

export interface TargetSpec {
  table: TargetTable;
  key: readonly string[];
  /**
   * A newer row replaces an older one; with a version column, a row from a file is skipped when
   * the table already holds a strictly newer version (so loading an old report after a new one
   * does not roll data back). Without one, the last file loaded wins.
   */
  version?: string;
  money?: MoneyColumns;
  /** Whether the table records which file a row came from (all but location). */
  hasSourceFile: boolean;
}

function targetSpec(table: TargetTable): TargetSpec {
  const { key, version, money, columns } = tableSpec(table);
  return { table, key, ...(version ? { version } : {}), ...(money ? { money } : {}), hasSourceFile: 'source_file' in columns };
}

export const TARGETS = Object.fromEntries(TARGET_TABLES.map((table) => [table, targetSpec(table)])) as Record<TargetTable, TargetSpec>;

/**
 * A report's output columns plus a null for every nullable column it does not fill, so that a
 * replaced row keeps what another report stored there (replace.ts) instead of losing it.
 */
export function withEveryNullableColumn(table: TargetTable, outputs: Record<string, string>): Record<string, string> {
  const missing = sourceColumns(table).filter(([name, spec]) => spec.nullable && !(name in outputs));
  return { ...outputs, ...Object.fromEntries(missing.map(([name, spec]) => [name, `cast(null as ${DUCKDB_TYPES[spec.type]})`])) };
}
