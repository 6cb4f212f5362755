// Read access to eBay's Sell Fulfillment API for the pull streams, on the shared HTTP client
// (OAuth user token as a bearer header; 429 and 5xx retried with back-off by the client).
import { HttpClient, type Clock } from '../../http';
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
  ) {
    this.http = new HttpClient({
      name: 'ebay',
      baseUrl: channel.baseUrl,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: channel.timeoutSeconds * 1000,
      clock,
      maxRetries: 6,
    });
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
