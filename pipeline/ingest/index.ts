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

/** Loads one report file (one transaction). */
export async function ingestFile(warehouse: Warehouse, path: string, options: IngestOptions = {}): Promise<FileSummary> {
  const checked = checkOptions(options);
  const sniffed = await sniffFile(path, REPORTS);
  if (options.expectKind && sniffed.spec.kind !== options.expectKind) {
    throw new DataError(`${path}: expected a file of kind ${options.expectKind}, but its header is that of ${sniffed.spec.label} (${sniffed.spec.kind})`, 'CD_INGEST_UNEXPECTED_KIND');
  }
  const stat = statSync(path);
  const ctx: LoadContext = {
    sourceFile: absolutePath(path),
    snapshotDate: checked.snapshotDate ?? new Date(stat.mtimeMs).toISOString().slice(0, 10),
    marketplace: checked.marketplace,
    marketplaceExplicit: checked.marketplaceExplicit,
    // A seller may name the FBA location otherwise: setting `fba_location.<MARKETPLACE>`.
    fbaLocationId: (await settingValue(warehouse, `fba_location.${checked.marketplace}`)) ?? fbaLocationId(checked.marketplace),
    baseCurrency: ((await settingValue(warehouse, 'base_currency_code')) ?? 'USD').toUpperCase(),
    locations: await warehouse.all<{ location_id: string; location_name: string }>('select location_id, location_name from location order by location_id'),
    salesChannels: SALES_CHANNEL_IDS,
  };
  // DuckDB reads UTF-8 and Latin-1 itself; windows-1252 (Latin-1 plus €, curly quotes…) is
  // transcoded to a temporary UTF-8 copy first, and a file mixing CRLF and LF is normalised.
  const copy = { fromEncoding: sniffed.encoding === 'windows-1252' ? ('win1252' as const) : undefined, normaliseLineEnds: sniffed.mixedLineEnds };
  const readPath = copy.fromEncoding || copy.normaliseLineEnds ? await readableCopy(path, copy) : withoutGlobCharacters(path);
  // Hash while DuckDB reads: the hash is only needed at the end of the transaction.
  const sha256 = sha256File(path);
  sha256.catch(() => undefined);
  try {
    return await loadFile(warehouse, {
      displayPath: path,
      readPath,
      sniffed,
      ctx,
      fileBytes: stat.size,
      endsWithLineEnd: endsWithLineEnd(path, stat.size),
      sha256,
      onProgress: options.onProgress,
    });
  } finally {
    if (readPath !== path) rmSync(dirname(readPath), { recursive: true, force: true });
  }
}

/** Loads every report file under the given files/folders, in order; stops at the first failure. */
export async function ingestPaths(warehouse: Warehouse, paths: string[], options: IngestOptions = {}): Promise<FileSummary[]> {
  checkOptions(options);
  const summaries: FileSummary[] = [];
  for (const file of expandPaths(paths)) summaries.push(await ingestFile(warehouse, file, options));
  return summaries;
}
