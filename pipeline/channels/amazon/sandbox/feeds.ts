// Feeds API 2021-06-30 in the Amazon sandbox: createFeedDocument → PUT to a presigned URL (valid
// 5 minutes, same Content-Type) → createFeed → getFeed (IN_QUEUE → IN_PROGRESS → DONE) →
// getFeedDocument → download the JSON processing report (optionally GZIP). JSON_LISTINGS_FEED
// messages follow the same rules as patchListingsItem; legacy inventory feeds end FATAL.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { SandboxContext, SandboxRoutes } from '../../sandbox/server';
import { randomUuid } from '../../sandbox/rng';
import { INVALID_INPUT, NOT_FOUND } from './errors';
import type { OperationLimits } from './limits';
import { evaluatePatch, type PatchRuleOptions } from './patchRules';
import type { AmazonStore } from './store';

export const MAX_FEED_MESSAGES = 25_000;
const URL_TTL_MS = 5 * 60_000;
const LEGACY_FEEDS = new Set(['POST_INVENTORY_AVAILABILITY_DATA', 'POST_PRODUCT_DATA', 'POST_FLAT_FILE_LISTINGS_DATA', 'POST_FLAT_FILE_INVLOADER_DATA', 'POST_PRODUCT_PRICING_DATA']);

export interface AmazonFeedsOptions extends PatchRuleOptions {
  sellerId: string;
  limits: OperationLimits;
  /** Time a feed waits IN_QUEUE, then spends IN_PROGRESS. */
  feedQueueMs: number;
  feedProcessingMs: number;
  gzipReports: boolean;
}

interface FeedDocument {
  id: string;
  contentType: string;
  createdAt: number;
  body: Buffer | null;
  compressed: boolean;
}

interface Feed {
  feedId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  createdAt: number;
  resultFeedDocumentId: string | null;
  processingStatus: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
}

export function feedsRoutes(options: AmazonFeedsOptions): SandboxRoutes<AmazonStore> {
  return (app, ctx) => {
    const documents = new Map<string, FeedDocument>();
    const feeds = new Map<string, Feed>();
    let feedSeq = 50_000_000;
    const random = () => ctx.faults.next();
    const signature = (id: string) => createHash('sha256').update(`sandbox:${id}`).digest('hex').slice(0, 32);
    const presigned = (base: string, kind: 'upload' | 'download', id: string) =>
      `${base}/_feeds-${kind}/${id}?X-Amz-Expires=300&X-Amz-Date=${new Date(ctx.clock.now()).toISOString().replace(/[-:]|\.\d+/g, '')}&X-Amz-Signature=${signature(id)}`;
    const baseOf = (host: string | undefined) => `http://${host ?? '127.0.0.1'}`;

    app.post<{ Body: { contentType?: string } }>('/feeds/2021-06-30/documents', async (request, reply) => {
      ctx.countCall('createFeedDocument');
      if (!options.limits.allow('createFeedDocument', reply, ctx.rateLimits)) return reply;
      const contentType = request.body?.contentType;
      if (!contentType) return reply.code(400).send(INVALID_INPUT('contentType is required.'));
      const id = `amzn1.tortuga.4.na.${randomUuid(random)}`;
      documents.set(id, { id, contentType, createdAt: ctx.clock.now(), body: null, compressed: false });
      return reply.code(201).send({ feedDocumentId: id, url: presigned(baseOf(request.headers.host), 'upload', id) });
    });

    app.put<{ Params: { id: string } }>('/_feeds-upload/:id', async (request, reply) => {
      ctx.countCall('uploadFeedDocument');
      const doc = documents.get(request.params.id);
      if (!doc) return reply.code(404).type('application/xml').send('<Error><Code>NoSuchKey</Code></Error>');
      if (ctx.clock.now() - doc.createdAt > URL_TTL_MS) return reply.code(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      if (request.headers['content-type'] !== doc.contentType) {
        return reply.code(403).type('application/xml').send('<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>');
      }
      doc.body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? ''));
      return reply.code(200).send('');
    });

    app.post<{ Body: { feedType?: string; marketplaceIds?: string[]; inputFeedDocumentId?: string } }>('/feeds/2021-06-30/feeds', async (request, reply) => {
      ctx.countCall('createFeed');
      if (!options.limits.allow('createFeed', reply, ctx.rateLimits)) return reply;
      const body = request.body ?? {};
      const doc = body.inputFeedDocumentId ? documents.get(body.inputFeedDocumentId) : undefined;
      if (!body.feedType || !Array.isArray(body.marketplaceIds) || body.marketplaceIds.length === 0 || !doc) {
        return reply.code(400).send(INVALID_INPUT('Invalid input'));
      }
      const feedId = String(feedSeq++);
      feeds.set(feedId, { feedId, feedType: body.feedType, marketplaceIds: body.marketplaceIds, inputFeedDocumentId: doc.id, createdAt: ctx.clock.now(), resultFeedDocumentId: null, processingStatus: 'IN_QUEUE' });
      return reply.code(202).send({ feedId });
    });

    app.get<{ Params: { feedId: string } }>('/feeds/2021-06-30/feeds/:feedId', async (request, reply) => {
      ctx.countCall('getFeed');
      if (!options.limits.allow('getFeed', reply, ctx.rateLimits)) return reply;
      const feed = feeds.get(request.params.feedId);
      if (!feed) return reply.code(404).send(NOT_FOUND(`Feed ${request.params.feedId} not found.`));
      advance(feed);
      const iso = (ms: number) => new Date(ms).toISOString();
      return {
        feedId: feed.feedId,
        feedType: feed.feedType,
        marketplaceIds: feed.marketplaceIds,
        createdTime: iso(feed.createdAt),
        processingStatus: feed.processingStatus,
        ...(feed.processingStatus !== 'IN_QUEUE' ? { processingStartTime: iso(feed.createdAt + options.feedQueueMs) } : {}),
        ...(['DONE', 'FATAL', 'CANCELLED'].includes(feed.processingStatus) ? { processingEndTime: iso(feed.createdAt + options.feedQueueMs + options.feedProcessingMs) } : {}),
        ...(feed.resultFeedDocumentId ? { resultFeedDocumentId: feed.resultFeedDocumentId } : {}),
      };
    });

    app.get<{ Params: { id: string } }>('/feeds/2021-06-30/documents/:id', async (request, reply) => {
      ctx.countCall('getFeedDocument');
      if (!options.limits.allow('getFeedDocument', reply, ctx.rateLimits)) return reply;
      const doc = documents.get(request.params.id);
      if (!doc) return reply.code(404).send(NOT_FOUND(`Document ${request.params.id} not found.`));
      doc.createdAt = ctx.clock.now(); // a fresh presigned URL on every call
      return { feedDocumentId: doc.id, url: presigned(baseOf(request.headers.host), 'download', doc.id), ...(doc.compressed ? { compressionAlgorithm: 'GZIP' } : {}) };
    });

    app.get<{ Params: { id: string } }>('/_feeds-download/:id', async (request, reply) => {
      ctx.countCall('downloadFeedDocument');
      const doc = documents.get(request.params.id);
      if (!doc || !doc.body) return reply.code(404).type('application/xml').send('<Error><Code>NoSuchKey</Code></Error>');
      if (ctx.clock.now() - doc.createdAt > URL_TTL_MS) return reply.code(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return reply.type(doc.contentType).send(doc.body);
    });

    // Moves a feed along its state machine by elapsed time; processing happens once, at DONE.
    function advance(feed: Feed): void {
      if (['DONE', 'FATAL', 'CANCELLED'].includes(feed.processingStatus)) return;
      const elapsed = ctx.clock.now() - feed.createdAt;
      if (elapsed < options.feedQueueMs) return;
      if (elapsed < options.feedQueueMs + options.feedProcessingMs) {
        feed.processingStatus = 'IN_PROGRESS';
        return;
      }
      if (LEGACY_FEEDS.has(feed.feedType)) {
        feed.processingStatus = 'FATAL'; // legacy XML/flat-file listing feeds are gone since 2025-07-31
        return;
      }
      const doneAt = feed.createdAt + options.feedQueueMs + options.feedProcessingMs;
      const report = processListingsFeed(ctx, options, feed, documents.get(feed.inputFeedDocumentId)!, doneAt);
      const id = `amzn1.tortuga.4.na.${randomUuid(random)}`;
      const json = Buffer.from(JSON.stringify(report));
      documents.set(id, { id, contentType: 'application/json', createdAt: ctx.clock.now(), body: options.gzipReports ? gzipSync(json) : json, compressed: options.gzipReports });
      feed.resultFeedDocumentId = id;
      feed.processingStatus = 'DONE';
    }
  };
}

function processListingsFeed(ctx: SandboxContext<AmazonStore>, options: AmazonFeedsOptions, feed: Feed, doc: FeedDocument, doneAt: number) {
  const header = { sellerId: options.sellerId, version: '2.0', feedId: feed.feedId };
  const parseFailure = (code: string, message: string) => ({
    header,
    issues: [{ code, severity: 'ERROR', message }],
    summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 },
  });
  if (feed.feedType !== 'JSON_LISTINGS_FEED') return parseFailure('4002001', `Feed type ${feed.feedType} is not supported by this sandbox.`);
  let parsed: { header?: { sellerId?: string; version?: string }; messages?: Record<string, unknown>[] };
  try {
    parsed = JSON.parse((doc.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    return parseFailure('4002001', "Item 'Feed' cannot be parsed.");
  }
  if (parsed.header?.sellerId !== options.sellerId || parsed.header?.version !== '2.0') return parseFailure('4002005', "Attribute 'Merchant' is required but not supplied or does not match the seller.");
  const messages = Array.isArray(parsed.messages) ? parsed.messages : [];
  if (messages.length === 0 || messages.length > MAX_FEED_MESSAGES) return parseFailure('4002001', `Item 'Feed' cannot be parsed: messages must hold 1 to ${MAX_FEED_MESSAGES} items.`);

  const issues: Record<string, unknown>[] = [];
  let accepted = 0;
  const marketplace = feed.marketplaceIds[0];
  for (const message of messages) {
    const messageId = Number(message.messageId);
    const sku = String(message.sku ?? '');
    const fail = (code: string, text: string) => issues.push({ messageId, sku, code, severity: 'ERROR', message: text });
    if (message.operationType !== 'PATCH' && message.operationType !== 'PARTIAL_UPDATE') {
      fail('4000001', `operationType ${String(message.operationType)} is not supported by this sandbox for stock.`);
      continue;
    }
    if (ctx.faults.rowError()) {
      fail('4000003', 'An internal error occurred while processing this message. Resubmit it.');
      continue;
    }
    const body =
      message.operationType === 'PATCH'
        ? { productType: message.productType, patches: message.patches }
        : { productType: message.productType, patches: Object.entries((message.attributes ?? {}) as Record<string, unknown>).map(([name, value]) => ({ op: 'replace', path: `/attributes/${name}`, value })) };
    const verdict = evaluatePatch(ctx.store, sku, marketplace, body, options);
    if (verdict.kind === 'bad_request') fail('4000001', verdict.message);
    else if (verdict.kind === 'invalid') for (const i of verdict.issues) issues.push({ messageId, sku, code: i.code, severity: i.severity, message: i.message, ...(i.attributeNames ? { attributeName: i.attributeNames[0] } : {}) });
    else {
      verdict.apply(doneAt + options.applyDelayMs);
      accepted++;
    }
  }
  return {
    header,
    issues,
    summary: { errors: issues.length, warnings: 0, messagesProcessed: messages.length, messagesAccepted: accepted, messagesInvalid: messages.length - accepted },
  };
}
