// Loads one sniffed report file: DuckDB reads the file into a private staging table where SQL
// types and validates every row; then ONE transaction puts bad rows in rejected_row, replaces the
// natural keys of the good rows in the canonical table and logs the run (pipeline_run,
// ingested_file, data_version). Any failure, or a kill, leaves the database as it was.
import { randomUUID } from 'node:crypto';
import { DataError } from '../errors';
import { log } from '../log';
import { bumpDataVersion } from '../warehouse/dataVersion';
import type { SqlConnection, Warehouse } from '../warehouse/types';
import { normaliseHeaderName } from './detect';
import { dailyRatesSql, insertWithBaseSql, recomputeBaseAmounts } from './fx';
import { replaceStoredRows, storesAnyKeyOf } from './replace';
import { Sniffed } from './sniff';
import { blankToNull, ident, lit, MACROS, parseExpr, unparseableReason } from '../channels/contract/reportSql';
import { TARGETS, TargetSpec, withEveryNullableColumn } from './targets';
import { FieldDef, FILE_COLUMN, FileSummary, LoadContext, ProgressEvent, ReportSpec, SOURCE_FILE_COLUMN } from '../channels/contract/reports';

export interface LoadInput {
  /** The path as the user gave it (what the summary prints). */
  displayPath: string;
  /** The file DuckDB reads (a UTF-8 transcode for windows-1252 files). */
  readPath: string;
  sniffed: Sniffed;
  ctx: LoadContext;
  fileBytes: number;
  /**
   * Whether the file ends with a line end. Channels end every record with one; a file that stops
   * inside its last record is a download cut short, and that record (its last field perhaps cut:
   * 32.99 → "32.") is refused rather than loaded over a correct stored row.
   */
  endsWithLineEnd?: boolean;
  sha256: Promise<string>;
  onProgress?: (event: ProgressEvent) => void;
}

/** Staging column names: the normalised header names, made unique. */
export function stagingColumns(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell) => {
    const name = normaliseHeaderName(cell) || 'column';
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}~${count}`;
  });
}

/** The staging column holding a field's text (text fields are their own raw value). */
function rawName(f: FieldDef): string {
  return f.type === 'text' ? f.name : `${f.name}__raw`;
}

/** The first row id of a table (rows a transaction inserts are numbered from a high base). */
async function firstRowid(conn: SqlConnection, table: string): Promise<string> {
  // As text: those ids exceed 2^53.
  const [row] = await conn.all<{ first_rowid: string | null }>(`select cast(min(rowid) as varchar) as first_rowid from ${table}`);
  return BigInt(row.first_rowid ?? '0').toString();
}

interface Check {
  field: string;
  reason: string;
  bad: string;
  raw: string;
}

/** The reject rules of a report's fields, as SQL over the typed staging table. */
export function fieldChecks(fields: FieldDef[], plausible: Plausibility = defaultPlausibility()): Check[] {
  const checks: Check[] = [];
  for (const f of fields) {
    const label = f.source ?? f.name;
    const raw = ident(rawName(f));
    const typed = ident(f.name);
    if (f.required) checks.push({ field: label, reason: `missing ${label}`, bad: `${raw} is null`, raw: 'null' });
    if (f.type !== 'text') checks.push({ field: label, reason: unparseableReason(f.type), bad: `${raw} is not null and ${typed} is null`, raw });
    if (f.nonNegative) {
      const what = f.type === 'integer' ? 'negative quantity' : 'negative value';
      checks.push({ field: label, reason: what, bad: `${typed} < 0`, raw });
    }
    if (f.positive) checks.push({ field: label, reason: 'must be greater than zero', bad: `${typed} <= 0`, raw });
    checks.push(...plausibilityChecks(f, label, raw, typed, plausible));
    if (f.allowed) {
      const values = f.allowed.map((v) => lit(v.toLowerCase())).join(', ');
      // (list_contains, not `not in (…)`: DuckDB turns an IN list of five or more values into a
      // join, which does not keep the file's order, and row ids are line numbers.)
      checks.push({ field: label, reason: `must be one of: ${f.allowed.join(', ')}`, bad: `${raw} is not null and not list_contains([${values}], lower(${raw}))`, raw });
    }
  }
  return checks;
}

/** What a value may be before it is taken for a typo or a broken export rather than data. */
export interface Plausibility {
  /** First accepted day (YYYY-MM-DD): no channel in scope sold before it. */
  earliestDate: string;
  /** Last accepted day: a year after today (pre-orders, planned receipts), not more. */
  latestDate: string;
  /** Largest quantity a whole-number field may hold (CROSSDOCK_INGEST_MAX_QUANTITY). */
  maxQuantity: number;
}

export const DEFAULT_MAX_QUANTITY = 1_000_000;

export function defaultPlausibility(now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): Plausibility {
  const configured = Number(env.CROSSDOCK_INGEST_MAX_QUANTITY);
  const latest = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
  return { earliestDate: '2000-01-01', latestDate: latest, maxQuantity: Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_QUANTITY };
}

function plausibilityChecks(f: FieldDef, label: string, raw: string, typed: string, p: Plausibility): Check[] {
  if (f.type === 'date' || f.type === 'timestamp') {
    const day = f.type === 'date' ? typed : `cast(${typed} as date)`;
    return [
      { field: label, reason: `implausible date: before ${p.earliestDate}`, bad: `${day} < date ${lit(p.earliestDate)}`, raw },
      { field: label, reason: `implausible date: more than a year ahead (after ${p.latestDate})`, bad: `${day} > date ${lit(p.latestDate)}`, raw },
    ];
  }
  if (f.type === 'integer') {
    const reason = `implausible quantity: beyond ±${p.maxQuantity} (set CROSSDOCK_INGEST_MAX_QUANTITY if it is real)`;
    return [{ field: label, reason, bad: `abs(${typed}) > ${p.maxQuantity}`, raw }];
  }
  return [];
}

/**
 * DuckDB's parallel CSV scanner cannot pad short lines (null_padding) in a file whose quoted
 * fields hold line breaks; it says so instead of reading. Such files are read on one thread.
 */
export const NEEDS_SERIAL_READ = /parallel scanner does not support null_padding in conjunction with quoted new lines/i;

/**
 * Lines that break the CSV rules (a quote left open, more fields than the header, text after a
 * closing quote). Files are read strictly; when one has such lines, it is read again leniently
 * (every line a record, so line numbers hold) and those lines are refused one by one with
 * DuckDB's reason, found by a strict scan that records them (store_rejects).
 */
const MALFORMED_LINES = /CSV Error on Line/i;

export interface ReadMode {
  /** One thread (NEEDS_SERIAL_READ). */
  serial?: boolean;
  /** strict_mode off: malformed lines are read as best DuckDB can, to be refused by line. */
  lenient?: boolean;
  /** Record malformed lines in these tables instead of failing (the strict scan). */
  rejectTables?: { errors: string; scans: string };
}

/**
 * The read_csv call of a file (or of several files of one layout: `paths`, each row then naming
 * its file in column cd_source_file).
 */
export function readCsvSql(input: LoadInput, columns: string[], mode: ReadMode = {}, paths?: string[]): string {
  const { sniffed } = input;
  const spec = sniffed.spec;
  const columnTypes = `{${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  const options = [
    'header = false',
    `skip = ${sniffed.skipLines}`,
    `columns = ${columnTypes}`,
    'auto_detect = false',
    `delim = ${lit(spec.delimiter)}`,
    spec.quoted ? `quote = '"', escape = '"'` : `quote = '', escape = ''`,
    // Short lines (eBay footers, ragged rows) read as NULL-padded rows filtered in SQL.
    'null_padding = true',
    `strict_mode = ${mode.lenient ? 'false' : 'true'}`,
    'max_line_size = 4194304',
    ...(mode.serial ? ['parallel = false'] : []),
    ...(mode.rejectTables ? ['store_rejects = true', `rejects_table = ${lit(mode.rejectTables.errors)}`, `rejects_scan = ${lit(mode.rejectTables.scans)}`] : []),
  ];
  if (sniffed.encoding === 'latin-1') options.push(`encoding = 'latin-1'`);
  if (paths) options.push(`filename = ${lit(SOURCE_FILE_COLUMN)}`);
  return `read_csv(${paths ? `[${paths.map(lit).join(', ')}]` : lit(input.readPath)}, ${options.join(', ')})`;
}

/** Runs a statement while reporting DuckDB's progress of it. */
export async function runWithProgress(conn: SqlConnection, sql: string, report?: (percent: number) => void): Promise<void> {
  if (!report) return void (await conn.run(sql));
  // (Only with a listener: DuckDB's progress tracking is not free.)
  // DuckDB only tracks progress with its progress bar on; it must not print it itself.
  await conn.run('set enable_progress_bar = true');
  await conn.run('set enable_progress_bar_print = false');
  const timer = setInterval(() => {
    const p = conn.progress();
    if (p >= 0) report(Math.min(100, p));
  }, 200);
  try {
    await conn.run(sql);
  } finally {
    clearInterval(timer);
  }
}

/** Everything one load needs, derived once from the sniffed file and its spec. */
export interface LoadPlan {
  input: LoadInput;
  spec: ReportSpec;
  target: TargetSpec;
  ctx: LoadContext;
  runId: string;
  /** Staging column names (normalised header). */
  columns: string[];
  /** Header columns the spec uses that the file has, and those it lacks. */
  present: string[];
  missing: string[];
  fields: FieldDef[];
  checks: Check[];
  outputs: Record<string, string>;
  progress: (phase: ProgressEvent['phase'], percent: number) => void;
  /** A progress callback for runWithProgress, or undefined when nobody listens. */
  reporter: (phase: ProgressEvent['phase']) => ((percent: number) => void) | undefined;
  /** SQL giving a `cd_typed` row's line number in the file (set once the file is staged). */
  typedLineNumber?: string;
  /** How the file is read (set when the strict parallel read refused it). */
  read: ReadMode;
}

export interface Counts {
  rowsRead: number;
  rowsRejected: number;
}

export function planLoad(input: LoadInput): LoadPlan {
  const spec = input.sniffed.spec;
  const columns = stagingColumns(input.sniffed.header);
  const used = [...new Set([...spec.required, ...(spec.optional ?? []), ...(spec.oneOf ?? []).flat()].map((c) => c.toLowerCase()))];
  const fields = spec.fields(input.ctx, columns);
  return {
    input,
    spec,
    target: TARGETS[spec.target],
    ctx: input.ctx,
    runId: `ingest-${randomUUID()}`,
    read: {},
    columns,
    present: columns.filter((c) => used.includes(c)),
    missing: used.filter((c) => !columns.includes(c)),
    fields,
    checks: fieldChecks(fields),
    outputs: withEveryNullableColumn(spec.target, spec.output(input.ctx)),
    progress: (phase, percent) => input.onProgress?.({ file: input.displayPath, kind: spec.kind, phase, percent }),
    reporter: (phase) => (input.onProgress ? (percent) => input.onProgress?.({ file: input.displayPath, kind: spec.kind, phase, percent }) : undefined),
  };
}

export async function loadFile(warehouse: Warehouse, input: LoadInput): Promise<FileSummary> {
  const plan = planLoad(input);
  const startedAt = new Date().toISOString();
  try {
    return await warehouse.withConnection(async (rawConn) => {
      const conn = timedConnection(rawConn, plan.spec.kind);
      try {
        for (const macro of MACROS) await conn.run(macro);
        // Reading and typing happen before the write transaction: temp tables are private to this
        // connection and never durable, so a kill still leaves the database as it was; and DuckDB
        // scans rows a transaction itself inserted on one thread only, which would make the insert
        // below single-threaded (measured 2× slower on millions of rows).
        await stageFile(conn, plan).catch((err: unknown) => {
          throw asUnreadable(err, plan);
        });
        // One transaction for everything that lands, in its turn among the writers.
        return await warehouse.exclusively(() => landFile(conn, plan, startedAt));
      } finally {
        await dropTemporaries(conn).catch(() => undefined);
      }
    });
  } catch (err) {
    await recordFailedRun(warehouse, plan.runId, plan.spec.kind, startedAt, err);
    throw err;
  }
}

/** Steps 3–5 in one transaction: rejects, rows, run log and data version land together or not at all. */
async function landFile(conn: SqlConnection, plan: LoadPlan, startedAt: string): Promise<FileSummary> {
  await conn.run('begin transaction');
  try {
    const counts = await quarantine(conn, plan);
    const summed = await upsertRows(conn, plan);
    await recordRun(conn, plan, counts, startedAt);
    await conn.run('commit');
    plan.progress('done', 100);
    return {
      file: plan.input.displayPath,
      kind: plan.spec.kind,
      rows_read: counts.rowsRead,
      rows_loaded: counts.rowsRead - counts.rowsRejected,
      rows_rejected: counts.rowsRejected,
      ...(summed > 0 ? { rows_summed: summed } : {}),
    };
  } catch (err) {
    await conn.run('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * Steps 1–2, retried the ways a file that DuckDB's strict parallel read refuses can still be read:
 * on one thread (quoted line breaks), then leniently with its malformed lines listed in
 * `cd_malformed` (line_number, reason, raw) for quarantine to refuse.
 */
async function stageFile(conn: SqlConnection, plan: LoadPlan): Promise<void> {
  for (;;) {
    try {
      return await stageAndType(conn, plan);
    } catch (err) {
      const message = String((err as Error)?.message);
      if (!plan.read.serial && NEEDS_SERIAL_READ.test(message)) plan.read = { ...plan.read, serial: true };
      else if (!plan.read.lenient && MALFORMED_LINES.test(message) && !/unicode|encoding|maximum line size/i.test(message)) {
        await listMalformedLines(conn, plan);
        plan.read = { ...plan.read, lenient: true };
      } else throw err;
    }
  }
}

/** The strict scan that records the file's malformed lines, read the way the failed read was. */
async function listMalformedLines(conn: SqlConnection, plan: LoadPlan): Promise<void> {
  const tables = { errors: 'cd_csv_errors', scans: 'cd_csv_scans' };
  const csv = readCsvSql(plan.input, plan.columns, { serial: plan.read.serial, rejectTables: tables });
  await conn.run(`select count(*) from ${csv}`);
  await conn.run(
    `create or replace temp table cd_malformed as
     select cast(line as bigint) as line_number, first(error_message order by column_idx) as reason, first(csv_line) as raw_line
     from ${tables.errors} group by line`,
  );
  for (const table of Object.values(tables)) await conn.run(`drop table if exists ${table}`);
}

/** Whether a report is staged as text before it is typed (rows depending on other rows). */
export function isStaged(spec: ReportSpec): boolean {
  return Boolean(spec.reshape || spec.staged);
}

/** The staging columns read: those the spec uses that the file has, the others as NULL. */
export function stagingReadList(plan: LoadPlan): string[] {
  return [...plan.present.map(ident), ...plan.missing.map((c) => `cast(null as varchar) as ${ident(c)}`)];
}

/**
 * The statement typing and judging every line of `source` into `cd_typed`, keeping the `carried`
 * columns as they are (line_number, the file of a batch). Lines that are not records are flagged
 * and counted nowhere: a blank line has none of the identifying columns; a repeated header line
 * (concatenated downloads) repeats the header text exactly; the spec knows its own (footers,
 * summaries). A reshape filters its own rows.
 */
export function typedTableSql(plan: LoadPlan, source: string, carried: string[]): string {
  const { spec, input, columns, present } = plan;
  const { sniffed } = input;
  const required = spec.required.map((r) => r.toLowerCase());
  const identifying = spec.reshape ? [] : present.filter((c) => required.includes(c));
  const notBlank = identifying.length ? `coalesce(${identifying.map(ident).join(', ')}) is not null` : 'true';
  const headerText = (c: string) => sniffed.header[columns.indexOf(c)];
  const notHeaderAgain = identifying.length
    ? `not (${identifying.slice(0, 2).map((c) => `coalesce(${ident(c)} = ${lit(headerText(c))}, false)`).join(' and ')})`
    : 'true';
  const isRecord = [notBlank, notHeaderAgain, spec.isRecord ? `(${spec.isRecord(columns)})` : 'true'].join(' and ');

  const cell = (column: string) => (spec.trimCells === false ? `nullif(${column}, '')` : blankToNull(column));
  const rawColumns = plan.fields.map((f) => {
    let raw = f.expr ?? cell(ident(f.source!.toLowerCase()));
    if (f.emptyAs !== undefined) raw = `coalesce(${raw}, ${lit(f.emptyAs)})`;
    return `${raw} as ${ident(rawName(f))}`;
  });
  const parsed = plan.fields.filter((f) => f.type !== 'text');
  const typedColumns = parsed.map((f) => `${parseExpr(ident(rawName(f)), f.type, f.formats)} as ${ident(f.name)}`);
  const badExpr = plan.checks.length ? plan.checks.map((c) => `coalesce(${c.bad}, false)`).join(' or ') : 'false';
  // The raw text of a parsed field is only needed to explain a rejected row: keep it for those.
  const rawOnlyIfBad = parsed.map((f) => `case when cd_bad then ${ident(rawName(f))} end as ${ident(rawName(f))}`);
  return `create or replace temp table cd_typed as
     with flagged as (select *, (${isRecord}) as cd_is_record from ${source}),
     fielded as (select ${carried.map((c) => `${c}, `).join('')}cd_is_record, ${rawColumns.join(', ')} from flagged),
     typed as (select *${typedColumns.length ? ', ' + typedColumns.join(', ') : ''} from fielded),
     judged as (select *, cd_is_record and (${badExpr}) as cd_bad from typed)
     select * ${rawOnlyIfBad.length ? `replace (${rawOnlyIfBad.join(', ')})` : ''} from judged`;
}

/**
 * Steps 1–2: DuckDB reads the file (all text, only the columns used; columns the spec knows but
 * the file lacks read as NULL) and every line is typed and judged into `cd_typed`. Reports whose
 * rows depend on other rows (carry-down, summary rows, unpivot) are staged as text first; the
 * others are typed in the same parallel pass. Either way the table keeps file order, so row ids
 * give line numbers. Leaves views `cd_rows` (records, with line_number) and `cd_good`.
 */
async function stageAndType(conn: SqlConnection, plan: LoadPlan): Promise<void> {
  const { spec, input, columns } = plan;
  const { sniffed } = input;
  const readList = stagingReadList(plan);
  const csv = readCsvSql(input, columns, plan.read);
  const staged = isStaged(spec);
  const lineOf = async (table: string) => `rowid - ${await firstRowid(conn, table)} + ${sniffed.skipLines + 1}`;
  let source = `(select ${readList.join(', ')} from ${csv})`;
  plan.progress('staging', 0);
  if (staged) {
    await runWithProgress(conn, `create or replace temp table cd_raw as select ${spec.reshape ? '*' : readList.join(', ')} from ${csv}`, plan.reporter('staging'));
    // (One file: the FILE_COLUMN that windows partition by is 0.)
    source = `(select ${await lineOf('cd_raw')} as line_number, 0 as ${FILE_COLUMN}, * from cd_raw)`;
    if (spec.reshape) {
      for (const statement of spec.reshape(columns, source, sniffed.header)) await conn.run(statement);
      source = 'cd_reshaped';
    }
  }
  await runWithProgress(conn, typedTableSql(plan, source, staged ? ['line_number'] : []), plan.reporter(staged ? 'loading' : 'staging'));
  plan.typedLineNumber = staged ? 'line_number' : await lineOf('cd_typed');
  await conn.run(`create or replace temp view cd_rows as select ${staged ? '*' : `${plan.typedLineNumber} as line_number, *`} from cd_typed where cd_is_record`);
  // The good records without line numbers (cheaper to scan when lines are not needed).
  await conn.run('create or replace temp view cd_good as select * from cd_typed where cd_is_record and not cd_bad');
  plan.progress('loading', 0);
}

export const CUT_SHORT_REASON =
  'the file ends inside this record (no line end after it): the download was probably cut short, so the record may be incomplete; download the report again';

/** Step 3: bad rows → rejected_row (replacing the file's earlier rejects); returns the counts. */
async function quarantine(conn: SqlConnection, plan: LoadPlan): Promise<Counts> {
  const { ctx, checks } = plan;
  await conn.run('delete from rejected_row where source_file = $1', [ctx.sourceFile]);
  if (plan.read.lenient) {
    // Lines that break the CSV rules, found by the strict scan: refused with DuckDB's reason.
    await conn.run(`update cd_typed set cd_bad = true where cd_is_record and ${plan.typedLineNumber} in (select line_number from cd_malformed)`);
    await conn.run(
      `insert into rejected_row (run_id, source_file, report_kind, line_number, field, reason, raw_value)
       select $1, $2, $3, line_number, '(record)', 'not a valid CSV record: ' || reason, left(raw_line, 500) from cd_malformed`,
      [plan.runId, ctx.sourceFile, plan.spec.kind],
    );
  }
  if (plan.input.endsWithLineEnd === false) {
    // The last record, whatever its fields say, is refused: its last field may be cut.
    await conn.run(`create or replace temp table cd_cut_short as select max(line_number) as line_number from cd_rows`);
    await conn.run(`update cd_typed set cd_bad = true where cd_is_record and ${plan.typedLineNumber} = (select line_number from cd_cut_short)`);
    await conn.run(
      `insert into rejected_row (run_id, source_file, report_kind, line_number, field, reason, raw_value)
       select $1, $2, $3, line_number, '(record)', $4, null from cd_cut_short where line_number is not null`,
      [plan.runId, ctx.sourceFile, plan.spec.kind, CUT_SHORT_REASON],
    );
  }
  if (checks.length) {
    // Bad rows are few: collect them once, then explain each.
    await conn.run('create or replace temp table cd_bad_rows as select * from cd_rows where cd_bad');
    const union = checks
      .map((c) => `select line_number, ${lit(c.field)} as field, ${lit(c.reason)} as reason, cast(${c.raw} as varchar) as raw_value from cd_bad_rows where coalesce(${c.bad}, false)`)
      .join(' union all ');
    await conn.run(
      `insert into rejected_row (run_id, source_file, report_kind, line_number, field, reason, raw_value)
       select $1, $2, $3, line_number, field, first(reason), first(raw_value) from (${union}) group by line_number, field`,
      [plan.runId, ctx.sourceFile, plan.spec.kind],
    );
  }
  const [counts] = await conn.all<{ rows_read: number; rows_rejected: number }>(
    'select count(*) as rows_read, count(*) filter (where cd_bad) as rows_rejected from cd_rows',
  );
  plan.progress('loading', 30);
  return { rowsRead: Number(counts.rows_read), rowsRejected: Number(counts.rows_rejected) };
}

/**
 * Step 4: good rows → canonical rows (returns how many lines were summed into another's row).
 * Duplicates inside the file keep the latest version (then the last line), or are summed; a stored row is replaced unless it is a strictly newer version, keeping the
 * stored value of every field the file leaves empty (replace.ts); amounts get
 * their base-currency value; the spec's afterLoad runs; an FX load recomputes base values.
 */
async function upsertRows(conn: SqlConnection, plan: LoadPlan): Promise<number> {
  const { target, outputs, ctx, spec } = plan;
  const outputNames = Object.keys(outputs);
  const keyList = target.key.map(ident).join(', ');
  const outputList = outputNames.map((n) => `${outputs[n]} as ${ident(n)}`).join(', ');
  // (Grouped by the key itself: DuckDB's hash() of strings collides too often to stand in for it.)
  const keySelect = target.key.map((k) => `${outputs[k]} as ${ident(k)}`).join(', ');
  const [{ has_duplicates: hasDuplicates }] = await conn.all<{ has_duplicates: boolean }>(
    `select exists (select 1 from (select ${keySelect} from cd_good) group by ${keyList} having count(*) > 1) as has_duplicates`,
  );
  const [{ is_empty: isEmpty }] = await conn.all<{ is_empty: boolean }>(`select not exists (select 1 from ${target.table}) as is_empty`);
  // (A file whose keys the table does not hold yet replaces nothing: it is inserted as into an empty table.)
  const targetEmpty = isEmpty || !(await storesAnyKeyOf(conn, target, `(select ${keySelect} from cd_good)`));
  log.debug({ kind: spec.kind, hasDuplicates, targetEmpty }, 'ingest upsert path');
  let summed = 0;
  // The common case (a first load of a file without duplicates) inserts straight from cd_good.
  let rowsSource = `(select ${outputList} from cd_good)`;
  if (hasDuplicates || !targetEmpty) {
    await conn.run(
      hasDuplicates
        ? `create or replace temp table cd_out as ${oneRowPerKeySql(plan, outputList, keyList)}`
        : `create or replace temp table cd_out as select * from ${rowsSource}`,
    );
    if (hasDuplicates && spec.sumOnSameKey?.length) {
      const [n] = await conn.all<{ lines: number; rows: number }>('select (select count(*) from cd_good) as lines, (select count(*) from cd_out) as rows');
      summed = Number(n.lines) - Number(n.rows);
    }
    rowsSource = 'cd_out';
    if (!targetEmpty) await replaceStoredRows(conn, target, 'cd_out', outputNames);
  }
  plan.progress('loading', 60);
  if (target.money) await conn.run(dailyRatesSql(target.money, rowsSource, ctx.baseCurrency));
  await conn.run(insertWithBaseSql(target, outputNames, rowsSource, lit(ctx.sourceFile), ctx.baseCurrency));
  // afterLoad statements and the FX recompute read the rows just loaded as `cd_loaded`.
  await conn.run(`create or replace temp view cd_loaded as select * from ${rowsSource}`);
  await afterLoad(conn, spec, ctx);
  plan.progress('loading', 90);
  return summed;
}

/**
 * The file's good lines, one row per natural key: the newest version (then the last line) wins,
 * or, for specs that say so, the quantities of the key's lines are summed (the other columns
 * from its last line). `perFile`: a batch's lines, one row per file and key (each row keeping
 * its file's SOURCE_FILE_COLUMN).
 */
export function oneRowPerKeySql(plan: LoadPlan, outputList: string, keyList: string, perFile = false): string {
  const { target, spec, outputs } = plan;
  const file = perFile ? `, ${SOURCE_FILE_COLUMN}` : '';
  const lines = `(select ${outputList}${file}, line_number as cd_line from cd_rows where not cd_bad)`;
  if (spec.sumOnSameKey?.length) {
    const columns = Object.keys(outputs).map((name) => {
      if (target.key.includes(name)) return ident(name);
      const value = spec.sumOnSameKey!.includes(name) ? `sum(${ident(name)})` : `arg_max(${ident(name)}, cd_line)`;
      return `${value} as ${ident(name)}`;
    });
    return `select ${columns.join(', ')}${file} from ${lines} group by ${keyList}${file}`;
  }
  const versionOrder = target.version ? `${ident(target.version)} desc nulls last, ` : '';
  return `select * exclude (cd_line) from ${lines} qualify row_number() over (partition by ${keyList}${file} order by ${versionOrder}cd_line desc) = 1`;
}

/** Step 5: the run log, in the same transaction as the rows it describes. */
async function recordRun(conn: SqlConnection, plan: LoadPlan, counts: Counts, startedAt: string): Promise<void> {
  const { rowsRead, rowsRejected } = counts;
  const rowsLoaded = rowsRead - rowsRejected;
  const sha256 = await plan.input.sha256;
  await conn.run(
    `insert into pipeline_run (run_id, run_kind, stream, started_at, finished_at, run_status, rows_read, rows_loaded, rows_rejected)
     values ($1, 'ingest', $2, $3::timestamptz, now(), $4, $5, $6, $7)`,
    [plan.runId, plan.spec.kind, startedAt, rowsRejected ? 'partial' : 'succeeded', rowsRead, rowsLoaded, rowsRejected],
  );
  await conn.run('delete from ingested_file where file_sha256 = $1', [sha256]);
  await conn.run(
    `insert into ingested_file (file_sha256, file_path, report_kind, file_bytes, run_id, rows_read, rows_loaded, rows_rejected)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [sha256, plan.ctx.sourceFile, plan.spec.kind, plan.input.fileBytes, plan.runId, rowsRead, rowsLoaded, rowsRejected],
  );
  await bumpDataVersion(conn);
}

/** The steps after the rows landed, which read them as `cd_loaded`: the spec's own, and for FX rates the base amounts they price. */
export async function afterLoad(conn: SqlConnection, spec: ReportSpec, ctx: LoadContext): Promise<void> {
  for (const statement of spec.afterLoad?.(ctx) ?? []) await conn.run(statement);
  if (spec.target === 'fx_rate') {
    const currencies = (await conn.all<{ c: string }>('select distinct currency_code as c from cd_loaded')).map((r) => r.c);
    await recomputeBaseAmounts(conn, ctx.baseCurrency, currencies);
  }
}

export async function dropTemporaries(conn: SqlConnection): Promise<void> {
  // (Every cd_ temporary of this connection: a file's, or a batch's in batch.ts.)
  const found = await conn.all<{ name: string; is_view: boolean }>(
    `select view_name as name, true as is_view from duckdb_views() where temporary and view_name like 'cd\\_%' escape '\\'
     union all
     select table_name, false from duckdb_tables() where temporary and table_name like 'cd\\_%' escape '\\'
     order by is_view desc`,
  );
  for (const { name, is_view: isView } of found) await conn.run(`drop ${isView ? 'view' : 'table'} if exists ${ident(name)}`);
}

/** The connection, with each statement's duration logged at debug level (where the time goes). */
export function timedConnection(conn: SqlConnection, kind: string): SqlConnection {
  return {
    async run(sql, params) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await conn.run(sql, params);
      const cpu = process.cpuUsage(cpu0);
      log.debug({ kind, ms: Math.round(performance.now() - t0), cpu_ms: Math.round((cpu.user + cpu.system) / 1000), sql: sql.replace(/\s+/g, ' ').slice(0, process.env.CROSSDOCK_INGEST_SQL_CHARS ? Number(process.env.CROSSDOCK_INGEST_SQL_CHARS) : 80) }, 'ingest step');
    },
    all: (sql, params) => conn.all(sql, params),
    values: (sql, params) => conn.values(sql, params),
    progress: () => conn.progress(),
  };
}

/** DuckDB's CSV reader errors (a corrupt line, invalid UTF-8 past the sniffed head) as bad data. */
export function asUnreadable(err: unknown, plan: LoadPlan): unknown {
  const message = err instanceof Error ? err.message : String(err);
  if (!/CSV|unicode|encoding|line size/i.test(message)) return err;
  // DuckDB says where ("CSV Error on Line: N"), then why, then dumps its options ("delimiter =
  // …"): keep the where and the why, word for word.
  const lines = message.split('\n').map((line) => line.trim());
  const optionsAt = lines.findIndex((line, i) => i > 0 && /^[a-z_ ]+ = /i.test(line));
  const said = lines.slice(1, optionsAt < 0 ? undefined : optionsAt).filter(Boolean);
  // Its sentences say why; "Possible fixes" name reader options a seller cannot set, and the
  // lines after "Original Line:" are the record itself.
  const isAdvice = (line: string) => /^(Original Line|Possible (fix|solution)|\*)/i.test(line);
  const why = said
    .filter((line) => !isAdvice(line) && (/\.$/.test(line) || /\b(found|detected|support|maximum|expected|invalid)\b/i.test(line)))
    .join(' ')
    .slice(0, 400)
    .replace(/\.+$/, '');
  const original = said.find((line) => /^Original Line/i.test(line));
  const detail = [lines[0].replace(/^(Error: )?[A-Za-z ]+ Error: /, ''), why, original && (original.length > 160 ? `${original.slice(0, 160)}…` : original)]
    .filter(Boolean)
    .join(' — ')
    .replace(/\.+$/, '');
  return new DataError(
    `${plan.input.displayPath}: could not be read as ${plan.spec.label}: ${detail}. Nothing of this file was loaded; ` +
      'fix or re-export the file (UTF-8 or Latin-1 CSV/TSV) and rerun.',
    'CD_INGEST_UNREADABLE',
    { cause: err },
  );
}

/** Logs a run that failed (its rows were rolled back), so the run log shows the attempt. */
export async function recordFailedRun(warehouse: Warehouse, runId: string, kind: string, startedAt: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  await warehouse
    .run(
      `insert into pipeline_run (run_id, run_kind, stream, started_at, finished_at, run_status, error_message)
       values ($1, 'ingest', $2, $3::timestamptz, now(), 'failed', $4)`,
      [runId, kind, startedAt, message.slice(0, 2000)],
    )
    .catch(() => undefined);
}
