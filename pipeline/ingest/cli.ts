// The terminal side of `crossdock ingest`: a progress bar on a TTY, one line (or one JSON object)
// per file, and the first failure's exit code after every file was tried. Beside a running server
// the files load through its admin socket (pipeline/server/adminSocket.ts).
import { SingleBar } from 'cli-progress';
import { CrossdockError } from '../errors';
import { log, say } from '../log';
import { errorFromPayload, onDatabase, streamAdminSocket } from '../server/adminSocket';
import { absolutePath } from './files';
import { describeLoad, ingestReporting, type IngestReport } from './history';
import { checkOptions, expandPaths } from './index';
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

/** Puts back the paths as the user gave them where the server reports absolute ones. */
function asGiven(files: string[]): (path: string) => string {
  const given = new Map(files.map((file) => [absolutePath(file), file]));
  return (path) => {
    const hash = path.indexOf('#'); // a workbook sheet: `book.xlsx#Sheet`
    const file = hash >= 0 ? path.slice(0, hash) : path;
    return given.has(file) ? given.get(file)! + path.slice(file.length) : path;
  };
}

/**
 * Loads the files into the database, or, while a server holds it, through the server's admin
 * socket (the load runs in the server's writer queue): the same lines, the same exit code.
 */
export async function runIngest(paths: string[], opts: RunIngestOptions): Promise<FileSummary[]> {
  const options = { snapshotDate: opts.snapshotDate, marketplace: opts.marketplace };
  checkOptions(options);
  const files = expandPaths(paths);
  const summaries: FileSummary[] = [];
  let firstError: CrossdockError | undefined;
  let failures = 0;
  const progress = terminalProgress();
  const onReport = (report: IngestReport) => {
    progress.stop();
    if ('summaries' in report) {
      // A workbook gives one summary per sheet it loaded.
      for (const summary of report.summaries) {
        summaries.push(summary);
        say(opts.json ? JSON.stringify(report.earlier ? { ...summary, earlier_load: report.earlier } : summary) : describeLoad(summary, report.earlier));
      }
      return;
    }
    // A refused file does not stop the others; the command still fails at the end.
    const err = errorFromPayload(report.refused);
    process.stderr.write(`${err.code}: ${err.message}\n`);
    log.debug({ file: report.file, code: err.code }, 'file refused');
    firstError ??= err;
    failures++;
  };
  const remote = async (dbPath: string) => {
    const absolute = files.map(absolutePath);
    const lines = await streamAdminSocket(dbPath, '/ingest', { files: absolute, options });
    if (lines === null) return null;
    const named = asGiven(files);
    for await (const line of lines) {
      if (line.progress) progress.onProgress?.({ ...(line.progress as ProgressEvent), file: named((line.progress as ProgressEvent).file) });
      if (!line.report) continue;
      const report = line.report as IngestReport;
      onReport('summaries' in report ? { ...report, file: named(report.file), summaries: report.summaries.map((s) => ({ ...s, file: named(s.file) })) } : report);
    }
    return true;
  };
  try {
    await onDatabase(opts.db, (warehouse) => ingestReporting(warehouse, files, { ...options, onProgress: progress.onProgress }, onReport).then(() => true), remote);
  } finally {
    progress.stop();
  }
  if (firstError) {
    const message = `${failures} of ${files.length} file(s) not loaded (reasons above)${failures < files.length ? '; the others loaded' : ''}`;
    throw new CrossdockError(firstError.code, message, firstError.exitCode, firstError.httpStatus);
  }
  return summaries;
}
