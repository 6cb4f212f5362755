// A local stand-in for the BigQuery REST API (the endpoints @google-cloud/bigquery calls):
// jobs.insert (JSON and multipart upload), jobs.get, jobs.query, jobs.getQueryResults, and
// tables.delete. It RECORDS every request so tests can assert job ids, load configurations,
// MERGE text, parameters, labels and byte caps; `onJob` decides each job's outcome.
/* eslint-disable @typescript-eslint/no-explicit-any -- the stub reads and writes free-form REST JSON */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  body: unknown;
  /** Multipart uploads: the bytes of the media part. */
  media?: Buffer;
}

export interface StubField {
  name: string;
  type: 'STRING' | 'INTEGER' | 'INT64' | 'FLOAT' | 'FLOAT64' | 'NUMERIC' | 'BOOLEAN' | 'BOOL' | 'DATE' | 'TIMESTAMP';
}

/** What a job does. Defaults: succeeds at once with no rows. */
export interface JobOutcome {
  /** Rows for a query job (values as plain JS: numbers, strings, 'YYYY-MM-DD', ISO timestamps). */
  rows?: Record<string, unknown>[];
  schema?: StubField[];
  /** totalBytesProcessed (dry run and real run). */
  bytesProcessed?: number;
  /** The job ends DONE with this errorResult. */
  jobError?: { reason: string; message: string };
  /** The insert request itself fails with this HTTP error. */
  httpError?: { code: number; reason: string; message: string };
  /** jobs.get answers RUNNING this many times before DONE. */
  pendingPolls?: number;
  /** statistics.query.numDmlAffectedRows / statistics.load.outputRows */
  affectedRows?: number;
}

export interface JobInfo {
  jobId: string;
  kind: 'query' | 'load';
  configuration: Record<string, any>;
  /** query jobs: the SQL text; load jobs: the destination table. */
  query?: string;
  destinationTable?: string;
  dryRun: boolean;
  params: Record<string, { type: string; value: unknown }>;
  media?: Buffer;
}

interface StoredJob {
  info: JobInfo;
  outcome: JobOutcome;
  polls: number;
  resource: Record<string, any>;
}

export interface BigQueryStub {
  url: string;
  requests: RecordedRequest[];
  jobs: Map<string, StoredJob>;
  /** Every job submitted (in order), dry runs included. */
  submitted: JobInfo[];
  onJob: (job: JobInfo) => JobOutcome | undefined;
  close(): Promise<void>;
}

function toCell(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'TIMESTAMP') return String(Date.parse(String(value)) * 1000); // int64 micros
  return String(value);
}

function decodeParams(config: Record<string, any>): Record<string, { type: string; value: unknown }> {
  const out: Record<string, { type: string; value: unknown }> = {};
  for (const p of (config.queryParameters ?? []) as any[]) {
    out[p.name] = { type: p.parameterType?.type, value: p.parameterValue?.value ?? null };
  }
  return out;
}

function parseMultipart(body: Buffer, contentType: string): { json: any; media: Buffer } {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no multipart boundary in ${contentType}`);
  const parts: Buffer[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    parts.push(body.subarray(at + delimiter.length, next));
    at = next;
  }
  const content = parts.map((part) => {
    const headerEnd = part.indexOf('\r\n\r\n');
    return part.subarray(headerEnd + 4, part.length - 2); // strip the trailing CRLF
  });
  return { json: JSON.parse(content[0].toString('utf8')), media: content[1] ?? Buffer.alloc(0) };
}

export async function startBigQueryStub(projectId = 'acme-analytics', location = 'EU'): Promise<BigQueryStub> {
  const stub: BigQueryStub = {
    url: '',
    requests: [],
    jobs: new Map(),
    submitted: [],
    onJob: () => undefined,
    close: async () => undefined,
  };

  function resource(jobId: string, info: JobInfo, state: 'RUNNING' | 'DONE', outcome: JobOutcome): Record<string, any> {
    const statistics: Record<string, any> = {};
    if (info.kind === 'query') {
      statistics.totalBytesProcessed = String(outcome.bytesProcessed ?? 0);
      statistics.query = {
        totalBytesProcessed: String(outcome.bytesProcessed ?? 0),
        totalBytesBilled: String(outcome.bytesProcessed ?? 0),
        ...(outcome.affectedRows !== undefined ? { numDmlAffectedRows: String(outcome.affectedRows) } : {}),
      };
    } else {
      statistics.load = { outputRows: String(outcome.affectedRows ?? 0), inputFileBytes: String(info.media?.length ?? 0), outputBytes: '0' };
    }
    return {
      kind: 'bigquery#job',
      id: `${projectId}:${location}.${jobId}`,
      jobReference: { projectId, jobId, location },
      configuration: info.configuration,
      status: state === 'DONE' ? { state, ...(outcome.jobError ? { errorResult: outcome.jobError, errors: [outcome.jobError] } : {}) } : { state },
      statistics,
    };
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  }

  function apiError(res: ServerResponse, error: { code: number; reason: string; message: string }): void {
    send(res, error.code, { error: { code: error.code, message: error.message, errors: [{ reason: error.reason, message: error.message }] } });
  }

  function queryResults(stored: StoredJob): Record<string, any> {
    const schema = stored.outcome.schema ?? (stored.outcome.rows?.[0] ? Object.keys(stored.outcome.rows[0]).map((name) => ({ name, type: 'STRING' as const })) : []);
    const rows = (stored.outcome.rows ?? []).map((row) => ({ f: schema.map((field) => ({ v: toCell(row[field.name], field.type) })) }));
    return {
      kind: 'bigquery#getQueryResultsResponse',
      jobReference: stored.resource.jobReference,
      jobComplete: true,
      totalRows: String(rows.length),
      schema: { fields: schema.map((f) => ({ name: f.name, type: f.type, mode: 'NULLABLE' })) },
      rows,
      totalBytesProcessed: String(stored.outcome.bytesProcessed ?? 0),
    };
  }

  /** Registers a job; answers false (and the HTTP error) when it must not be created. */
  function insert(res: ServerResponse, jobId: string, info: JobInfo): StoredJob | null {
    if (stub.jobs.has(jobId)) {
      apiError(res, { code: 409, reason: 'duplicate', message: `Already Exists: Job ${projectId}:${location}.${jobId}` });
      return null;
    }
    stub.submitted.push(info);
    const outcome = stub.onJob(info) ?? {};
    if (outcome.httpError) {
      apiError(res, outcome.httpError);
      return null;
    }
    const pending = (outcome.pendingPolls ?? 0) > 0 && !info.dryRun;
    const stored: StoredJob = { info, outcome, polls: 0, resource: resource(jobId, info, pending ? 'RUNNING' : 'DONE', outcome) };
    if (!info.dryRun) stub.jobs.set(jobId, stored);
    return stored;
  }

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const path = url.pathname;
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = null;
    let media: Buffer | undefined;
    if (contentType.startsWith('multipart/')) {
      const parsed = parseMultipart(raw, contentType);
      body = parsed.json;
      media = parsed.media;
    } else if (raw.length > 0) {
      body = JSON.parse(raw.toString('utf8'));
    }
    stub.requests.push({ method: req.method ?? '', path, search: url.search, body, media });
    const b = body as Record<string, any>;

    if (req.method === 'POST' && /\/jobs$/.test(path)) {
      const jobId: string = b.jobReference?.jobId ?? `job_${stub.requests.length}`;
      const configuration = b.configuration ?? {};
      const isLoad = Boolean(configuration.load);
      const info: JobInfo = {
        jobId,
        kind: isLoad ? 'load' : 'query',
        configuration,
        query: configuration.query?.query,
        destinationTable: configuration.load?.destinationTable?.tableId,
        dryRun: Boolean(configuration.dryRun),
        params: decodeParams(configuration.query ?? {}),
        media,
      };
      const stored = insert(res, jobId, info);
      if (stored) send(res, 200, stored.resource);
      return;
    }
    const jobGet = /\/jobs\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && jobGet) {
      const stored = stub.jobs.get(decodeURIComponent(jobGet[1]));
      if (!stored) return apiError(res, { code: 404, reason: 'notFound', message: 'Not found: Job' });
      stored.polls++;
      const done = stored.polls > (stored.outcome.pendingPolls ?? 0);
      stored.resource = resource(stored.info.jobId, stored.info, done ? 'DONE' : 'RUNNING', stored.outcome);
      return send(res, 200, stored.resource);
    }
    if (req.method === 'POST' && /\/queries$/.test(path)) {
      const jobId = `query_${stub.requests.length}`;
      const info: JobInfo = { jobId, kind: 'query', configuration: { query: b }, query: b.query, dryRun: false, params: decodeParams(b) };
      const stored = insert(res, jobId, info);
      if (!stored) return;
      if (stored.outcome.jobError) return apiError(res, { code: 400, ...stored.outcome.jobError });
      return send(res, 200, { ...queryResults(stored), kind: 'bigquery#queryResponse' });
    }
    const results = /\/queries\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && results) {
      const stored = stub.jobs.get(decodeURIComponent(results[1]));
      if (!stored) return apiError(res, { code: 404, reason: 'notFound', message: 'Not found: Job' });
      if (stored.outcome.jobError) return apiError(res, { code: 400, ...stored.outcome.jobError });
      return send(res, 200, queryResults(stored));
    }
    if (req.method === 'DELETE' && /\/tables\/[^/]+$/.test(path)) {
      res.statusCode = 204;
      return void res.end();
    }
    apiError(res, { code: 404, reason: 'notFound', message: `stub: no route for ${req.method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (err) {
        send(res, 500, { error: { code: 500, message: (err as Error).message, errors: [{ reason: 'internalError' }] } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return stub;
}

/** A fake OAuth client: the multipart upload path insists on an Authorization header. */
export function fakeAuthClient(): any {
  const { OAuth2Client } = require('google-auth-library') as typeof import('google-auth-library');
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'fake-test-token', expiry_date: Date.now() + 3600e3 });
  return client;
}

/**
 * teeny-request (the HTTP layer of @google-cloud/common) loads node-fetch with a dynamic
 * `import()`, which Jest's module sandbox refuses without --experimental-vm-modules. Tests load
 * it through Node's own require instead:
 *   jest.mock('teeny-request', () => require('../../support/bigqueryStub').nativeTeenyRequest());
 */
export function nativeTeenyRequest(): unknown {
  // Jest wraps module.createRequire too; Module._load (inherited from Node's class) is the real loader.
  const Module = require('node:module') as unknown as { _load(request: string, parent: unknown): unknown };
  return Module._load(require.resolve('teeny-request'), null);
}
