// SP-API over the shared HTTP client: the LWA access token in x-amz-access-token (no SigV4 since
// 2023-10), one token bucket per operation at its documented rate, and a second, token-less
// client for presigned document URLs (they are S3 URLs: our token must never go there).
import { HttpClient, type HttpClientOptions, type HttpRequest, type HttpResult } from '../http/client';
import { systemClock } from '../http/clock';
import { TokenBucket, type TokenBucketOptions } from '../http/tokenBucket';
import { LwaTokenSource, type LwaCredentials } from './lwa';
import { AMAZON_RATES } from './rates';

/**
 * The documented rates (./rates), except that the client bursts one request less than Amazon
 * allows: that spare token absorbs network jitter (two
 * requests sent 200 ms apart can arrive 150 ms apart) so a steady stream meets no 429.
 */
export const SP_API_RATES: Record<string, TokenBucketOptions> = Object.fromEntries(
  Object.entries(AMAZON_RATES).map(([operation, rate]) => [operation, { ...rate, burst: rate.burst - 1 }]),
);

/** A fixed access token (it expires within the hour: tests, one-off runs), or Login with Amazon credentials that keep one fresh. */
export type SpApiCredentials = { accessToken: string } | { lwa: LwaCredentials };

export interface SpApiClientOptions {
  /** https://sellingpartnerapi-na.amazon.com (or a sandbox). */
  baseUrl: string;
  credentials: SpApiCredentials;
  rates?: Partial<Record<string, TokenBucketOptions>>;
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export class SpApiClient {
  readonly http: HttpClient;
  /** For presigned upload/download URLs: no credentials, no rate limit. */
  readonly documents: HttpClient;
  private readonly limiters = new Map<string, TokenBucket>();
  private readonly token: () => Promise<string>;

  constructor(options: SpApiClientOptions) {
    const clock = options.http?.clock ?? systemClock;
    const { credentials } = options;
    const fixed = 'accessToken' in credentials ? credentials.accessToken : null;
    this.http = new HttpClient({ ...options.http, clock, name: 'amazon', baseUrl: options.baseUrl, secrets: fixed ? [fixed] : [], rate: null });
    if ('lwa' in credentials) {
      const lwa = new LwaTokenSource(credentials.lwa, { clock, timeoutMs: options.http?.timeoutMs, label: 'amazon', credentialsHint: 'check CROSSDOCK_AMAZON_CLIENT_ID, CROSSDOCK_AMAZON_CLIENT_SECRET and CROSSDOCK_AMAZON_REFRESH_TOKEN', onToken: (token) => this.http.addSecret(token) });
      this.token = () => lwa.token();
    } else {
      this.token = () => Promise.resolve(credentials.accessToken);
    }
    this.documents = new HttpClient({ ...options.http, clock, name: 'amazon-documents', baseUrl: options.baseUrl, rate: null });
    const rates = { ...SP_API_RATES, ...options.rates };
    for (const [operation, rate] of Object.entries(rates)) if (rate) this.limiters.set(operation, new TokenBucket(rate, clock));
  }

  /** Sends an SP-API operation through its own rate limiter. */
  async call(operation: string, request: Omit<HttpRequest, 'operation' | 'limiter'>): Promise<HttpResult> {
    const headers = { ...request.headers, 'x-amz-access-token': await this.token() };
    return this.http.send({ ...request, headers, operation, limiter: this.limiters.get(operation) ?? null });
  }

  /** Total calls made (API + documents), for benchmarks. */
  get callCount(): number {
    return this.http.callCount + this.documents.callCount;
  }
}

/** The first SP-API error of an answer as "code: message". */
export function spApiErrorText(json: unknown): string {
  const errors = (json as { errors?: { code?: string; message?: string }[] } | undefined)?.errors;
  return errors && errors.length > 0 ? errors.map((e) => `${e.code ?? 'Error'}: ${e.message ?? ''}`).join('; ') : '';
}
