// The SP-API Reports flow, written once for every Amazon stream (channels.md §3.5):
// createReport → poll getReport with a growing wait (fast polling earns FATAL) → DONE:
// getReportDocument → download the presigned URL to a file (gunzip when compressionAlgorithm is
// GZIP) for the file parsers. CANCELLED usually means "no data for that range": a success with
// nothing to load. FATAL fails the stream, so its watermark stays where it was.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataError, RetryLaterError } from '../../../errors';
import type { AmazonReadApi } from './api';

export type ProcessingStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';

export interface ReportRequest {
  reportType: string;
  marketplaceIds: string[];
  dataStartTime?: string;
  dataEndTime?: string;
  reportOptions?: Record<string, string>;
}

export interface ReportState {
  reportId: string;
  reportType: string;
  processingStatus: ProcessingStatus;
  reportDocumentId?: string;
}

export type ReportOutcome = { status: 'DONE'; reportId: string; path: string } | { status: 'CANCELLED'; reportId: string };

export interface ReportFlowOptions {
  workDir: string;
  /** First wait between polls, in ms; doubles per poll up to maxPollMs. */
  pollMs: number;
  maxPollMs?: number;
  /** Give up after this long in IN_QUEUE/IN_PROGRESS. */
  timeoutMs: number;
  signal?: AbortSignal;
  onState?: (state: ReportState) => void;
}

const BASE = '/reports/2021-06-30';

/** The wait before poll number `n` (0-based): pollMs, 2·pollMs, … capped at maxPollMs. */
export function pollDelayMs(n: number, pollMs: number, maxPollMs = 300_000): number {
  return Math.min(maxPollMs, pollMs * 2 ** n);
}

export async function fetchReport(api: AmazonReadApi, request: ReportRequest, options: ReportFlowOptions): Promise<ReportOutcome> {
  const { reportId } = await api.call<{ reportId: string }>('createReport', 'POST', `${BASE}/reports`, request);
  const started = api.clock.now();
  let state: ReportState;
  for (let poll = 0; ; poll++) {
    if (options.signal?.aborted) throw new RetryLaterError(`amazon report ${reportId}: stopped while waiting`, 'CD_RUN_ABORTED');
    await api.clock.sleep(pollDelayMs(poll, options.pollMs, options.maxPollMs));
    state = await api.call<ReportState>('getReport', 'GET', `${BASE}/reports/${encodeURIComponent(reportId)}`);
    options.onState?.(state);
    if (state.processingStatus === 'DONE' || state.processingStatus === 'CANCELLED' || state.processingStatus === 'FATAL') break;
    if (api.clock.now() - started > options.timeoutMs) {
      throw new RetryLaterError(`amazon ${request.reportType} report ${reportId} still ${state.processingStatus} after ${Math.round(options.timeoutMs / 60_000)} min; the next run asks again`, 'CD_REPORT_TIMEOUT');
    }
  }
  if (state.processingStatus === 'CANCELLED') return { status: 'CANCELLED', reportId };
  if (state.processingStatus === 'FATAL') {
    throw new DataError(
      `amazon ${request.reportType} report ${reportId} ended FATAL (Amazon aborted it: often a re-request inside the 30 min / 4 h window of FBA reports, or a retired report type); the watermark was kept and the next run asks again`,
      'CD_REPORT_FATAL',
    );
  }
  if (!state.reportDocumentId) throw new DataError(`amazon report ${reportId} is DONE without a reportDocumentId`, 'CD_CHANNEL_REFUSED');
  const document = await api.call<{ reportDocumentId: string; url: string; compressionAlgorithm?: string }>(
    'getReportDocument',
    'GET',
    `${BASE}/documents/${encodeURIComponent(state.reportDocumentId)}`,
  );
  const path = join(options.workDir, `${request.reportType}-${reportId}.tsv`);
  await download(document.url, path, document.compressionAlgorithm === 'GZIP', api.channel.timeoutSeconds * 1000);
  return { status: 'DONE', reportId, path };
}

/**
 * Streams a presigned document URL to a file (never held in memory), gunzipping if asked. The
 * timeout is an idle timeout: a big report may take minutes, but not minutes without a byte.
 */
export async function download(url: string, path: string, gzip: boolean, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) {
      // The presigned URL lives 5 minutes; an expired one answers 403.
      throw new RetryLaterError(`amazon report download answered HTTP ${response.status}`, 'CD_CHANNEL_UNAVAILABLE');
    }
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
    const watch = new Transform({
      transform(chunk, _encoding, callback) {
        alive();
        callback(null, chunk);
      },
    });
    if (gzip) await pipeline(body, watch, createGunzip(), createWriteStream(path));
    else await pipeline(body, watch, createWriteStream(path));
  } catch (err) {
    if (err instanceof RetryLaterError) throw err;
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    const reason = controller.signal.aborted ? `no data for ${Math.round(timeoutMs / 1000)} s` : `${(err as Error).message}${cause ? ` (${cause})` : ''}`;
    throw new RetryLaterError(`amazon report download failed: ${reason}`, 'CD_CHANNEL_UNAVAILABLE', { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
