// Read access to eBay's Sell Fulfillment API for the pull streams: a thin facade over the one eBay
// client (../client.ts: bearer token, language headers, retries, the account's shared budget).
import type { Clock, HttpClient, HttpClientOptions } from '../../http';
import { createEbayHttpClient } from '../client';
import type { EbayConfig } from '../config';
import { jsonOrThrow } from '../../http/jsonResult';
import { DataError } from '../../../errors';

export interface EbayError {
  errorId: number;
  message?: string;
  longMessage?: string;
}

export class EbayReadApi {
  readonly http: HttpClient;

  constructor(
    readonly channel: EbayConfig,
    token: string,
    clock: Clock,
    /** Extra HTTP options (tests inject fetch); the clock above wins. */
    http: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers' | 'limiter'>> = {},
  ) {
    this.http = createEbayHttpClient({ baseUrl: channel.baseUrl, accessToken: token, http: { timeoutMs: channel.timeoutSeconds * 1000, maxRetries: 6, ...http, clock } });
  }

  async get<T>(operation: string, path: string, query: Record<string, string | number>): Promise<T> {
    const result = await this.http.send({ method: 'GET', path, query, operation });
    if (result.kind === 'response' && result.response.status === 400) {
      // eBay explains a refused filter with error ids (30830: start not within 90 days…).
      const errors = (result.response.json as { errors?: EbayError[] } | undefined)?.errors ?? [];
      const text = errors.map((e) => `${e.errorId} ${e.longMessage ?? e.message ?? ''}`.trim()).join('; ');
      throw new DataError(`ebay ${operation}: refused (${text || result.response.text.slice(0, 300)})`, 'CD_CHANNEL_REFUSED');
    }
    return jsonOrThrow<T>(this.http, result, operation);
  }
}
