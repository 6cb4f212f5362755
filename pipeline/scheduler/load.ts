// Loads canonical rows that came from channel APIs (JSON, not files). Rows are staged as NDJSON
// files while pages arrive (memory stays flat on big first loads), then DuckDB reads them itself
// and replaces rows by natural key in the caller's transaction: a re-read overlap window, or the
// same order updated months later, overwrites its earlier version and never duplicates it.
// (The file ingest in pipeline/ingest loads report files; this is its counterpart for API JSON,
// sharing its table specs and base-currency SQL.)
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dailyRatesSql, insertWithBaseSql } from '../ingest/fx';
import { lit } from '../channels/contract/reportSql';
import { replaceStoredRows } from '../ingest/replace';
import { defaultPlausibility, type Plausibility } from '../ingest/load';
import { TARGETS } from '../ingest/targets';
import { touchedSkus } from '../ingest/touchedSkus';
import type { DataChange } from '../warehouse/dataVersion';
import type { SqlConnection } from '../warehouse/types';
import { API_TABLES, DUCKDB_TYPES, sourceColumns } from '../model/canonical';
import { implausibleFields } from './plausible';
import type { CanonicalRows, CanonicalTable, RejectedRecord } from '../model/rows';

// The staged columns per table (what a channel fills), with their DuckDB types. Timestamps are
// read as TIMESTAMPTZ (the JSON carries a zone) and cast to the tables' UTC TIMESTAMP. Keys,
// versions and base-currency conversion come from the file ingest's TARGETS, so both paths load a
// table the same way; all of it from pipeline/model/canonical.ts.
function stagedTypes(table: CanonicalTable): Record<string, string> {
  return Object.fromEntries(sourceColumns(table).map(([name, { type }]) => [name, type === 'timestamp' ? 'TIMESTAMPTZ' : DUCKDB_TYPES[type]]));
}

export const STAGED_COLUMNS = Object.fromEntries(API_TABLES.map((table) => [table, stagedTypes(table)])) as Record<CanonicalTable, Record<string, string>>;

/** Collects a stream run's rows on disk, one NDJSON file per table. */
export class RowStage {
  readonly dir: string;
  private files = new Map<CanonicalTable, { path: string; fd: number; count: number }>();
  readonly rejects: RejectedRecord[] = [];

  constructor(parent: string = tmpdir(), private readonly plausible: Plausibility = defaultPlausibility()) {
    this.dir = mkdtempSync(join(parent, 'crossdock-stage-'));
  }

  /** Stages the plausible rows; the others become rejects (plausible.ts). */
  add<T extends CanonicalTable>(table: T, given: readonly CanonicalRows[T][]): void {
    const rows = given.filter((row) => {
      const why = implausibleFields(table, row, this.plausible);
      this.rejects.push(...why);
      return why.length === 0;
    });
    if (rows.length === 0) return;
    let file = this.files.get(table);
    if (!file) {
      const path = join(this.dir, `${table}.ndjson`);
      file = { path, fd: openSync(path, 'w'), count: 0 };
      this.files.set(table, file);
    }
    let text = '';
    for (const row of rows) text += JSON.stringify(row) + '\n';
    writeSync(file.fd, text);
    file.count += rows.length;
  }

  reject(records: readonly RejectedRecord[]): void {
    this.rejects.push(...records);
  }

  count(table?: CanonicalTable): number {
    if (table) return this.files.get(table)?.count ?? 0;
    let total = 0;
    for (const file of this.files.values()) total += file.count;
    return total;
  }

  /** Closes the files; returns table → NDJSON path. */
  seal(): Map<CanonicalTable, string> {
    const out = new Map<CanonicalTable, string>();
    for (const [table, file] of this.files) {
      closeSync(file.fd);
      out.set(table, file.path);
    }
    this.files.clear();
    return out;
  }

  dispose(): void {
    for (const file of this.files.values()) closeSync(file.fd);
    this.files.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Replaces rows by natural key from one NDJSON file; returns the number of rows loaded. */
export async function upsertNdjson(
  conn: SqlConnection,
  table: CanonicalTable,
  path: string,
  sourceTag: string,
): Promise<{ loaded: number; skus: string[] | null }> {
  const types = STAGED_COLUMNS[table];
  const target = TARGETS[table];
  const columns = Object.keys(types);
  const columnTypes = `{${columns.map((c) => `${c}: ${lit(types[c])}`).join(', ')}}`;
  const stage = `cd_api_${table}`;
  const typed = columns.map((c) => (types[c] === 'TIMESTAMPTZ' ? `cast(${c} as timestamp) as ${c}` : c));
  // Read, and keep one row per key: the newest version, then the last one read.
  const versionOrder = target.version ? `${target.version} desc nulls last, ` : '';
  await conn.run(
    `create or replace temp table ${stage} as
       select * exclude (cd_line) from (
         select ${typed.join(', ')}, row_number() over () as cd_line
           from read_json(${lit(path)}, format = 'newline_delimited', columns = ${columnTypes})
       )
       qualify row_number() over (partition by ${target.key.join(', ')} order by ${versionOrder}cd_line desc) = 1`,
  );
  const skus = await touchedSkus(conn, table, stage);
  // A strictly newer stored version wins; fields the API leaves empty keep their stored value.
  await replaceStoredRows(conn, target, stage, columns);
  const [count] = await conn.all<{ n: number }>(`select count(*)::bigint as n from ${stage}`);
  const loaded = Number(count.n);
  const [base] = await conn.all<{ setting_value: string }>(`select setting_value from setting where setting_key = 'base_currency_code'`);
  const baseCurrency = String(base?.setting_value ?? 'USD').toUpperCase();
  if (target.money) await conn.run(dailyRatesSql(target.money, stage, baseCurrency));
  await conn.run(insertWithBaseSql(target, columns, stage, lit(sourceTag), baseCurrency));
  await conn.run(`drop table ${stage}`);
  return { loaded, skus };
}

/**
 * Upserts a stream window's staged files (table → NDJSON path) and says what that changed, for
 * bumpDataVersion: per table, the SKUs its rows touched when they are known (touchedSkus.ts).
 */
export async function upsertStaged(
  conn: SqlConnection,
  staged: ReadonlyMap<CanonicalTable, string>,
  sourceTag: string,
): Promise<{ loaded: number; changes: DataChange[] }> {
  let loaded = 0;
  const changes: DataChange[] = [];
  for (const [table, path] of staged) {
    const upserted = await upsertNdjson(conn, table, path, sourceTag);
    loaded += upserted.loaded;
    changes.push(upserted.skus === null ? { table } : { table, skus: upserted.skus });
  }
  return { loaded, changes };
}

/** A stable 53-bit number for a record id: rejected_row's line_number for API records. */
export function recordNumber(record: string): number {
  // FNV-1a over UTF-16 units, folded to 53 bits so it stays an exact JS number.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < record.length; i++) {
    const c = record.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h2 & 0x1fffff) * 0x100000000 + h1;
}

/** Records rejected API records; a record rejected again replaces its earlier entry. */
export async function recordRejects(conn: SqlConnection, runId: string, sourceTag: string, reportKind: string, rejects: readonly RejectedRecord[]): Promise<void> {
  for (const reject of rejects) {
    await conn.run(
      `insert into rejected_row (run_id, source_file, report_kind, line_number, field, reason, raw_value)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (source_file, line_number, field) do update
         set run_id = excluded.run_id, reason = excluded.reason, raw_value = excluded.raw_value, rejected_at = now()::timestamp`,
      [runId, sourceTag, reportKind, recordNumber(reject.record), reject.field, reject.reason, `${reject.record}: ${reject.raw_value ?? ''}`],
    );
  }
}
