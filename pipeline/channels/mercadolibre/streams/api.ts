// Read access for the pull streams: a thin facade over the one Mercado Libre client (../client.ts).
import { DataError } from '../../../errors';
import type { Clock, HttpClientOptions } from '../../http';
import { jsonOrThrow } from '../../http/jsonResult';
import { defaultStateDir } from '../../http/refreshTokenFile';
import { MercadoLibreClient } from '../client';
import type { MercadoLibreConfig } from '../config';

/** Mercado Libre's error body: { message, error, status, cause }. */
export interface MlError {
  message?: string;
  error?: string;
  status?: number;
  cause?: unknown[];
}

export class MercadoLibreReadApi {
  readonly client: MercadoLibreClient;

  constructor(
    readonly channel: MercadoLibreConfig,
    secrets: Record<string, string>,
    options: { clock: Clock; rateLimits: boolean; stateDir?: string | null; http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers' | 'limiter'>> },
  ) {
    this.client = new MercadoLibreClient({
      baseUrl: channel.baseUrl,
      authUrl: channel.authUrl,
      credentials: { clientId: secrets.clientId, clientSecret: secrets.clientSecret, refreshToken: secrets.refreshToken },
      stateDir: options.stateDir === undefined ? defaultStateDir() : options.stateDir,
      rateLimits: options.rateLimits,
      http: { timeoutMs: channel.timeoutSeconds * 1000, maxRetries: 6, ...options.http, clock: options.clock },
    });
  }

  async get<T>(operation: string, path: string, query: Record<string, string | number>): Promise<T> {
    const result = await this.client.send({ method: 'GET', path, query, operation });
    if (result.kind === 'response' && result.response.status === 400) {
      const body = (result.response.json ?? {}) as MlError;
      throw new DataError(`mercadolibre ${operation}: refused (${body.error ?? ''} ${body.message ?? result.response.text.slice(0, 300)})`.trim(), 'CD_CHANNEL_REFUSED');
    }
    return jsonOrThrow<T>(this.client.http, result, operation);
  }
}
