// Read access to the Shopify Admin GraphQL API for the pull streams: a thin facade over the one
// Shopify client (../client.ts), which owns the token header, the shop's cost bucket (shared with
// the stock writer of the same shop through the limiter registry), THROTTLED detection and
// retries. This module only turns answers into rows or typed errors.
import type { Clock, HttpClient, HttpClientOptions } from '../../http';
import type { CostBucket } from '../../http/costBucket';
import { DataError } from '../../../errors';
import type { ShopifyConfig } from '../config';
import { jsonOrThrow } from '../../http/jsonResult';
import { ShopifyClient } from '../client';

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class ShopifyReadApi {
  readonly client: ShopifyClient;

  constructor(
    readonly channel: ShopifyConfig,
    token: string,
    clock: Clock,
    rateLimits: boolean,
    /** Extra HTTP options (tests inject fetch); the clock and rateLimits above win. */
    http: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>> = {},
  ) {
    this.client = new ShopifyClient({
      baseUrl: channel.baseUrl ?? `https://${channel.shop}.myshopify.com`,
      accessToken: token,
      apiVersion: channel.apiVersion,
      rateLimits,
      http: { timeoutMs: channel.timeoutSeconds * 1000, maxRetries: 8, ...http, clock },
    });
  }

  get http(): HttpClient {
    return this.client.http;
  }

  /** The shop's cost bucket (shared with the writer), or null without rate limits. */
  get bucket(): CostBucket | null {
    return this.client.bucket;
  }

  /** Runs one query; `estimatedCost` is reserved in the bucket before sending. */
  async query<T>(operation: string, query: string, variables: Record<string, unknown>, estimatedCost: number): Promise<T> {
    // A query changes nothing: always safe to resend.
    const result = await this.client.send(query, variables, { estimatedCost, idempotent: true, operation });
    const answer = jsonOrThrow<GraphqlAnswer<T>>(this.http, result, operation);
    if (answer?.errors?.length || !answer?.data) {
      const errors = answer?.errors;
      const codes = Array.isArray(errors) ? errors.map((e) => e.extensions?.code ?? e.message).join(', ') : String(errors ?? 'no data');
      throw new DataError(`shopify ${operation}: the query was refused (${codes})`, 'CD_CHANNEL_REFUSED');
    }
    return answer.data;
  }
}

/** The numeric tail of a Shopify GID ("gid://shopify/Order/42" → "42"); other ids pass through. */
export function gidNumber(id: string): string {
  const match = /\/(\d+)$/.exec(id);
  return match ? match[1] : id;
}
