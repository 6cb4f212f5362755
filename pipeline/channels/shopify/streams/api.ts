// Read access to the Shopify Admin GraphQL API for the pull streams: one POST per query on the
// shared HTTP client, paced by the shop's cost bucket (channels.md §1.4). The bucket size is read
// from every answer's `extensions.cost.throttleStatus`, never hard-coded; a THROTTLED answer (HTTP
// 200 or 429) waits (requested − available) / restoreRate and is retried by the client.
import { CostBucket, HttpClient, type Clock, type HttpResponse, type ThrottleStatus } from '../../http';
import { DataError } from '../../../errors';
import type { ShopifyConfig } from '../config';
import { jsonOrThrow } from '../../http/jsonResult';

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } };
}

// Until the first answer tells us the real bucket: the smallest documented one (Standard plan).
const INITIAL_BUCKET: ThrottleStatus = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 100 };

export class ShopifyReadApi {
  readonly http: HttpClient;
  readonly bucket: CostBucket | null;

  constructor(
    readonly channel: ShopifyConfig,
    token: string,
    clock: Clock,
    rateLimits: boolean,
  ) {
    this.http = new HttpClient({
      name: 'shopify',
      baseUrl: channel.baseUrl ?? `https://${channel.shop}.myshopify.com`,
      headers: { 'x-shopify-access-token': token },
      timeoutMs: channel.timeoutSeconds * 1000,
      clock,
      maxRetries: 8,
    });
    this.bucket = rateLimits ? new CostBucket(INITIAL_BUCKET, clock) : null;
  }

  /** Runs one query; `estimatedCost` is reserved in the bucket before sending. */
  async query<T>(operation: string, query: string, variables: Record<string, unknown>, estimatedCost: number): Promise<T> {
    if (this.bucket) await this.bucket.reserve(Math.min(estimatedCost, this.bucket.maximumAvailable));
    const result = await this.http.send({
      method: 'POST',
      path: `/admin/api/${this.channel.apiVersion}/graphql.json`,
      body: { query, variables },
      idempotent: true, // a query changes nothing
      operation,
      onResponse: (response) => {
        const status = (response.json as GraphqlAnswer<unknown> | undefined)?.extensions?.cost?.throttleStatus;
        if (status && this.bucket) this.bucket.sync(status);
      },
      throttledAfterMs: throttleWaitMs,
    });
    const answer = jsonOrThrow<GraphqlAnswer<T>>(this.http, result, operation);
    if (answer?.errors?.length || !answer?.data) {
      const errors = answer?.errors;
      const codes = Array.isArray(errors) ? errors.map((e) => e.extensions?.code ?? e.message).join(', ') : String(errors ?? 'no data');
      throw new DataError(`shopify ${operation}: the query was refused (${codes})`, 'CD_CHANNEL_REFUSED');
    }
    return answer.data;
  }
}

/** How long to wait after a THROTTLED answer, or null when the answer is not a throttle. */
export function throttleWaitMs(response: HttpResponse): number | null {
  const answer = response.json as GraphqlAnswer<unknown> | undefined;
  const throttled = Array.isArray(answer?.errors) && answer.errors.some((e) => e.extensions?.code === 'THROTTLED');
  if (!throttled) return null;
  const cost = answer?.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!status || !cost?.requestedQueryCost || !(status.restoreRate > 0)) return 1000;
  return Math.max(0, Math.ceil(((cost.requestedQueryCost - status.currentlyAvailable) / status.restoreRate) * 1000));
}

/** The numeric tail of a Shopify GID ("gid://shopify/Order/42" → "42"); other ids pass through. */
export function gidNumber(id: string): string {
  const match = /\/(\d+)$/.exec(id);
  return match ? match[1] : id;
}
