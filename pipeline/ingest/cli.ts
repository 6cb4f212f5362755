// The terminal side of `crossdock ingest`: a progress bar on a TTY, one line (or one JSON object)
// per file, and the first failure's exit code after every file was tried.
import { SingleBar } from 'cli-progress';
import { CrossdockError } from '../errors';
import { log, say } from '../log';
import { DEFAULT_DB_PATH, DuckWarehouse } from '../warehouse/duckdb';
import { checkOptions, expandPaths, ingestFileOrWorkbook } from './index';
import { FileSummary, ProgressEvent } from '../channels/contract/reports';

export interface RunIngestOptions {
  db?: string;
  json?: boolean;
  snapshotDate?: string;
  marketplace?: string;
}

/** Files that load faster than this get no progress bar (it would only flicker). */
const SHOW_AFTER_MS = 700;

/** A progress bar per file phase on stderr, only when stderr is a terminal and the file is long. */
function terminalProgress(): { onProgress?: (e: ProgressEvent) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  const started = Date.now();
  let bar: SingleBar | undefined;
  let current = '';
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onProgress: (event) => {
      const key = `${event.file}:${event.phase}`;
      if (event.phase === 'done') return stop();
      if (Date.now() - started < SHOW_AFTER_MS) return;
      if (key !== current) {
        stop();
        current = key;
        bar = new SingleBar({ format: `${event.phase === 'staging' ? 'reading' : 'loading'} {file} [{bar}] {percentage}%`, stream: process.stderr, hideCursor: true });
        bar.start(100, 0, { file: event.file });
      }
      bar?.update(Math.round(event.percent), { file: event.file });
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
  let failures = 0;
  try {
    for (const file of files) {
      const progress = terminalProgress();
      try {
        // A workbook gives one summary per sheet it loaded.
        const loaded = await ingestFileOrWorkbook(warehouse, file, { ...options, onProgress: progress.onProgress });
        progress.stop();
        for (const summary of loaded) {
          summaries.push(summary);
          say(opts.json ? JSON.stringify(summary) : describe(summary));
        }
      } catch (err) {
        progress.stop();
        if (!(err instanceof CrossdockError)) throw err;
        // A refused file does not stop the others; the command still fails at the end.
        process.stderr.write(`${err.code}: ${err.message}\n`);
        log.debug({ file, code: err.code }, 'file refused');
        firstError ??= err;
        failures++;
      }
    }
  } finally {
    warehouse.close();
  }
  if (firstError) {
    const message = `${failures} of ${files.length} file(s) not loaded (reasons above)${failures < files.length ? '; the others loaded' : ''}`;
    throw new CrossdockError(firstError.code, message, firstError.exitCode, firstError.httpStatus);
  }
  return summaries;
}
