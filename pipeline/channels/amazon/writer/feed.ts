// The JSON_LISTINGS_FEED path for large pushes: createFeedDocument → PUT the feed to the
// presigned URL → createFeed → poll getFeed → getFeedDocument → download (gunzip) the processing
// report → one outcome per message. Accepted messages are not applied yet: they come back as
// pending_verification, like ACCEPTED patches.
import { gunzipSync } from 'node:zlib';
import type { PushOutcome, StockPush } from '../../contract/writer';
import { describeHttpFailure, type HttpResult } from '../../http/client';
import type { Clock } from '../../http/clock';
import { listingsFeed, reportErrors, type ProcessingReport } from '../api/listings';
import { spApiErrorText, type SpApiClient } from '../client';

export const FEED_CONTENT_TYPE = 'application/json; charset=UTF-8';
// Message-level codes that mean "try again", not "this row is wrong".
const RETRYABLE_MESSAGE_CODES = new Set(['4000003']);

export interface FeedPushOptions {
  sellerId: string;
  marketplaceId: string;
  productType: string;
  pollIntervalMs: number;
  timeoutMs: number;
  clock: Clock;
}

export async function pushViaFeed(client: SpApiClient, rows: StockPush[], options: FeedPushOptions): Promise<PushOutcome[]> {
  const feed = listingsFeed(options.sellerId, options.productType, rows.map((r) => ({ sku: r.sku, quantity: r.quantity })));
  const failAll = (message: string, retryable: boolean, response?: unknown) =>
    rows.map((row): PushOutcome => ({ change_id: row.change_id, status: 'failed', message, retryable, ...(response !== undefined ? { channel_response: response } : {}) }));

  // 1. A document to upload into. Losing this answer only wastes an empty document: safe to resend.
  const doc = await client.call('createFeedDocument', { method: 'POST', path: '/feeds/2021-06-30/documents', body: { contentType: FEED_CONTENT_TYPE }, idempotent: true });
  const docBody = ok<{ feedDocumentId: string; url: string }>(doc, 201);
  if (!docBody) return failAll(failure(client, doc, 'createFeedDocument'), retryable(doc));

  // 2. Upload with the same Content-Type the document was created with (it is part of the signature).
  const upload = await client.documents.send({ method: 'PUT', path: docBody.url, rawBody: JSON.stringify(feed), headers: { 'content-type': FEED_CONTENT_TYPE }, idempotent: true, operation: 'uploadFeedDocument' });
  if (upload.kind !== 'response' || upload.response.status !== 200) return failAll(failure(client, upload, 'uploadFeedDocument'), retryable(upload));

  // 3. Submit. A lost answer leaves us without a feed id: report it, never resubmit blindly.
  const created = await client.call('createFeed', {
    method: 'POST',
    path: '/feeds/2021-06-30/feeds',
    body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [options.marketplaceId], inputFeedDocumentId: docBody.feedDocumentId },
    idempotent: false,
  });
  if (created.kind === 'unknown_outcome') {
    return failAll(`${created.message}; the feed may have been created: verify the quantities (getListingsItem) before resending`, true);
  }
  const feedId = ok<{ feedId: string }>(created, 202)?.feedId;
  if (!feedId) return failAll(failure(client, created, 'createFeed'), retryable(created));

  // 4. Poll until the feed is done, or report the rows pending when it takes too long (feeds can sit IN_PROGRESS for hours).
  // A feed is never done the moment it is created: wait one interval before the first getFeed.
  const started = options.clock.now();
  let status: { processingStatus: string; resultFeedDocumentId?: string } | undefined;
  for (;;) {
    await options.clock.sleep(options.pollIntervalMs);
    const polled = await client.call('getFeed', { method: 'GET', path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}` });
    status = ok(polled, 200);
    if (status && ['DONE', 'FATAL', 'CANCELLED'].includes(status.processingStatus)) break;
    if (options.clock.now() - started >= options.timeoutMs) {
      const state = status?.processingStatus ?? 'unknown';
      return rows.map((row) => ({ change_id: row.change_id, status: 'pending_verification', message: `feed ${feedId} still ${state} after ${Math.round(options.timeoutMs / 1000)} s: verify with getListingsItem`, channel_response: { feedId } }));
    }
  }
  if (status.processingStatus !== 'DONE' || !status.resultFeedDocumentId) {
    return failAll(`Amazon feed ${feedId} ended ${status.processingStatus}: nothing was applied; resend later`, true, { feedId, processingStatus: status.processingStatus });
  }

  // 5. The processing report.
  const reportDoc = await client.call('getFeedDocument', { method: 'GET', path: `/feeds/2021-06-30/documents/${encodeURIComponent(status.resultFeedDocumentId)}` });
  const reportRef = ok<{ url: string; compressionAlgorithm?: string }>(reportDoc, 200);
  if (!reportRef) return pendingAll(rows, feedId, `the processing report of feed ${feedId} could not be fetched (${failure(client, reportDoc, 'getFeedDocument')})`);
  const download = await client.documents.send({ method: 'GET', path: reportRef.url, operation: 'downloadProcessingReport' });
  if (download.kind !== 'response' || download.response.status !== 200) return pendingAll(rows, feedId, `the processing report of feed ${feedId} could not be downloaded`);
  let report: ProcessingReport;
  try {
    const bytes = reportRef.compressionAlgorithm === 'GZIP' ? gunzipSync(download.response.bytes) : download.response.bytes;
    report = JSON.parse(bytes.toString('utf8')) as ProcessingReport;
  } catch (err) {
    return pendingAll(rows, feedId, `the processing report of feed ${feedId} is unreadable (${(err as Error).message})`);
  }
  return mapProcessingReport(rows, feedId, report);
}

/** One outcome per row from a processing report (message id n = rows[n - 1]). */
export function mapProcessingReport(rows: StockPush[], feedId: string, report: ProcessingReport): PushOutcome[] {
  const { byMessage, feedLevel } = reportErrors(report);
  if (feedLevel.length > 0) {
    const message = `Amazon rejected feed ${feedId}: ${feedLevel.map((i) => `${i.code ?? ''} ${i.message}`.trim()).join('; ')}`;
    return rows.map((row) => ({ change_id: row.change_id, status: 'failed', message, retryable: false, channel_response: { feedId, issues: feedLevel } }));
  }
  return rows.map((row, index) => {
    const issues = byMessage.get(index + 1);
    if (!issues) return { change_id: row.change_id, status: 'pending_verification', message: `accepted in feed ${feedId}; not visible until Amazon applies it`, channel_response: { feedId, messageId: index + 1 } };
    return {
      change_id: row.change_id,
      status: 'failed',
      message: `Amazon refused message ${index + 1} of feed ${feedId}: ${issues.map((i) => `${i.code ?? ''} ${i.message}`.trim()).join('; ')}`,
      retryable: issues.every((i) => RETRYABLE_MESSAGE_CODES.has(i.code ?? '')),
      channel_response: { feedId, messageId: index + 1, issues },
    };
  });
}

function pendingAll(rows: StockPush[], feedId: string, why: string): PushOutcome[] {
  return rows.map((row) => ({ change_id: row.change_id, status: 'pending_verification', message: `${why}; verify with getListingsItem`, channel_response: { feedId } }));
}

function ok<T>(result: HttpResult, status: number): T | undefined {
  return result.kind === 'response' && result.response.status === status ? (result.response.json as T) : undefined;
}

function retryable(result: HttpResult): boolean {
  return result.kind !== 'response' || result.response.status === 429 || result.response.status >= 500;
}

function failure(client: SpApiClient, result: HttpResult, operation: string): string {
  const detail = result.kind === 'response' ? spApiErrorText(result.response.json) : '';
  return detail ? client.http.redact(`amazon ${operation}: HTTP ${result.kind === 'response' ? result.response.status : ''} ${detail}`) : describeHttpFailure(client.http, result, operation);
}
