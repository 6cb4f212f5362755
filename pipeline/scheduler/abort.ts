// Stopping a run in flight. The server's stop fires one AbortSignal; a run then stops waiting for
// its pull at once, whatever the pull waits on (a rate-limit turn, a report being prepared, a
// request), and ends CD_RUN_ABORTED without landing the window: the watermark stays where the
// last landed window left it, so the next run re-reads from there. The abandoned pull only
// writes to the run's scratch folder, never to the database.
import { RetryLaterError } from '../errors';

/** What a run stopped by the shutdown ends with. */
export function runAborted(): RetryLaterError {
  return new RetryLaterError('stopped because the server is stopping; the window in flight was not committed and is re-read next run', 'CD_RUN_ABORTED');
}

/** Throws CD_RUN_ABORTED once `signal` has fired. */
export function throwIfStopping(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw runAborted();
}

/** `work`, or CD_RUN_ABORTED as soon as `signal` fires (whichever comes first). */
export function untilStopped<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  // the abandoned work may still fail later (its scratch folder is gone): that is expected
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(runAborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(runAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
