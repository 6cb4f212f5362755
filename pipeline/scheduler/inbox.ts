// The inbox folder: report files a seller (or a 3PL's SFTP drop) puts there are ingested with the
// same file ingest as `crossdock ingest`, then moved to processed/ — or to failed/ next to a
// `<name>.reason.txt` saying why. A file still being written (changed within settleSeconds) waits
// for the next pass.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { FileSummary, IngestOptions } from '../ingest';
import { log } from '../log';
import type { Warehouse } from '../warehouse/types';
import type { InboxResultSummary } from './runner';

export interface InboxOptions {
  dir: string;
  settleSeconds: number;
  ingest: (warehouse: Warehouse, paths: string[], options: IngestOptions) => Promise<FileSummary[]>;
}

/**
 * Files ready to ingest: regular, not hidden, not a reason note, not the `~$book.xlsx` lock file
 * Excel keeps beside a workbook it has open, unchanged for settleSeconds.
 */
export function readyFiles(dir: string, settleSeconds: number, nowMs: number): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && !name.startsWith('~$') && !name.endsWith('.reason.txt') && !name.endsWith('.part') && !name.endsWith('.tmp'))
    .map((name) => join(dir, name))
    .filter((path) => {
      const stat = statSync(path);
      return stat.isFile() && nowMs - stat.mtimeMs >= settleSeconds * 1000;
    })
    .sort();
}

/** A free name in `dir` for `file` (adds -1, -2… when a file of that name was processed before). */
function freeName(dir: string, file: string): string {
  const ext = extname(file);
  const stem = basename(file, ext);
  let candidate = join(dir, basename(file));
  for (let i = 1; existsSync(candidate); i++) candidate = join(dir, `${stem}-${i}${ext}`);
  return candidate;
}

export async function processInbox(warehouse: Warehouse, options: InboxOptions): Promise<InboxResultSummary[]> {
  // File times are the file system's: compare with the real clock, not a run's logical one.
  const files = readyFiles(options.dir, options.settleSeconds, Date.now());
  const results: InboxResultSummary[] = [];
  for (const file of files) {
    try {
      const summaries = await options.ingest(warehouse, [file], {});
      const processed = join(options.dir, 'processed');
      mkdirSync(processed, { recursive: true });
      renameSync(file, freeName(processed, file));
      const loaded = summaries.reduce((sum, s) => sum + s.rows_loaded, 0);
      results.push({ file: basename(file), status: 'processed', rows_loaded: loaded });
      log.info({ file: basename(file), rows_loaded: loaded, kinds: summaries.map((s) => s.kind) }, 'inbox file ingested');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const failed = join(options.dir, 'failed');
      mkdirSync(failed, { recursive: true });
      const target = freeName(failed, file);
      renameSync(file, target);
      writeFileSync(`${target}.reason.txt`, `${new Date().toISOString()} ${reason}\n`);
      results.push({ file: basename(file), status: 'failed', rows_loaded: 0, reason });
      log.warn({ file: basename(file), reason }, 'inbox file refused; moved to failed/');
    }
  }
  return results;
}
