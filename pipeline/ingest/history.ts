// What `crossdock ingest` tells about each file besides its row counts: whether these exact
// contents were loaded before (loading them again changes nothing: every table has a natural key)
// or whether they replace an earlier version of the same file. Shared by the CLI and the running
// server's admin socket, so both say the same.
import { CrossdockError } from '../errors';
import type { Warehouse } from '../warehouse/types';
import type { FileSummary, IngestOptions } from '../channels/contract/reports';
import { absolutePath, sha256File } from './files';
import { ingestEach } from './index';

/** An earlier load of a file: same contents (`unchanged`) or an older version at the same path (`replaced`). */
export interface EarlierLoad {
  status: 'unchanged' | 'replaced';
  /** When the earlier load happened, 'YYYY-MM-DD HH:MM' UTC. */
  loaded_at: string;
}

/** What became of one file, as both the CLI and the admin socket report it. */
export type IngestReport =
  | { file: string; summaries: FileSummary[]; earlier?: EarlierLoad }
  | { file: string; refused: { code: string; message: string; exitCode: number; httpStatus: number } };

interface Fingerprint {
  path: string;
  sha256: string;
}

/** The earlier load of each file, if any, looked up before the files load (a load rewrites ingested_file). */
export async function earlierLoads(warehouse: Warehouse, files: string[]): Promise<Map<string, EarlierLoad>> {
  const prints: Fingerprint[] = [];
  for (const file of files) {
    // An unreadable file is refused by the load itself, with the usual message.
    const sha256 = await sha256File(file).catch(() => null);
    if (sha256 !== null) prints.push({ path: absolutePath(file), sha256 });
  }
  const found = new Map<string, EarlierLoad>();
  if (prints.length === 0) return found;
  const hashes = prints.map((_, i) => `$${i + 1}`).join(', ');
  const paths = prints.map((_, i) => `$${prints.length + i + 1}`).join(', ');
  const rows = await warehouse.all<{ file_sha256: string; file_path: string; loaded_at: string }>(
    `select file_sha256, file_path, strftime(loaded_at, '%Y-%m-%d %H:%M') as loaded_at from ingested_file
     where file_sha256 in (${hashes}) or file_path in (${paths}) order by loaded_at`,
    [...prints.map((p) => p.sha256), ...prints.map((p) => p.path)],
  );
  for (const print of prints) {
    const same = rows.find((r) => r.file_sha256 === print.sha256);
    const older = rows.filter((r) => r.file_path === print.path && r.file_sha256 !== print.sha256).pop();
    if (same) found.set(print.path, { status: 'unchanged', loaded_at: same.loaded_at });
    else if (older) found.set(print.path, { status: 'replaced', loaded_at: older.loaded_at });
  }
  return found;
}

/**
 * Loads the files (ingestEach) and reports each one with its earlier load. A refused file is
 * reported and the others still load; anything but a CrossdockError is a bug and is thrown.
 * `onReport` returning 'stop' ends the run after that file.
 */
export async function ingestReporting(warehouse: Warehouse, files: string[], options: IngestOptions, onReport: (report: IngestReport) => 'stop' | void): Promise<void> {
  const earlier = await earlierLoads(warehouse, files);
  let bug: { error: unknown } | undefined;
  await ingestEach(warehouse, files, options, (result) => {
    if ('summaries' in result) return onReport({ file: result.file, summaries: result.summaries, earlier: earlier.get(absolutePath(result.file)) });
    const err = result.error;
    if (!(err instanceof CrossdockError)) {
      bug = { error: err };
      return 'stop';
    }
    return onReport({ file: result.file, refused: { code: err.code, message: err.message, exitCode: err.exitCode, httpStatus: err.httpStatus } });
  });
  if (bug) throw bug.error;
}

/** The per-file line: counts, and what an earlier load of the same file means for them. */
export function describeLoad(summary: FileSummary, earlier?: EarlierLoad): string {
  const rejected = summary.rows_rejected ? `, ${summary.rows_rejected} rejected (see table rejected_row)` : '';
  const summed = summary.rows_summed ? `, ${summary.rows_summed} of them added to the same SKU at the same location` : '';
  const head = `${summary.file}: ${summary.kind}, ${summary.rows_read} rows read`;
  if (earlier?.status === 'unchanged') {
    return `${head}: unchanged, the same contents were loaded ${earlier.loaded_at} UTC${rejected}`;
  }
  const replaced = earlier?.status === 'replaced' ? `, replacing the version of this file loaded ${earlier.loaded_at} UTC` : '';
  return `${head}, ${summary.rows_loaded} loaded${summed}${rejected}${replaced}`;
}
