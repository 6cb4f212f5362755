// The one eBay REST client, used by the pull streams (streams/api.ts, a thin reading facade) and
// the stock writer alike: Bearer user token, both Content-Language and Accept-Language (sending
// only one has been seen to fail with 25709), and the shared HTTP client's retries (429 errorId
// 2001 with Retry-After, 5xx). eBay documents daily call quotas, not a per-second rate, so there
// is no default limiter; when a caller sets `http.rate`, it becomes the account's budget in the
// shared limiter registry and every other client of the same account (same base URL and token)
// follows it, even one created without a rate.
import { HttpClient, type HttpClientOptions } from '../http/client';
import { systemClock } from '../http/clock';
import { accountKey, sharedRate } from '../http/sharedLimiter';

export interface EbayClientOptions {
  /** https://api.ebay.com (or a sandbox). */
  baseUrl: string;
  accessToken: string;
  /** Locale for Content-Language / Accept-Language (default en-US). */
  locale?: string;
  /** `rate` here is the account's shared request budget (none by default). */
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers' | 'limiter'>>;
}

/** The account key of an eBay user token for the shared limiter registry (the token is only digested). */
export function ebayAccountKey(baseUrl: string, accessToken: string): string {
  return `${accountKey('ebay', baseUrl, accessToken)}|requests`;
}

export function createEbayHttpClient(options: EbayClientOptions): HttpClient {
  const locale = options.locale ?? 'en-US';
  const { rate, ...http } = options.http ?? {};
  const clock = http.clock ?? systemClock;
  return new HttpClient({
    ...http,
    clock,
    name: 'ebay',
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.accessToken}`, 'content-language': locale, 'accept-language': locale },
    secrets: [options.accessToken],
    rate: null,
    limiter: sharedRate(ebayAccountKey(options.baseUrl, options.accessToken), clock, rate),
  });
}
