// The terminal side of `crossdock ingest`: a progress bar on a TTY, one line (or one JSON object)
// per file, and the first failure's exit code after every file was tried.
import { SingleBar } from 'cli-progress';
import { CrossdockError } from '../errors';
import { log, say } from '../log';
import { DEFAULT_DB_PATH, DuckWarehouse } from '../warehouse/duckdb';
import { checkOptions, expandPaths, ingestEach } from './index';
import { FileSummary, ProgressEvent } from '../channels/contract/reports';

export interface RunIngestOptions {
  db?: string;
  json?: boolean;
  snapshotDate?: string;
  marketplace?: string;
}

/** Files that load faster than this get no progress bar (it would only flicker). */
const SHOW_AFTER_MS = 700;

/** A progress bar per file (or batch) phase, only when stderr is a terminal and the phase is long. */
function terminalProgress(): { onProgress?: (e: ProgressEvent) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  let bar: SingleBar | undefined;
  let current = '';
  let since = Date.now();
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onProgress: (event) => {
      const key = `${event.file}:${event.phase}`;
      if (event.phase === 'done') return stop();
      if (key !== current) {
        stop();
        current = key;
        since = Date.now();
      }
      if (Date.now() - since < SHOW_AFTER_MS) return;
      if (!bar) {
        bar = new SingleBar({ format: `${event.phase === 'staging' ? 'reading' : 'loading'} {file} [{bar}] {percentage}%`, stream: process.stderr, hideCursor: true });
        bar.start(100, 0, { file: event.file });
      }
      bar.update(Math.round(event.percent), { file: event.file });
    },
    stop,
  };
}

function describe(summary: FileSummary): string {
  const rejected = summary.rows_rejected ? `, ${summary.rows_rejected} rejected (see table rejected_row)` : '';
  const summed = summary.rows_summed ? `, ${summary.rows_summed} of them added to the same SKU at the same location` : '';
  return `${summary.file}: ${summary.kind}, ${summary.rows_read} rows read, ${summary.rows_loaded} loaded${summed}${rejected}`;
}

export async function runIngest(paths: string[], opts: RunIngestOptions): Promise<FileSummary[]> {
  const options = { snapshotDate: opts.snapshotDate, marketplace: opts.marketplace };
  checkOptions(options);
  const files = expandPaths(paths);
  const warehouse = await DuckWarehouse.open(opts.db ?? DEFAULT_DB_PATH);
  const summaries: FileSummary[] = [];
  let firstError: CrossdockError | undefined;
  let bug: unknown;
  let failures = 0;
  const progress = terminalProgress();
  try {
    // Files of one layout load together (ingest/batch.ts); each is still told on its own line.
    await ingestEach(warehouse, files, { ...options, onProgress: progress.onProgress }, (result) => {
      if ('summaries' in result) {
        // A workbook gives one summary per sheet it loaded.
        for (const summary of result.summaries) {
          summaries.push(summary);
          say(opts.json ? JSON.stringify(summary) : describe(summary));
        }
        return;
      }
      progress.stop();
      const err = result.error;
      if (!(err instanceof CrossdockError)) {
        bug = err;
        return 'stop';
      }
      // A refused file does not stop the others; the command still fails at the end.
      process.stderr.write(`${err.code}: ${err.message}\n`);
      log.debug({ file: result.file, code: err.code }, 'file refused');
      firstError ??= err;
      failures++;
    });
  } finally {
    progress.stop();
    warehouse.close();
  }
  if (bug !== undefined) throw bug;
  if (firstError) {
    const message = `${failures} of ${files.length} file(s) not loaded (reasons above)${failures < files.length ? '; the others loaded' : ''}`;
    throw new CrossdockError(firstError.code, message, firstError.exitCode, firstError.httpStatus);
  }
  return summaries;
}
