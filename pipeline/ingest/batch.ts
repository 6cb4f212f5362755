// Loads several report files of one layout (same kind, header, preamble and encoding) together:
// ONE read_csv over the list of files (each row naming its file), one typing and validation
// pass, one reject capture, one natural-key replace and one bookkeeping pass, in ONE transaction.
// Per file, the result is the one of loading the files one by one (load.ts) in the same order:
// - rejects name the file, line and field, and replace that file's earlier rejects;
// - a key in one file keeps its newest version (then last line), or its summed quantities;
// - a key in several files lands file by file in order (replace.ts: a strictly newer stored
//   version wins, nulls are backfilled), one step per occurrence;
// - each file gets its own pipeline_run and ingested_file row and FileSummary.
// A batch lands whole or not at all, so each file's rows land whole or not at all; the caller
// (index.ts) loads a batch that fails one file at a time instead.
import { randomUUID } from 'node:crypto';
import { log } from '../log';
import { bumpDataVersion } from '../warehouse/dataVersion';
import type { SqlConnection, Warehouse } from '../warehouse/types';
import { dailyRatesSql, insertWithBaseSql } from './fx';
import {
  afterLoad,
  Counts,
  dropTemporaries,
  isStaged,
  LoadPlan,
  NEEDS_SERIAL_READ,
  oneRowPerKeySql,
  planLoad,
  readCsvSql,
  runWithProgress,
  stagingReadList,
  timedConnection,
  typedTableSql,
} from './load';
import { replaceStoredRows, storesAnyKeyOf } from './replace';
import { Sniffed } from './sniff';
import { ident, lit, MACROS } from '../channels/contract/reportSql';
import { FILE_COLUMN, FileSummary, LoadContext, ProgressEvent, SOURCE_FILE_COLUMN } from '../channels/contract/reports';

/** One file of a batch. */
export interface BatchFile {
  /** The path as the user gave it (what its summary prints). */
  displayPath: string;
  /** Its absolute path: what DuckDB reads, and what its rows and rejects store as source_file. */
  sourceFile: string;
  fileBytes: number;
  sha256: Promise<string>;
}

export interface BatchInput {
  /** In load order; no path twice. */
  files: BatchFile[];
  /** The layout every file has (the first file's sniff). */
  sniffed: Sniffed;
  /** The context every file loads with (its sourceFile is the first file's). */
  ctx: LoadContext;
  onProgress?: (event: ProgressEvent) => void;
}

const SOURCE = ident(SOURCE_FILE_COLUMN);

/** Loads the files (one transaction); returns their summaries in order. Throws when any step fails. */
export async function loadBatch(warehouse: Warehouse, input: BatchInput): Promise<FileSummary[]> {
  const { files } = input;
  const label = `${files[0].displayPath} (+${files.length - 1} more)`;
  const plan = planLoad({
    displayPath: label,
    readPath: files[0].sourceFile,
    sniffed: input.sniffed,
    ctx: input.ctx,
    fileBytes: files.reduce((sum, f) => sum + f.fileBytes, 0),
    sha256: files[0].sha256,
    onProgress: input.onProgress,
  });
  const runIds = files.map(() => `ingest-${randomUUID()}`);
  const startedAt = new Date().toISOString();
  return warehouse.withConnection(async (rawConn) => {
    const conn = timedConnection(rawConn, plan.spec.kind);
    try {
      for (const macro of MACROS) await conn.run(macro);
      // As for one file: read and typed before the write transaction (see loadFile), on one
      // thread when DuckDB asks for it. (Malformed lines: the caller loads the files one by one.)
      try {
        await stageBatch(conn, plan, files, runIds);
      } catch (err) {
        if (!NEEDS_SERIAL_READ.test(String((err as Error)?.message))) throw err;
        plan.read = { serial: true };
        await stageBatch(conn, plan, files, runIds);
      }
      return await warehouse.exclusively(() => landBatch(conn, plan, files, startedAt));
    } finally {
      await dropTemporaries(conn).catch(() => undefined);
    }
  });
}

/**
 * Steps 1–2 for the batch: `cd_batch_file` (cd_file, source_file, run_id) lists the files;
 * `cd_typed` holds every line of every file, typed and judged, with its file in
 * SOURCE_FILE_COLUMN; views `cd_rows` (records, with their line number in their file) and
 * `cd_good` as for one file.
 */
async function stageBatch(conn: SqlConnection, plan: LoadPlan, files: BatchFile[], runIds: string[]): Promise<void> {
  const { spec, columns } = plan;
  const firstLine = plan.input.sniffed.skipLines + 1;
  const fileRows = files.map((f, i) => `(${i}, ${lit(f.sourceFile)}, ${lit(runIds[i])})`);
  await conn.run(`create or replace temp table cd_batch_file as select * from (values ${fileRows.join(', ')}) t(${FILE_COLUMN}, source_file, run_id)`);
  const csv = readCsvSql(plan.input, columns, plan.read, files.map((f) => f.sourceFile));
  const readList = [...stagingReadList(plan), SOURCE];
  const staged = isStaged(spec);
  plan.progress('staging', 0);
  if (staged) {
    // (A reshape may read any column: see load.ts.)
    await runWithProgress(conn, `create or replace temp table cd_raw as select ${spec.reshape ? '*' : readList.join(', ')} from ${csv}`, plan.reporter('staging'));
    await locateFiles(conn, 'cd_raw', files.length);
    let source = `(select cd_raw.rowid - f.first_rowid + ${firstLine} as line_number, f.${FILE_COLUMN}, cd_raw.*
      from cd_raw join cd_file_rows f on cd_raw.${SOURCE} = f.source_file)`;
    if (spec.reshape) {
      for (const statement of spec.reshape(columns, source, plan.input.sniffed.header)) await conn.run(statement);
      // The reshaped rows keep FILE_COLUMN: their file's name comes back from it.
      source = `(select b.source_file as ${SOURCE}, cd_reshaped.* from cd_reshaped join cd_batch_file b on cd_reshaped.${FILE_COLUMN} = b.${FILE_COLUMN})`;
    }
    await runWithProgress(conn, typedTableSql(plan, source, [SOURCE, 'line_number']), plan.reporter('loading'));
    await conn.run('create or replace temp view cd_rows as select * from cd_typed where cd_is_record');
  } else {
    await runWithProgress(conn, typedTableSql(plan, `(select ${readList.join(', ')} from ${csv})`, [SOURCE]), plan.reporter('staging'));
    await locateFiles(conn, 'cd_typed', files.length);
    await conn.run(
      `create or replace temp view cd_rows as
       select cd_typed.rowid - f.first_rowid + ${firstLine} as line_number, cd_typed.*
       from cd_typed join cd_file_rows f on cd_typed.${SOURCE} = f.source_file where cd_typed.cd_is_record`,
    );
  }
  await conn.run('create or replace temp view cd_good as select * from cd_typed where cd_is_record and not cd_bad');
  plan.progress('loading', 0);
}

/**
 * `cd_file_rows`: where each file's lines are in `table` (its first row id). DuckDB keeps the
 * order it read in (files in list order, lines in file order: what line numbers of one file rest
 * on too), so a file's lines are one run of row ids, the runs in file order; checked here, and
 * the batch refused (loaded file by file) if not.
 */
async function locateFiles(conn: SqlConnection, table: string, fileCount: number): Promise<void> {
  await conn.run(
    `create or replace temp table cd_file_rows as
     select b.${FILE_COLUMN}, b.source_file, coalesce(r.first_rowid, 0) as first_rowid, coalesce(r.last_rowid, -1) as last_rowid, coalesce(r.lines, 0) as lines
     from cd_batch_file b left join (
       select ${SOURCE} as source_file, min(rowid) as first_rowid, max(rowid) as last_rowid, count(*) as lines from ${table} group by ${SOURCE}
     ) r using (source_file)`,
  );
  const [check] = await conn.all<{ files: number; lines: number; located: number; runs_broken: number; ordered: boolean }>(
    `select count(*) as files, (select count(*) from ${table}) as lines, sum(lines) as located,
            count(*) filter (where last_rowid - first_rowid + 1 <> lines) as runs_broken,
            coalesce(bool_and(first_rowid > prev_last), true) as ordered
     from (select *, lag(last_rowid, 1, -1) over (order by ${FILE_COLUMN}) as prev_last from cd_file_rows where lines > 0)`,
  );
  const located = Number(check.located ?? 0);
  if (Number(check.lines) !== located || Number(check.runs_broken) > 0 || !check.ordered || Number(check.files) > fileCount) {
    const where = await conn.all(`select * from cd_file_rows order by ${FILE_COLUMN} limit 50`);
    throw new Error(`batch staging: the files' lines are not in file order (${JSON.stringify({ check, where })})`);
  }
}

/** Steps 3–5 for every file of the batch in one transaction. */
async function landBatch(conn: SqlConnection, plan: LoadPlan, files: BatchFile[], startedAt: string): Promise<FileSummary[]> {
  await conn.run('begin transaction');
  try {
    const counts = await quarantineBatch(conn, plan);
    const summed = await upsertBatch(conn, plan, files.length);
    await recordBatch(conn, plan, files, startedAt);
    await conn.run('commit');
    return files.map((file, i) => {
      const { rowsRead, rowsRejected } = counts[i];
      plan.input.onProgress?.({ file: file.displayPath, kind: plan.spec.kind, phase: 'done', percent: 100 });
      return {
        file: file.displayPath,
        kind: plan.spec.kind,
        rows_read: rowsRead,
        rows_loaded: rowsRead - rowsRejected,
        rows_rejected: rowsRejected,
        ...(summed[i] > 0 ? { rows_summed: summed[i] } : {}),
      };
    });
  } catch (err) {
    await conn.run('rollback').catch(() => undefined);
    throw err;
  }
}

/** Step 3: bad rows → rejected_row, replacing each file's earlier rejects; the counts per file. */
async function quarantineBatch(conn: SqlConnection, plan: LoadPlan): Promise<Counts[]> {
  const { checks } = plan;
  await conn.run('delete from rejected_row where source_file in (select source_file from cd_batch_file)');
  if (checks.length) {
    await conn.run('create or replace temp table cd_bad_rows as select * from cd_rows where cd_bad');
    const union = checks
      .map(
        (c) =>
          `select ${SOURCE}, line_number, ${lit(c.field)} as field, ${lit(c.reason)} as reason, cast(${c.raw} as varchar) as raw_value from cd_bad_rows where coalesce(${c.bad}, false)`,
      )
      .join(' union all ');
    await conn.run(
      `insert into rejected_row (run_id, source_file, report_kind, line_number, field, reason, raw_value)
       select b.run_id, u.${SOURCE}, $1, u.line_number, u.field, first(u.reason), first(u.raw_value)
       from (${union}) u join cd_batch_file b on b.source_file = u.${SOURCE}
       group by b.run_id, u.${SOURCE}, u.line_number, u.field`,
      [plan.spec.kind],
    );
  }
  await conn.run(
    `create or replace temp table cd_batch_counts as
     select b.${FILE_COLUMN}, b.source_file, b.run_id, coalesce(c.rows_read, 0) as rows_read, coalesce(c.rows_rejected, 0) as rows_rejected
     from cd_batch_file b left join (
       select ${SOURCE} as source_file, count(*) as rows_read, count(*) filter (where cd_bad) as rows_rejected from cd_typed where cd_is_record group by ${SOURCE}
     ) c using (source_file)`,
  );
  const rows = await conn.all<{ rows_read: number; rows_rejected: number }>(`select rows_read, rows_rejected from cd_batch_counts order by ${FILE_COLUMN}`);
  plan.progress('loading', 30);
  return rows.map((r) => ({ rowsRead: Number(r.rows_read), rowsRejected: Number(r.rows_rejected) }));
}

/**
 * Step 4 for the batch: good rows → canonical rows, as load.ts's upsertRows does for one file,
 * per file; returns per file how many lines were summed into another's row. A key that several
 * files hold lands in steps (its first file's row, then its second's…), each step replacing
 * stored rows by replace.ts's rules: what loading the files one by one would have stored.
 */
async function upsertBatch(conn: SqlConnection, plan: LoadPlan, fileCount: number): Promise<number[]> {
  const { target, outputs, ctx, spec } = plan;
  const outputNames = Object.keys(outputs);
  const keyList = target.key.map(ident).join(', ');
  const outputList = outputNames.map((n) => `${outputs[n]} as ${ident(n)}`).join(', ');
  const keySelect = target.key.map((k) => `${outputs[k]} as ${ident(k)}`).join(', ');
  const [dup] = await conn.all<{ in_a_file: boolean; across_files: boolean }>(
    `select coalesce(max(lines) > 1, false) as in_a_file, coalesce(max(files) > 1, false) as across_files
     from (select count(*) as files, max(lines) as lines
           from (select ${keyList}, count(*) as lines from (select ${keySelect}, ${SOURCE} from cd_good) group by ${keyList}, ${SOURCE})
           group by ${keyList})`,
  );
  const [{ is_empty: isEmpty }] = await conn.all<{ is_empty: boolean }>(`select not exists (select 1 from ${target.table}) as is_empty`);
  // (Keys the table does not hold yet replace nothing: they are inserted as into an empty table.)
  const targetEmpty = isEmpty || !(await storesAnyKeyOf(conn, target, `(select ${keySelect} from cd_good)`));
  log.debug({ kind: spec.kind, inAFile: dup.in_a_file, acrossFiles: dup.across_files, targetEmpty }, 'ingest batch upsert path');
  const summed = new Array<number>(fileCount).fill(0);
  let rowsSource = `(select ${outputList}, ${SOURCE} from cd_good)`;
  if (dup.in_a_file || dup.across_files || !targetEmpty) {
    await conn.run(
      dup.in_a_file
        ? `create or replace temp table cd_out as ${oneRowPerKeySql(plan, outputList, keyList, true)}`
        : `create or replace temp table cd_out as select * from ${rowsSource}`,
    );
    if (dup.in_a_file && spec.sumOnSameKey?.length) {
      const perFile = await conn.all<{ file: number; n: number }>(
        `select b.${FILE_COLUMN} as file, coalesce(g.n, 0) - coalesce(o.n, 0) as n
         from cd_batch_file b
         left join (select ${SOURCE} as source_file, count(*) as n from cd_good group by ${SOURCE}) g using (source_file)
         left join (select ${SOURCE} as source_file, count(*) as n from cd_out group by ${SOURCE}) o using (source_file)`,
      );
      for (const row of perFile) summed[Number(row.file)] = Number(row.n);
    }
    rowsSource = 'cd_out';
  }
  plan.progress('loading', 60);
  if (target.money) await conn.run(dailyRatesSql(target.money, rowsSource, ctx.baseCurrency));
  const insert = (table: string) => conn.run(insertWithBaseSql(target, outputNames, table, `fact.${SOURCE}`, ctx.baseCurrency));
  if (!dup.across_files) {
    if (!targetEmpty) await replaceStoredRows(conn, target, 'cd_out', outputNames);
    await insert(rowsSource);
    await conn.run(`create or replace temp view cd_loaded as select * from ${rowsSource}`);
  } else {
    // Each file's row of a key is its step-th occurrence, in file order.
    await conn.run(
      `create or replace temp table cd_out as
       select cd_out.*, row_number() over (partition by ${target.key.map((k) => `cd_out.${ident(k)}`).join(', ')} order by b.${FILE_COLUMN}) as cd_step
       from cd_out join cd_batch_file b on b.source_file = cd_out.${SOURCE}`,
    );
    const [{ steps }] = await conn.all<{ steps: number }>('select max(cd_step) as steps from cd_out');
    await conn.run('create or replace temp table cd_loaded_rows as select * exclude (cd_step) from cd_out limit 0');
    for (let step = 1; step <= Number(steps); step++) {
      await conn.run(`create or replace temp table cd_step_rows as select * exclude (cd_step) from cd_out where cd_step = ${step}`);
      if (!targetEmpty || step > 1) await replaceStoredRows(conn, target, 'cd_step_rows', outputNames);
      await insert('cd_step_rows');
      await conn.run('insert into cd_loaded_rows select * from cd_step_rows');
    }
    await conn.run('create or replace temp view cd_loaded as select * from cd_loaded_rows');
  }
  await afterLoad(conn, spec, ctx);
  plan.progress('loading', 90);
  return summed;
}

/** Step 5: each file's run log, in the same transaction as its rows; the data version once. */
async function recordBatch(conn: SqlConnection, plan: LoadPlan, files: BatchFile[], startedAt: string): Promise<void> {
  const hashes = await Promise.all(files.map((f) => f.sha256));
  await conn.run(
    `insert into pipeline_run (run_id, run_kind, stream, started_at, finished_at, run_status, rows_read, rows_loaded, rows_rejected)
     select run_id, 'ingest', $1, $2::timestamptz, now(), case when rows_rejected > 0 then 'partial' else 'succeeded' end, rows_read, rows_read - rows_rejected, rows_rejected
     from cd_batch_counts order by ${FILE_COLUMN}`,
    [plan.spec.kind, startedAt],
  );
  // As one by one: a file whose bytes another file of the batch repeats is recorded by the last.
  const last = new Map(hashes.map((hash, i) => [hash, i]));
  const values = [...last.entries()].map(([hash, i]) => `(${i}, ${lit(hash)}, ${files[i].fileBytes})`);
  await conn.run(`delete from ingested_file where file_sha256 in (${[...last.keys()].map(lit).join(', ')})`);
  await conn.run(
    `insert into ingested_file (file_sha256, file_path, report_kind, file_bytes, run_id, rows_read, rows_loaded, rows_rejected)
     select h.file_sha256, c.source_file, $1, h.file_bytes, c.run_id, c.rows_read, c.rows_read - c.rows_rejected, c.rows_rejected
     from cd_batch_counts c join (values ${values.join(', ')}) h(${FILE_COLUMN}, file_sha256, file_bytes) using (${FILE_COLUMN})
     order by ${FILE_COLUMN}`,
    [plan.spec.kind],
  );
  await bumpDataVersion(conn);
}
