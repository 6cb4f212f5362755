// eBay REST over the shared HTTP client: Bearer user token, and both Content-Language and
// Accept-Language (sending only one has been seen to fail with 25709).
import { HttpClient, type HttpClientOptions } from '../http/client';

export interface EbayClientOptions {
  /** https://api.ebay.com (or a sandbox). */
  baseUrl: string;
  accessToken: string;
  /** Locale for Content-Language / Accept-Language (default en-US). */
  locale?: string;
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export function createEbayHttpClient(options: EbayClientOptions): HttpClient {
  const locale = options.locale ?? 'en-US';
  return new HttpClient({
    ...options.http,
    name: 'ebay',
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.accessToken}`, 'content-language': locale, 'accept-language': locale },
    secrets: [options.accessToken],
  });
}
