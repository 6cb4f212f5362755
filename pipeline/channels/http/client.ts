// One HTTP client for every channel API (stock writers here, order/report connectors later).
// It owns what every call needs and no channel should re-implement: base URL, per-request
// timeout, client-side rate limiting, retries with exponential back-off + full jitter on 429 /
// 5xx / network errors honouring Retry-After, and the rule that a non-idempotent call whose
// outcome is unknown (timed out after it was sent) is never retried blindly: the caller gets
// `unknown_outcome` and must read the channel's state first. Credentials travel in headers the
// caller passes; every message this module produces is redacted.
import { log } from '../../log';
import { DEFAULT_BACKOFF, backoffDelayMs, parseRetryAfterMs, type BackoffOptions } from './backoff';
import { systemClock, type Clock } from './clock';
import { isSecretHeader, redactSecrets, redactUrl } from './redact';
import { TokenBucket, type TokenBucketOptions } from './tokenBucket';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;

export interface HttpClientOptions {
  /** Channel name used in messages ("shopify", "amazon"…). */
  name: string;
  baseUrl: string;
  /** Sent with every request (auth goes here); never logged. */
  headers?: Record<string, string>;
  /** Extra secret values to scrub from messages (tokens echoed in bodies, app secrets). */
  secrets?: string[];
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** Longest Retry-After we accept before giving up and reporting the call as throttled. */
  maxRetryAfterMs?: number;
  /** Client-side rate limit for every call of this client (per-request limiters override it). */
  rate?: TokenBucketOptions | null;
  /**
   * A limiter shared with the other clients of the same channel account (./sharedLimiter.ts), used
   * instead of `rate`. A function is asked again at every call, so a client that sets no rate of
   * its own still follows one another client of the account registered later.
   */
  limiter?: TokenBucket | (() => TokenBucket | null) | null;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof fetch;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Appended to baseUrl; an absolute http(s) URL is used as is (presigned upload URLs). */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** JSON-encoded unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string | Uint8Array;
  /** Safe to resend when the outcome is unknown. Default: GET/PUT/DELETE yes, POST/PATCH no. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** A limiter for this operation (e.g. Amazon's per-operation rates); null disables the client's. */
  limiter?: TokenBucket | null;
  /**
   * Channel-specific inspection of an answer whose status hides a retryable failure (Shopify's
   * THROTTLED or INTERNAL_SERVER_ERROR inside HTTP 200): milliseconds to wait, 'backoff' for the
   * usual back-off, or null when the answer is final.
   */
  retryAfterMs?: (response: HttpResponse) => number | 'backoff' | null;
  /** The same hook in its first form (ms or null); kept for callers written against it. */
  throttledAfterMs?: (response: HttpResponse) => number | null;
  /** Called with every answer before any retry decision (cost-bucket syncing). */
  onResponse?: (response: HttpResponse) => void;
  /** Name for messages ("patchListingsItem"). */
  operation?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The raw body (for gzip downloads); `text` is its UTF-8 reading. */
  bytes: Buffer;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

export type HttpResult =
  /** The server answered (any status: 4xx are the caller's to interpret; 429/5xx only after retries ran out). */
  | { kind: 'response'; response: HttpResponse; attempts: number; waitedMs: number }
  /** A non-idempotent call was (maybe) delivered but no answer came: read state before resending. */
  | { kind: 'unknown_outcome'; message: string; attempts: number; waitedMs: number }
  /** The server could not be reached at all (nothing was delivered), after retries. */
  | { kind: 'unreachable'; message: string; attempts: number; waitedMs: number };

// Connection errors that prove the request never left this machine: always safe to retry.
/** How long one request may take before it is given up (writeback/recheck.ts waits this out after a crash). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class HttpClient {
  readonly name: string;
  readonly baseUrl: string;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly limiter: () => TokenBucket | null;
  private readonly secrets: string[];
  /** Every attempt that reached the wire (for call counting in benchmarks and tests). */
  callCount = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.name = options.name;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const shared = options.limiter;
    const own = options.rate ? new TokenBucket(options.rate, this.clock) : null;
    this.limiter = typeof shared === 'function' ? shared : shared ? () => shared : () => own;
    // Header values and their token part ("Bearer <token>" → "<token>") are all secrets.
    const headerSecrets = Object.entries(options.headers ?? {})
      .filter(([name]) => isSecretHeader(name))
      .flatMap(([, v]) => [v, v.split(' ').pop() ?? '']);
    this.secrets = [...(options.secrets ?? []), ...headerSecrets].filter((v) => v.length >= 8);
  }

  /** Scrubs one more value from messages (a short-lived token obtained after construction). */
  addSecret(value: string): void {
    if (value.length >= 8 && !this.secrets.includes(value)) this.secrets.push(value);
  }

  /** Builds the full URL of a request (exported for presigned-URL flows and tests). */
  url(path: string, query?: Record<string, QueryValue>): string {
    const base = /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
    const url = new URL(base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    return url.toString();
  }

  /** Scrubs credentials from a text before it goes into a message or the ledger. */
  redact(text: string): string {
    return redactSecrets(redactUrl(text), this.secrets);
  }

  async send(request: HttpRequest): Promise<HttpResult> {
    const idempotent = request.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(request.method);
    const maxRetries = this.options.maxRetries ?? 5;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    const maxRetryAfterMs = this.options.maxRetryAfterMs ?? 120_000;
    const limiter = request.limiter === undefined ? this.limiter() : request.limiter;
    const url = this.url(request.path, request.query);
    const operation = request.operation ?? `${request.method} ${new URL(url).pathname}`;
    let waitedMs = 0;

    for (let attempt = 0; ; attempt++) {
      if (limiter) waitedMs += await limiter.take();
      const outcome = await this.attempt(request, url);
      const attempts = attempt + 1;
      const retriesLeft = attempt < maxRetries;

      if (outcome.kind === 'error') {
        const message = this.redact(`${this.name} ${operation}: ${outcome.message}`);
        if (!outcome.notSent && !idempotent) {
          return { kind: 'unknown_outcome', message: `${message} (no answer after sending; the channel may or may not have applied it)`, attempts, waitedMs };
        }
        if (!retriesLeft) {
          return outcome.notSent
            ? { kind: 'unreachable', message, attempts, waitedMs }
            : { kind: 'unknown_outcome', message, attempts, waitedMs };
        }
        const delay = backoffDelayMs(attempt, backoff, this.random);
        log.debug({ channel: this.name, operation, attempt: attempts, delay_ms: delay }, 'network error, retrying');
        await this.clock.sleep(delay);
        waitedMs += delay;
        continue;
      }

      const response = outcome.response;
      request.onResponse?.(response);
      const hint = request.retryAfterMs?.(response) ?? request.throttledAfterMs?.(response) ?? null;
      const status = response.status;
      // A gateway timeout says nothing about whether the backend applied a write.
      if (status === 504 && !idempotent) {
        return { kind: 'unknown_outcome', message: this.redact(`${this.name} ${operation}: HTTP 504 gateway timeout (the channel may or may not have applied it)`), attempts, waitedMs };
      }
      const retryable = status === 429 || status >= 500 || hint !== null;
      if (!retryable || !retriesLeft) return { kind: 'response', response, attempts, waitedMs };

      const retryAfter = typeof hint === 'number' ? hint : parseRetryAfterMs(response.headers['retry-after'], this.clock.now());
      if (retryAfter !== null && retryAfter > maxRetryAfterMs) return { kind: 'response', response, attempts, waitedMs };
      // A 429 without Retry-After means our limiter was too optimistic: start it over empty.
      if (status === 429 && limiter && retryAfter === null) limiter.drain();
      const delay = retryAfter ?? backoffDelayMs(attempt, backoff, this.random);
      log.debug({ channel: this.name, operation, status, attempt: attempts, delay_ms: delay }, 'retrying after throttle or server error');
      await this.clock.sleep(delay);
      waitedMs += delay;
    }
  }

  private async attempt(
    request: HttpRequest,
    url: string,
  ): Promise<{ kind: 'response'; response: HttpResponse } | { kind: 'error'; message: string; notSent: boolean }> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...request.headers };
    let body: string | Uint8Array | undefined;
    if (request.rawBody !== undefined) body = request.rawBody;
    else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const fetchImpl = this.options.fetch ?? fetch;
    this.callCount++;
    try {
      const res = await fetchImpl(url, { method: request.method, headers, body: body as BodyInit | undefined, signal: this.clock.timeout?.(timeoutMs) ?? AbortSignal.timeout(timeoutMs) });
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, key) => (responseHeaders[key.toLowerCase()] = value));
      let json: unknown;
      if (text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      return { kind: 'response', response: { status: res.status, headers: responseHeaders, bytes, text, json } };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      const code = cause?.code ?? (err as { code?: string }).code;
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      const message = timedOut ? `timed out after ${timeoutMs} ms` : `${(err as Error).message}${code ? ` (${code})` : ''}`;
      return { kind: 'error', message, notSent: !timedOut && code !== undefined && NOT_SENT_CODES.has(code) };
    }
  }
}

/** A short, redacted description of an answer for PushOutcome.message. */
export function describeHttpFailure(client: HttpClient, result: HttpResult, operation: string): string {
  if (result.kind !== 'response') return result.message;
  const body = result.response.text.length > 500 ? `${result.response.text.slice(0, 500)}…` : result.response.text;
  return client.redact(`${client.name} ${operation}: HTTP ${result.response.status} ${body}`);
}
