// SP-API over the shared HTTP client: the LWA access token in x-amz-access-token (no SigV4 since
// 2023-10), one token bucket per operation at its documented rate, and a second, token-less
// client for presigned document URLs (they are S3 URLs: our token must never go there).
import { HttpClient, type HttpClientOptions, type HttpRequest, type HttpResult } from '../http/client';
import { systemClock } from '../http/clock';
import { TokenBucket, type TokenBucketOptions } from '../http/tokenBucket';
import { AMAZON_RATES } from './rates';

/**
 * The documented rates (./rates), except that the client bursts one request less than Amazon
 * allows: that spare token absorbs network jitter (two
 * requests sent 200 ms apart can arrive 150 ms apart) so a steady stream meets no 429.
 */
export const SP_API_RATES: Record<string, TokenBucketOptions> = Object.fromEntries(
  Object.entries(AMAZON_RATES).map(([operation, rate]) => [operation, { ...rate, burst: rate.burst - 1 }]),
);

export interface SpApiClientOptions {
  /** https://sellingpartnerapi-na.amazon.com (or a sandbox). */
  baseUrl: string;
  accessToken: string;
  rates?: Partial<Record<string, TokenBucketOptions>>;
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export class SpApiClient {
  readonly http: HttpClient;
  /** For presigned upload/download URLs: no credentials, no rate limit. */
  readonly documents: HttpClient;
  private readonly limiters = new Map<string, TokenBucket>();

  constructor(options: SpApiClientOptions) {
    const clock = options.http?.clock ?? systemClock;
    this.http = new HttpClient({ ...options.http, clock, name: 'amazon', baseUrl: options.baseUrl, headers: { 'x-amz-access-token': options.accessToken }, secrets: [options.accessToken], rate: null });
    this.documents = new HttpClient({ ...options.http, clock, name: 'amazon-documents', baseUrl: options.baseUrl, rate: null });
    const rates = { ...SP_API_RATES, ...options.rates };
    for (const [operation, rate] of Object.entries(rates)) if (rate) this.limiters.set(operation, new TokenBucket(rate, clock));
  }

  /** Sends an SP-API operation through its own rate limiter. */
  call(operation: string, request: Omit<HttpRequest, 'operation' | 'limiter'>): Promise<HttpResult> {
    return this.http.send({ ...request, operation, limiter: this.limiters.get(operation) ?? null });
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
