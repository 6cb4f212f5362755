// The one Shopify Admin GraphQL client, used by the pull streams (streams/api.ts, a thin reading
// facade) and the stock writer alike: version-pinned endpoint, access-token header, the cost
// bucket, one THROTTLED detector and the retries of the shared HTTP client. Before a call we wait
// until its estimated cost is available; every answer re-syncs the bucket from
// extensions.cost.throttleStatus; a THROTTLED answer (HTTP 200 or 429) is retried after
// (requested − available) / restoreRate seconds.
//
// The bucket is the shop's (per app + shop), so it comes from the shared limiter registry under
// the account key: a pull and a push to the same shop spend one budget and never exceed it
// together.
import { CostBucket, type ThrottleStatus } from '../http/costBucket';
import { HttpClient, type HttpClientOptions, type HttpResponse, type HttpResult } from '../http/client';
import { systemClock } from '../http/clock';
import { accountKey, sharedLimiter } from '../http/sharedLimiter';

/**
 * The bucket assumed until the first answer's extensions.cost.throttleStatus tells us the real
 * one (which then wins): the smallest documented one, the Standard plan's 1,000 points restoring
 * 100 points/s (channels.md §1.4, docs/pipeline.md; the sandbox's DEFAULT_SHOPIFY_COST).
 */
export const SHOPIFY_INITIAL_THROTTLE: ThrottleStatus = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 100 };

export interface ShopifyClientOptions {
  /** https://{shop}.myshopify.com, or a sandbox URL. */
  baseUrl: string;
  accessToken: string;
  /** Pinned Admin API version, e.g. "2026-01". */
  apiVersion: string;
  /** Assumed bucket until the first answer tells us the real one. */
  initialThrottle?: ThrottleStatus;
  /** false: no client-side cost bucket (benchmarks against sandboxes with limits off). Default true. */
  rateLimits?: boolean;
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export interface GraphqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: unknown[];
}

export type GraphqlResult<T> =
  | { kind: 'data'; data: T; errors?: GraphqlError[]; attempts: number }
  /** The server answered with errors and no data (schema error, throttled after all retries…). */
  | { kind: 'errors'; errors: GraphqlError[]; status: number; retryable: boolean; attempts: number }
  | { kind: 'http_error'; status: number; message: string; retryable: boolean; attempts: number }
  | { kind: 'unknown_outcome' | 'unreachable'; message: string; attempts: number };

interface GraphqlBody {
  data?: unknown;
  errors?: GraphqlError[] | string;
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

const RETRYABLE_CODES = new Set(['THROTTLED', 'INTERNAL_SERVER_ERROR']);

export class ShopifyClient {
  readonly http: HttpClient;
  /** The shop's cost bucket, shared with every other client of the same shop and token; null without rate limits. */
  readonly bucket: CostBucket | null;

  constructor(readonly options: ShopifyClientOptions) {
    const clock = options.http?.clock ?? systemClock;
    this.http = new HttpClient({
      ...options.http,
      clock,
      name: 'shopify',
      baseUrl: options.baseUrl,
      headers: { 'x-shopify-access-token': options.accessToken },
      secrets: [options.accessToken],
    });
    this.bucket =
      options.rateLimits === false
        ? null
        : sharedLimiter(`${shopifyAccountKey(options.baseUrl, options.accessToken)}|graphql-cost`, clock, () => new CostBucket(options.initialThrottle ?? SHOPIFY_INITIAL_THROTTLE, clock));
  }

  get endpoint(): string {
    return `/admin/api/${this.options.apiVersion}/graphql.json`;
  }

  /**
   * Runs one GraphQL document. `idempotent` says whether resending after a lost answer is safe
   * (reads; mutations carrying an @idempotent key).
   */
  async graphql<T>(query: string, variables: Record<string, unknown>, options: { estimatedCost: number; idempotent: boolean; operation: string }): Promise<GraphqlResult<T>> {
    const result = await this.send(query, variables, options);
    if (result.kind !== 'response') return { kind: result.kind, message: result.message, attempts: result.attempts };
    const { response, attempts } = result;
    const body = (response.json ?? {}) as GraphqlBody;
    const errors = typeof body.errors === 'string' ? [{ message: body.errors }] : body.errors;
    if (response.status !== 200 && !(errors && errors.length > 0 && body.data === undefined)) {
      return {
        kind: 'http_error',
        status: response.status,
        message: this.http.redact(`shopify ${options.operation}: HTTP ${response.status} ${response.text.slice(0, 300)}`),
        retryable: response.status === 429 || response.status >= 500,
        attempts,
      };
    }
    if (body.data === undefined || body.data === null) {
      const list = errors ?? [{ message: 'empty answer' }];
      return { kind: 'errors', errors: list, status: response.status, retryable: list.some((e) => RETRYABLE_CODES.has(e.extensions?.code ?? '')) || response.status >= 500, attempts };
    }
    return { kind: 'data', data: body.data as T, errors, attempts };
  }

  /**
   * Sends one GraphQL document through the bucket and the retries, and returns the raw answer
   * (the pull streams turn it into typed errors with jsonOrThrow).
   */
  async send(query: string, variables: Record<string, unknown>, options: { estimatedCost: number; idempotent: boolean; operation: string }): Promise<HttpResult> {
    if (this.bucket) await this.bucket.reserve(Math.min(options.estimatedCost, this.bucket.maximumAvailable));
    return this.http.send({
      method: 'POST',
      path: this.endpoint,
      body: { query, variables },
      idempotent: options.idempotent,
      operation: options.operation,
      onResponse: (response) => this.syncBucket(response),
      retryAfterMs: (response) => shopifyRetryHint(response, options.idempotent),
    });
  }

  private syncBucket(response: HttpResponse): void {
    const status = (response.json as GraphqlBody | undefined)?.extensions?.cost?.throttleStatus;
    if (status && typeof status.currentlyAvailable === 'number') this.bucket?.sync(status);
  }
}

/** The account key of a shop for the shared limiter registry (the token is only digested). */
export function shopifyAccountKey(baseUrl: string, accessToken: string): string {
  return accountKey('shopify', baseUrl, accessToken);
}

/**
 * The one THROTTLED detector: milliseconds to wait before resending, 'backoff' for the usual
 * back-off, or null when the answer is final. A Retry-After header wins; an INTERNAL_SERVER_ERROR
 * is resent only when the call is idempotent (a query, or a mutation with an @idempotent key).
 */
export function shopifyRetryHint(response: HttpResponse, idempotent: boolean): number | 'backoff' | null {
  const body = response.json as GraphqlBody | undefined;
  if (!body || typeof body.errors === 'string' || !body.errors) return null;
  const codes = body.errors.map((e) => e.extensions?.code);
  if (codes.includes('THROTTLED')) {
    const cost = body.extensions?.cost;
    const status = cost?.throttleStatus;
    if (response.headers['retry-after'] !== undefined) return null; // the header wins
    if (!status || !cost?.requestedQueryCost || !(status.restoreRate > 0)) return 'backoff';
    const missing = Math.max(0, Math.min(cost.requestedQueryCost, status.maximumAvailable) - status.currentlyAvailable);
    return Math.ceil((missing / status.restoreRate) * 1000) + 50;
  }
  // An internal error says nothing about whether a mutation ran: only resend what is idempotent.
  if (body.data === undefined && codes.includes('INTERNAL_SERVER_ERROR') && idempotent) return 'backoff';
  return null;
}
