// Reports API 2021-06-30 in the Amazon sandbox, for the pull connector (channels.md §3.5):
// createReport → getReport (IN_QUEUE → IN_PROGRESS → DONE | CANCELLED | FATAL by elapsed time) →
// getReportDocument (GZIP TSV behind a presigned URL valid 5 minutes), with the documented
// per-operation rates (429 QuotaExceeded). A report whose range holds no data ends CANCELLED, as
// Amazon's do. Knobs: queue/processing times, forced outcomes for the next reports, FATAL when
// polled faster than a minimum interval. Login with Amazon is served at /_lwa/o2/token.
// Tests and the benchmark register report content with `amazonReports(sandbox.store).source(...)`.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { SandboxRoutes } from '../../../sandbox/server';
import type { FastifyReply } from 'fastify';
import { TokenBucket } from '../../../http/tokenBucket';
import { INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED } from '../errors';
import { ACCESS_TOKEN_TTL_S, type AmazonStore } from '../store';
import { AMAZON_RATES, REPORT_OPERATIONS, type ReportOperation } from '../../rates';
import { MERCHANT_ORDER_REPORT_COLUMNS } from '../../files/merchantOrders';

const URL_TTL_MS = 5 * 60_000;

/** Reports API rates from the published model (requests per second, burst). */
const REPORT_RATES = Object.fromEntries(REPORT_OPERATIONS.map((operation) => [operation, AMAZON_RATES[operation]])) as Record<ReportOperation, (typeof AMAZON_RATES)[string]>;

export interface ReportRequestBody {
  reportType: string;
  marketplaceIds: string[];
  dataStartTime?: string;
  dataEndTime?: string;
}

/** Report content for a request: a TSV text (header + lines), or null when there is no data. */
export type ReportSource = (request: ReportRequestBody) => string | null;

type Status = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';

interface SandboxReport {
  reportId: string;
  request: ReportRequestBody;
  createdAt: number;
  forced: 'FATAL' | 'CANCELLED' | null;
  status: Status;
  documentId: string | null;
  lastPollAt: number | null;
}

export class ReportController {
  /** Time IN_QUEUE, then IN_PROGRESS (sandbox clock). */
  queueMs = 0;
  processingMs = 0;
  /** A getReport sooner than this after the previous one turns the report FATAL (0: off). */
  fatalIfPolledWithinMs = 0;
  /** Outcomes forced on the next created reports, in order. */
  readonly forcedOutcomes: ('FATAL' | 'CANCELLED')[] = [];
  readonly sources = new Map<string, ReportSource>();
  readonly reports = new Map<string, SandboxReport>();
  readonly documents = new Map<string, { body: Buffer; issuedAt: number }>();
  readonly requests: ReportRequestBody[] = [];

  source(reportType: string, source: ReportSource): this {
    this.sources.set(reportType, source);
    return this;
  }
}

const controllers = new WeakMap<AmazonStore, ReportController>();

export function amazonReports(store: AmazonStore): ReportController {
  let controller = controllers.get(store);
  if (!controller) controllers.set(store, (controller = new ReportController()));
  return controller;
}

/** The All Orders report header (channels.md §3.5, 32 columns). */
export const ALL_ORDERS_HEADER = [
  'amazon-order-id', 'merchant-order-id', 'purchase-date', 'last-updated-date', 'order-status', 'fulfillment-channel', 'sales-channel',
  'order-channel', 'url', 'ship-service-level', 'product-name', 'sku', 'asin', 'item-status', 'quantity', 'currency', 'item-price',
  'item-tax', 'shipping-price', 'shipping-tax', 'gift-wrap-price', 'gift-wrap-tax', 'item-promotion-discount', 'ship-promotion-discount',
  'ship-city', 'ship-state', 'ship-postal-code', 'ship-country', 'promotion-ids', 'is-business-order', 'purchase-order-number', 'price-designation',
];

export interface AllOrdersLine {
  orderId: string;
  purchaseDate: string;
  lastUpdated: string;
  status: string;
  fba: boolean;
  salesChannel: string;
  sku: string;
  quantity: number;
  currency: string;
  itemPrice: string;
  itemStatus?: string;
  country?: string;
}

export function allOrdersLine(l: AllOrdersLine): string {
  const cells: Record<string, string> = {
    'amazon-order-id': l.orderId, 'merchant-order-id': l.orderId, 'purchase-date': l.purchaseDate, 'last-updated-date': l.lastUpdated,
    'order-status': l.status, 'fulfillment-channel': l.fba ? 'Amazon' : 'Merchant', 'sales-channel': l.salesChannel, 'product-name': `Product ${l.sku}`,
    sku: l.sku, 'item-status': l.itemStatus ?? l.status, quantity: String(l.quantity), currency: l.currency, 'item-price': l.itemPrice, 'ship-country': l.country ?? 'US',
  };
  return ALL_ORDERS_HEADER.map((h) => cells[h] ?? '').join('\t');
}

export interface MerchantOrderLine {
  orderId: string;
  orderItemId: string;
  purchaseDate: string;
  latestShipDate: string;
  salesChannel: string;
  sku: string;
  quantity: number;
  currency: string;
  itemPrice: string;
}

export function merchantOrderLine(l: MerchantOrderLine): string {
  const cells: Record<string, string> = {
    'order-id': l.orderId, 'order-item-id': l.orderItemId, 'purchase-date': l.purchaseDate, 'payments-date': l.purchaseDate, sku: l.sku,
    'product-name': `Product ${l.sku}`, 'quantity-purchased': String(l.quantity), currency: l.currency, 'item-price': l.itemPrice,
    'ship-service-level': 'Standard', 'sales-channel': l.salesChannel, 'latest-ship-date': l.latestShipDate, 'is-business-order': 'false', 'is-prime': 'false',
  };
  return MERCHANT_ORDER_REPORT_COLUMNS.map((h) => cells[h] ?? '').join('\t');
}

export const routes: SandboxRoutes<AmazonStore> = (app, ctx) => {
  const reports = amazonReports(ctx.store);
  let seq = 90_000_000;
  const signature = (id: string) => createHash('sha256').update(`sandbox-report:${id}`).digest('hex').slice(0, 32);
  const iso = (ms: number) => new Date(ms).toISOString();
  // The documented Reports API rates; answered with 429 QuotaExceeded when exceeded.
  const buckets = Object.fromEntries(Object.entries(REPORT_RATES).map(([op, rate]) => [op, new TokenBucket(rate, ctx.clock)])) as Record<ReportOperation, TokenBucket>;
  const allow = (operation: ReportOperation, reply: FastifyReply): boolean => {
    ctx.countCall(operation);
    if (!ctx.rateLimits) return true;
    reply.header('x-amzn-ratelimit-limit', String(REPORT_RATES[operation].ratePerSecond));
    if (buckets[operation].tryTake()) return true;
    reply.code(429).send(QUOTA_EXCEEDED());
    return false;
  };

  function advance(report: SandboxReport): void {
    if (['DONE', 'CANCELLED', 'FATAL'].includes(report.status)) return;
    const elapsed = ctx.clock.now() - report.createdAt;
    if (elapsed < reports.queueMs) return;
    if (elapsed < reports.queueMs + reports.processingMs) {
      report.status = 'IN_PROGRESS';
      return;
    }
    if (report.forced) {
      report.status = report.forced;
      return;
    }
    const source = reports.sources.get(report.request.reportType);
    const content = source ? source(report.request) : null;
    // No data rows: Amazon cancels the report rather than sending an empty document.
    if (content === null || content.split('\n').filter((l) => l.trim()).length <= 1) {
      report.status = 'CANCELLED';
      return;
    }
    const documentId = `amzn1.spdoc.1.4.na.${report.reportId}`;
    reports.documents.set(documentId, { body: gzipSync(Buffer.from(content, 'utf8')), issuedAt: ctx.clock.now() });
    report.documentId = documentId;
    report.status = 'DONE';
  }

  const view = (report: SandboxReport) => ({
    reportId: report.reportId,
    reportType: report.request.reportType,
    marketplaceIds: report.request.marketplaceIds,
    ...(report.request.dataStartTime ? { dataStartTime: report.request.dataStartTime } : {}),
    ...(report.request.dataEndTime ? { dataEndTime: report.request.dataEndTime } : {}),
    createdTime: iso(report.createdAt),
    processingStatus: report.status,
    ...(report.status !== 'IN_QUEUE' ? { processingStartTime: iso(report.createdAt + reports.queueMs) } : {}),
    ...(report.documentId ? { reportDocumentId: report.documentId } : {}),
  });

  app.post<{ Body: ReportRequestBody }>('/reports/2021-06-30/reports', async (request, reply) => {
    if (!allow('createReport', reply)) return reply;
    const body = request.body;
    if (!body?.reportType || !Array.isArray(body.marketplaceIds) || body.marketplaceIds.length === 0) {
      return reply.code(400).send(INVALID_INPUT('reportType and marketplaceIds are required.'));
    }
    for (const field of ['dataStartTime', 'dataEndTime'] as const) {
      if (body[field] !== undefined && Number.isNaN(Date.parse(body[field]!))) return reply.code(400).send(INVALID_INPUT(`${field} is not an ISO 8601 date time.`));
    }
    const reportId = String(++seq);
    reports.requests.push(body);
    reports.reports.set(reportId, { reportId, request: body, createdAt: ctx.clock.now(), forced: reports.forcedOutcomes.shift() ?? null, status: 'IN_QUEUE', documentId: null, lastPollAt: null });
    return reply.code(202).send({ reportId });
  });

  app.get<{ Querystring: { pageSize?: string } }>('/reports/2021-06-30/reports', async (request, reply) => {
    if (!allow('getReports', reply)) return reply;
    const size = Math.min(100, Number(request.query.pageSize ?? 10));
    return { reports: [...reports.reports.values()].slice(-size).map(view) };
  });

  app.get<{ Params: { id: string } }>('/reports/2021-06-30/reports/:id', async (request, reply) => {
    if (!allow('getReport', reply)) return reply;
    const report = reports.reports.get(request.params.id);
    if (!report) return reply.code(404).send(NOT_FOUND(`Report ${request.params.id} not found.`));
    const now = ctx.clock.now();
    if (reports.fatalIfPolledWithinMs > 0 && report.lastPollAt !== null && now - report.lastPollAt < reports.fatalIfPolledWithinMs && !['DONE', 'CANCELLED'].includes(report.status)) {
      report.status = 'FATAL';
    }
    report.lastPollAt = now;
    advance(report);
    return view(report);
  });

  app.get<{ Params: { id: string } }>('/reports/2021-06-30/documents/:id', async (request, reply) => {
    if (!allow('getReportDocument', reply)) return reply;
    const doc = reports.documents.get(request.params.id);
    if (!doc) return reply.code(404).send(NOT_FOUND(`Document ${request.params.id} not found.`));
    doc.issuedAt = ctx.clock.now(); // a fresh presigned URL on every call
    const base = `http://${request.headers.host ?? '127.0.0.1'}`;
    const stamp = iso(doc.issuedAt).replace(/[-:]|\.\d+/g, '');
    return { reportDocumentId: request.params.id, url: `${base}/_reports-download/${encodeURIComponent(request.params.id)}?X-Amz-Expires=300&X-Amz-Date=${stamp}&X-Amz-Signature=${signature(request.params.id)}`, compressionAlgorithm: 'GZIP' };
  });

  app.get<{ Params: { id: string } }>('/_reports-download/:id', async (request, reply) => {
    ctx.countCall('downloadReportDocument');
    const doc = reports.documents.get(request.params.id);
    if (!doc) return reply.code(404).type('application/xml').send('<Error><Code>NoSuchKey</Code></Error>');
    if (ctx.clock.now() - doc.issuedAt > URL_TTL_MS) return reply.code(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    return reply.type('application/octet-stream').send(doc.body);
  });

  // Login with Amazon (refresh token → access token), form-encoded as the real endpoint.
  app.post<{ Body: Record<string, string> }>('/_lwa/o2/token', async (request, reply) => {
    ctx.countCall('lwaToken');
    const body = request.body ?? {};
    if (body.grant_type !== 'refresh_token' || !body.refresh_token || !body.client_id || !body.client_secret) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'The request is missing a required parameter' });
    }
    if (body.refresh_token.startsWith('revoked')) return reply.code(400).send({ error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
    return { access_token: ctx.store.mintAccessToken(body.refresh_token), token_type: 'bearer', expires_in: ACCESS_TOKEN_TTL_S };
  });
};
