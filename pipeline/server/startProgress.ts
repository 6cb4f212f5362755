// Progress of the long steps of a first `npm start` (generating the demo, loading its files,
// building the analytics models): a cli-progress bar when stdout is a terminal, otherwise a plain
// line now and then (every tenth of the way), so a log file or CI output shows it is moving.
import { SingleBar } from 'cli-progress';

export interface StepProgress {
  /** `done` of `total` units so far; `detail` is shown beside the count (rows, a model's name). */
  update(done: number, detail?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** A bar (true) or plain lines (false). Default: whether stdout is a terminal. */
  tty?: boolean;
  say: (line: string) => void;
  stream?: NodeJS.WritableStream;
}

export type StartProgress = (label: string, total: number, unit: string) => StepProgress;

export function startProgress({ tty = Boolean(process.stdout.isTTY), say, stream = process.stdout }: ProgressOptions): StartProgress {
  if (tty) {
    return (label, total, unit) => {
      const bar = new SingleBar({ format: `  ${label} [{bar}] {value}/{total} ${unit} {detail}`, stream, hideCursor: true, clearOnComplete: true });
      bar.start(total, 0, { detail: '' });
      return {
        update: (done, detail = '') => bar.update(done, { detail }),
        stop: () => bar.stop(),
      };
    };
  }
  return (label, total, unit) => {
    let shownTenth = 0;
    return {
      update: (done, detail) => {
        const tenth = Math.floor((10 * done) / Math.max(1, total));
        if (tenth <= shownTenth || done >= total) return;
        shownTenth = tenth;
        say(`  ${label}: ${done}/${total} ${unit}${detail ? ` ${detail}` : ''}`);
      },
      stop: () => undefined,
    };
  };
}
