// The programmatic ingest API (the CLI, the server, the inbox watcher and the scheduled
// pipeline call these): detect a report file's kind from its header and load it into the
// warehouse, one transaction per file.
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataError, UsageError } from '../errors';
import { fbaLocationId } from '../model/keys';
import type { Warehouse } from '../warehouse/types';
import { absolutePath, expandPaths, sha256File, readableCopy, withoutGlobCharacters } from './files';
import { loadFile } from './load';
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
  if (await workbookSignature(path)) {
    throw new UsageError(`${path} is an Excel workbook, which can hold several reports: load it with ingestWorkbook() or ingestPaths()`);
  }
  const sniffed = await sniffFile(path, REPORTS);
  const stat = statSync(path);
  // DuckDB reads UTF-8 and Latin-1 itself; windows-1252 (Latin-1 plus €, curly quotes…) is
  // transcoded to a temporary UTF-8 copy first, and a file mixing CRLF and LF is normalised.
  const copy = { fromEncoding: sniffed.encoding === 'windows-1252' ? ('win1252' as const) : undefined, normaliseLineEnds: sniffed.mixedLineEnds };
  const readPath = copy.fromEncoding || copy.normaliseLineEnds ? await readableCopy(path, copy) : withoutGlobCharacters(path);
  try {
    return await loadUnit(warehouse, { displayPath: path, sourceFile: absolutePath(path), readPath, hashPath: path, sniffed, mtimeMs: stat.mtimeMs, fileBytes: stat.size }, options);
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

/** Loads one unit (one transaction). */
async function loadUnit(warehouse: Warehouse, unit: LoadUnit, options: IngestOptions): Promise<FileSummary> {
  const checked = checkOptions(options);
  const { sniffed } = unit;
  refuseUnexpectedKind(unit.displayPath, sniffed, options);
  const ctx: LoadContext = {
    sourceFile: unit.sourceFile,
    snapshotDate: checked.snapshotDate ?? new Date(unit.mtimeMs).toISOString().slice(0, 10),
    marketplace: checked.marketplace,
    marketplaceExplicit: checked.marketplaceExplicit,
    // A seller may name the FBA location otherwise: setting `fba_location.<MARKETPLACE>`.
    fbaLocationId: (await settingValue(warehouse, `fba_location.${checked.marketplace}`)) ?? fbaLocationId(checked.marketplace),
    baseCurrency: ((await settingValue(warehouse, 'base_currency_code')) ?? 'USD').toUpperCase(),
    locations: await warehouse.all<{ location_id: string; location_name: string }>('select location_id, location_name from location order by location_id'),
    salesChannels: SALES_CHANNEL_IDS,
  };
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
  for (const file of expandPaths(paths)) summaries.push(...(await ingestFileOrWorkbook(warehouse, file, options)));
  return summaries;
}
