// Submitting BigQuery jobs under deterministic ids and waiting for them. A resubmitted job id
// answers 409 "already exists": that is the same job (maybe already done), so we attach to it
// instead of loading twice. Job failures become CrossdockErrors: quota → RetryLaterError (the
// next run retries), a job that fails on its own → BigQueryJobError, a job that outlives the
// timeout → RetryLaterError (the job may still finish; its id makes the retry safe).
import type { BigQuery, Job, JobMetadata } from '@google-cloud/bigquery';
import { CrossdockError, RetryLaterError } from '../../errors';

export class BigQueryJobError extends CrossdockError {
  constructor(message: string, code = 'CD_BQ_JOB_FAILED', options?: ErrorOptions) {
    super(code, message, 70, 502, options);
  }
}

const QUOTA_REASONS = new Set(['quotaExceeded', 'rateLimitExceeded', 'backendError', 'internalError']);

interface ApiErrorLike {
  code?: number;
  errors?: { reason?: string; message?: string }[];
  message?: string;
}

function reasonOf(err: unknown): string | undefined {
  const e = err as ApiErrorLike;
  return e?.errors?.find((x) => x.reason)?.reason;
}

/** Maps a client/API error to a CrossdockError with the BigQuery reason in the message. */
export function toCrossdockError(err: unknown, what: string): CrossdockError {
  if (err instanceof CrossdockError) return err;
  const reason = reasonOf(err);
  const message = `${what}: ${(err as Error)?.message ?? String(err)}`;
  if ((reason && QUOTA_REASONS.has(reason)) || (err as ApiErrorLike)?.code === 429 || (err as ApiErrorLike)?.code === 503) {
    return new RetryLaterError(`${message} (BigQuery ${reason ?? 'throttling'}; the next run retries)`, 'CD_BQ_QUOTA', { cause: err });
  }
  return new BigQueryJobError(message, 'CD_BQ_JOB_FAILED', { cause: err });
}

export function isAlreadyExists(err: unknown): boolean {
  return (err as ApiErrorLike)?.code === 409 || reasonOf(err) === 'duplicate';
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls jobs.get until DONE; throws the mapped error when the job ended with errorResult. */
export async function waitForJob(job: Job, what: string, options: WaitOptions): Promise<JobMetadata> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let pollMs = options.pollMs ?? 500;
  let metadata: JobMetadata = job.metadata ?? {};
  for (;;) {
    if (metadata.status?.state === 'DONE') {
      const failure = metadata.status.errorResult;
      if (failure) {
        throw toCrossdockError({ errors: [failure, ...(metadata.status.errors ?? [])], message: failure.message }, `${what} (job ${job.id})`);
      }
      return metadata;
    }
    if (now() >= deadline) {
      throw new RetryLaterError(`${what} (job ${job.id}) did not finish within ${Math.round(options.timeoutMs / 1000)} s; the next run retries`, 'CD_BQ_TIMEOUT');
    }
    await sleep(pollMs);
    pollMs = Math.min(pollMs * 2, 5000);
    try {
      [metadata] = await job.getMetadata();
    } catch (err) {
      throw toCrossdockError(err, `${what}: reading job ${job.id}`);
    }
  }
}

/**
 * Submits under `jobId`. When the id already exists (a retried submit after a lost answer or a
 * crash), attaches to that job, so the work happens once. When the existing job had failed (it
 * changed nothing), submits again under `<jobId>_retry<n>`.
 */
export async function submitOnce(bq: BigQuery, jobId: string, location: string, submit: (jobId: string) => Promise<Job>, what: string): Promise<Job> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = attempt === 0 ? jobId : `${jobId}_retry${attempt}`;
    try {
      return await submit(id);
    } catch (err) {
      if (!isAlreadyExists(err)) throw toCrossdockError(err, what);
    }
    const job = bq.job(id, { location });
    let metadata: JobMetadata;
    try {
      [metadata] = await job.getMetadata();
    } catch (getErr) {
      throw toCrossdockError(getErr, `${what}: reading existing job ${id}`);
    }
    if (!(metadata.status?.state === 'DONE' && metadata.status.errorResult)) return job;
  }
  throw new BigQueryJobError(`${what}: job ${jobId} and its retries all failed before; see the BigQuery job history`);
}
