// The programmatic ingest API (the CLI, the server, the inbox watcher and the scheduled
// pipeline call these): detect a report file's kind from its header and load it into the
// warehouse, one transaction per file.
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataError, UsageError } from '../errors';
import { fbaLocationId } from '../model/keys';
import type { Warehouse } from '../warehouse/types';
import { absolutePath, expandPaths, hasGlobCharacters, sha256File, readableCopy, withoutGlobCharacters } from './files';
import { loadFile, stagingColumns } from './load';
import { BatchInput, loadBatch } from './batch';
import { batchableSpec } from './batchable';
import { SALES_CHANNEL_IDS } from '../channels';
import { REPORTS } from './registry';
import { Sniffed, sniffFile } from './sniff';
import { readWorkbook, sheetLabel, workbookSignature, type WorkbookSheets } from './xlsx/workbook';
import { log } from '../log';
import { FileSummary, IngestOptions, LoadContext } from '../channels/contract/reports';

export type { FileSummary, IngestOptions, ProgressEvent, ReportSpec } from '../channels/contract/reports';
export { REPORTS } from './registry';
export { expandPaths } from './files';

export interface DetectedReport {
  kind: string;
  label: string;
  channel: string;
  encoding: Sniffed['encoding'];
  header: string[];
  /** Physical lines before the first data line (preamble + header). */
  skipLines: number;
}

/** What report a file is, from its header row (never its name). Throws DataError when unknown. */
export async function detectReport(path: string): Promise<DetectedReport> {
  const sniffed = await sniffFile(path, REPORTS);
  return {
    kind: sniffed.spec.kind,
    label: sniffed.spec.label,
    channel: sniffed.spec.channel,
    encoding: sniffed.encoding,
    header: sniffed.header,
    skipLines: sniffed.skipLines,
  };
}

/** Checks and normalises the options (UsageError on bad values). */
export function checkOptions(options: IngestOptions): { snapshotDate?: string; marketplace: string; marketplaceExplicit: boolean } {
  if (options.snapshotDate !== undefined) {
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(options.snapshotDate) && !Number.isNaN(Date.parse(`${options.snapshotDate}T00:00:00Z`));
    if (!ok) throw new UsageError(`--snapshot-date must be a date like 2025-06-30, got "${options.snapshotDate}"`);
  }
  const marketplace = (options.marketplace ?? 'US').trim().toUpperCase();
  if (!/^[A-Z]{2,3}$/.test(marketplace)) throw new UsageError(`--marketplace must be a marketplace code like US or DE, got "${options.marketplace}"`);
  return { snapshotDate: options.snapshotDate, marketplace, marketplaceExplicit: options.marketplace !== undefined };
}

async function settingValue(warehouse: Warehouse, key: string): Promise<string | undefined> {
  const rows = await warehouse.all<{ setting_value: string }>('select setting_value from setting where setting_key = $1', [key]);
  return rows[0]?.setting_value;
}

/** Whether the file's last byte ends a line (an empty file counts as ended). */
export function endsWithLineEnd(path: string, size: number): boolean {
  if (size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a || last[0] === 0x0d;
  } finally {
    closeSync(fd);
  }
}

/** Loads one report file (one transaction). A workbook may hold several reports: see ingestWorkbook. */
export async function ingestFile(warehouse: Warehouse, path: string, options: IngestOptions = {}): Promise<FileSummary> {
  checkOptions(options);
  const prepared = await prepareFile(path, options);
  if (prepared === 'workbook') {
    throw new UsageError(`${path} is an Excel workbook, which can hold several reports: load it with ingestWorkbook() or ingestPaths()`);
  }
  return loadPrepared(warehouse, prepared, options);
}

/** A report file sniffed and checked, not yet read: what loading it, alone or in a batch, needs. */
interface PreparedFile {
  path: string;
  sniffed: Sniffed;
  mtimeMs: number;
  fileBytes: number;
  endsWithLineEnd: boolean;
  /** The stock date of its rows (--snapshot-date, else the file's modification day). */
  snapshotDate: string;
  /** Files with the same key load together (batch.ts); none: the file loads alone. */
  batchKey?: string;
}

/** Sniffs a report file (or says it is a workbook); DataError for unknown or unexpected kinds. */
async function prepareFile(path: string, options: IngestOptions): Promise<PreparedFile | 'workbook'> {
  if (await workbookSignature(path)) return 'workbook';
  const sniffed = await sniffFile(path, REPORTS);
  refuseUnexpectedKind(path, sniffed, options);
  const stat = statSync(path);
  const prepared: PreparedFile = {
    path,
    sniffed,
    mtimeMs: stat.mtimeMs,
    fileBytes: stat.size,
    endsWithLineEnd: endsWithLineEnd(path, stat.size),
    snapshotDate: options.snapshotDate ?? new Date(stat.mtimeMs).toISOString().slice(0, 10),
  };
  return { ...prepared, batchKey: batchKeyOf(prepared) };
}

/** Loads a prepared file alone (one transaction). */
async function loadPrepared(warehouse: Warehouse, prepared: PreparedFile, options: IngestOptions): Promise<FileSummary> {
  const { path, sniffed } = prepared;
  // DuckDB reads UTF-8 and Latin-1 itself; windows-1252 (Latin-1 plus €, curly quotes…) is
  // transcoded to a temporary UTF-8 copy first, and a file mixing CRLF and LF is normalised.
  const copy = { fromEncoding: sniffed.encoding === 'windows-1252' ? ('win1252' as const) : undefined, normaliseLineEnds: sniffed.mixedLineEnds };
  const readPath = copy.fromEncoding || copy.normaliseLineEnds ? await readableCopy(path, copy) : withoutGlobCharacters(path);
  try {
    const unit = { displayPath: path, sourceFile: absolutePath(path), readPath, hashPath: path, sniffed, mtimeMs: prepared.mtimeMs, fileBytes: prepared.fileBytes };
    return await loadUnit(warehouse, unit, options);
  } finally {
    if (readPath !== path) rmSync(dirname(readPath), { recursive: true, force: true });
  }
}

/**
 * Loads every sheet of an Excel workbook whose header is a known report, each in its own
 * transaction as `file.xlsx#Sheet` (xlsx/workbook.ts writes it as the text the channel writes).
 * Sheets that are no report are logged and skipped; a workbook with none is refused.
 */
export async function ingestWorkbook(warehouse: Warehouse, path: string, options: IngestOptions = {}): Promise<FileSummary[]> {
  checkOptions(options);
  // Reading the sheets is the slow part of a big workbook: shown like a text file's staging.
  const reading = options.onProgress && ((percent: number) => options.onProgress?.({ file: path, kind: 'xlsx', phase: 'staging', percent }));
  const workbook = await readWorkbook(path, REPORTS, reading);
  try {
    if (!workbook.sheets.length) throw noReportSheet(path, workbook);
    for (const { sheet, error } of workbook.refused) log.warn({ file: path, sheet, code: error.code }, `sheet skipped: ${error.message}`);
    // every sheet is checked before any loads
    for (const { sheet, sniffed } of workbook.sheets) refuseUnexpectedKind(sheetLabel(path, sheet), sniffed, options);
    const stat = statSync(path);
    const summaries: FileSummary[] = [];
    for (const { sheet, textPath, sniffed } of workbook.sheets) {
      // The sheet's text is what was loaded: its hash is the sheet's in ingested_file.
      const unit = { displayPath: `${path}#${sheet}`, sourceFile: `${absolutePath(path)}#${sheet}`, readPath: textPath, hashPath: textPath, sniffed, mtimeMs: stat.mtimeMs, fileBytes: stat.size };
      summaries.push(await loadUnit(warehouse, unit, options));
    }
    return summaries;
  } finally {
    rmSync(workbook.dir, { recursive: true, force: true });
  }
}

/** The refusal of a workbook none of whose sheets is a report: each sheet's reason. */
function noReportSheet(path: string, workbook: WorkbookSheets): DataError {
  if (!workbook.refused.length) {
    const skipped = workbook.skipped.map((s) => `"${s.sheet}" (${s.why})`).join(', ');
    return new DataError(`${path}: this workbook has no visible sheet with data${skipped ? ` (sheets: ${skipped})` : ''}; nothing was loaded.`, 'CD_INGEST_UNKNOWN_REPORT');
  }
  if (workbook.refused.length === 1) return workbook.refused[0].error;
  const reasons = workbook.refused.map(({ error }) => error.message.replace(/\s*See docs\/ingest\.md for the supported files\.$/, ''));
  return new DataError(`${path}: no sheet of this workbook is a supported report. ${reasons.join(' ')} See docs/ingest.md for the supported files.`, workbook.refused[0].error.code);
}

/** One file as given: a report file (one summary) or a workbook (one per report sheet). */
export async function ingestFileOrWorkbook(warehouse: Warehouse, path: string, options: IngestOptions = {}): Promise<FileSummary[]> {
  return (await workbookSignature(path)) ? ingestWorkbook(warehouse, path, options) : [await ingestFile(warehouse, path, options)];
}

/** A file of another kind than the caller expects (an API connector's download) is refused. */
function refuseUnexpectedKind(name: string, sniffed: Sniffed, options: IngestOptions): void {
  if (options.expectKind && sniffed.spec.kind !== options.expectKind) {
    throw new DataError(`${name}: expected a file of kind ${options.expectKind}, but its header is that of ${sniffed.spec.label} (${sniffed.spec.kind})`, 'CD_INGEST_UNEXPECTED_KIND');
  }
}

/** What one load reads (a report file, or a workbook sheet written as text) and how it is named. */
interface LoadUnit {
  /** How summaries and messages name it: the path as given, `file.xlsx#Sheet` for a sheet. */
  displayPath: string;
  /** What rows and rejects store as source_file. */
  sourceFile: string;
  /** The text DuckDB reads. */
  readPath: string;
  /** The bytes whose hash identifies the load in ingested_file. */
  hashPath: string;
  sniffed: Sniffed;
  mtimeMs: number;
  fileBytes: number;
}

/** What a file's SQL may depend on besides its rows (LoadContext), as the warehouse holds it now. */
async function loadContext(warehouse: Warehouse, sourceFile: string, snapshotDate: string, options: IngestOptions): Promise<LoadContext> {
  const checked = checkOptions(options);
  return {
    sourceFile,
    snapshotDate,
    marketplace: checked.marketplace,
    marketplaceExplicit: checked.marketplaceExplicit,
    // A seller may name the FBA location otherwise: setting `fba_location.<MARKETPLACE>`.
    fbaLocationId: (await settingValue(warehouse, `fba_location.${checked.marketplace}`)) ?? fbaLocationId(checked.marketplace),
    baseCurrency: ((await settingValue(warehouse, 'base_currency_code')) ?? 'USD').toUpperCase(),
    locations: await warehouse.all<{ location_id: string; location_name: string }>('select location_id, location_name from location order by location_id'),
    salesChannels: SALES_CHANNEL_IDS,
  };
}

/** Loads one unit (one transaction). */
async function loadUnit(warehouse: Warehouse, unit: LoadUnit, options: IngestOptions): Promise<FileSummary> {
  const checked = checkOptions(options);
  const { sniffed } = unit;
  refuseUnexpectedKind(unit.displayPath, sniffed, options);
  const ctx = await loadContext(warehouse, unit.sourceFile, checked.snapshotDate ?? new Date(unit.mtimeMs).toISOString().slice(0, 10), options);
  // Hash while DuckDB reads: the hash is only needed at the end of the transaction.
  const sha256 = sha256File(unit.hashPath);
  sha256.catch(() => undefined);
  const hashedBytes = statSync(unit.hashPath).size;
  return loadFile(warehouse, {
    displayPath: unit.displayPath,
    readPath: unit.readPath,
    sniffed,
    ctx,
    fileBytes: unit.fileBytes,
    endsWithLineEnd: endsWithLineEnd(unit.hashPath, hashedBytes),
    sha256,
    onProgress: options.onProgress,
  });
}

/** Loads every report file and workbook under the given files/folders, in order; stops at the first failure. */
export async function ingestPaths(warehouse: Warehouse, paths: string[], options: IngestOptions = {}): Promise<FileSummary[]> {
  checkOptions(options);
  const summaries: FileSummary[] = [];
  let failure: { error: unknown } | undefined;
  await ingestEach(warehouse, expandPaths(paths), options, (result) => {
    if ('error' in result) {
      failure = result;
      return 'stop';
    }
    summaries.push(...result.summaries);
  });
  if (failure) throw failure.error;
  return summaries;
}

/** What became of one file given to ingestEach: its summaries (a workbook has one per sheet), or why it was not loaded. */
export type FileResult = { file: string; summaries: FileSummary[] } | { file: string; error: unknown };

/**
 * Loads the files in order, telling `onResult` about each, in order, as it lands or is refused;
 * `onResult` returning 'stop' ends the run there (the files after it are not loaded). Files of
 * one layout that follow each other load together (batch.ts), a batch in one transaction; a
 * batch that fails loads one file at a time instead, so a bad file costs only itself.
 */
export async function ingestEach(warehouse: Warehouse, files: string[], options: IngestOptions, onResult: (result: FileResult) => 'stop' | void): Promise<void> {
  checkOptions(options);
  let stopped = false;
  const report = (result: FileResult) => {
    if (!stopped && onResult(result) === 'stop') stopped = true;
  };
  const alone = async (file: string, load: () => Promise<FileSummary[]>) => {
    try {
      report({ file, summaries: await load() });
    } catch (error) {
      report({ file, error });
    }
  };
  let pending: PreparedFile[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    if (batch.length > 1 && !stopped) {
      try {
        const summaries = await loadBatch(warehouse, await batchInput(warehouse, batch, options));
        batch.forEach((prepared, i) => report({ file: prepared.path, summaries: [summaries[i]] }));
        return;
      } catch (err) {
        log.debug({ kind: batch[0].sniffed.spec.kind, files: batch.length, err: err instanceof Error ? err.message : String(err) }, 'batch not loaded: loading its files one at a time');
      }
    }
    for (const prepared of batch) {
      if (stopped) return;
      await alone(prepared.path, async () => [await loadPrepared(warehouse, prepared, options)]);
    }
  };
  for (const file of files) {
    if (stopped) break;
    let prepared: PreparedFile | 'workbook';
    try {
      prepared = await prepareFile(file, options);
    } catch (error) {
      await flush();
      report({ file, error });
      continue;
    }
    if (prepared === 'workbook' || !joinsBatch(pending, pendingBytes, prepared)) await flush();
    if (stopped) break;
    if (prepared === 'workbook') await alone(file, () => ingestWorkbook(warehouse, file, options));
    else if (prepared.batchKey === undefined) await alone(file, async () => [await loadPrepared(warehouse, prepared, options)]);
    else {
      pending.push(prepared);
      pendingBytes += prepared.fileBytes;
    }
  }
  await flush();
}

/** Whether a file may join the files waiting to load together (none waiting: whether it may start a batch). */
function joinsBatch(pending: PreparedFile[], pendingBytes: number, prepared: PreparedFile): boolean {
  if (prepared.batchKey === undefined) return false;
  if (!pending.length) return true;
  // (A file given twice loads twice, as its rows and rejects are told apart by its name.)
  const again = pending.some((p) => absolutePath(p.path) === absolutePath(prepared.path));
  return pending[0].batchKey === prepared.batchKey && !again && pending.length < BATCH_MAX_FILES && pendingBytes + prepared.fileBytes <= BATCH_MAX_BYTES;
}

/** At most this many files, and bytes, load in one batch (a failed batch is loaded again file by file). */
const BATCH_MAX_FILES = 1000;
const BATCH_MAX_BYTES = 512 * 1024 * 1024;
/** A file this big loads alone: its own overhead is small beside its rows. */
const BATCH_MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The key of the files a file may load with: same kind, header, preamble, encoding and stock
 * date, so that every file's SQL is the same but for its name. None (load alone) for a file
 * needing a copy first (windows-1252, mixed line ends), one cut short (its last record is
 * refused), a big one, or a report whose SQL cannot tell two files apart (batchableSpec).
 */
function batchKeyOf(prepared: PreparedFile): string | undefined {
  const { sniffed } = prepared;
  if (sniffed.encoding === 'windows-1252' || sniffed.mixedLineEnds || !prepared.endsWithLineEnd) return undefined;
  if (prepared.fileBytes > BATCH_MAX_FILE_BYTES || hasGlobCharacters(absolutePath(prepared.path))) return undefined;
  if (!batchableSpec(sniffed.spec, stagingColumns(sniffed.header))) return undefined;
  return JSON.stringify([sniffed.spec.kind, sniffed.header, sniffed.skipLines, sniffed.encoding, prepared.snapshotDate]);
}

/** The batch's files and the one context they load with (read now, as the first file's would be). */
async function batchInput(warehouse: Warehouse, batch: PreparedFile[], options: IngestOptions): Promise<BatchInput> {
  const files = batch.map((prepared) => {
    const sha256 = sha256File(prepared.path);
    sha256.catch(() => undefined);
    return { displayPath: prepared.path, sourceFile: absolutePath(prepared.path), fileBytes: prepared.fileBytes, sha256 };
  });
  const ctx = await loadContext(warehouse, files[0].sourceFile, batch[0].snapshotDate, options);
  return { files, sniffed: batch[0].sniffed, ctx, onProgress: options.onProgress };
}
