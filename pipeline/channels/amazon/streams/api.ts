// Read access to the Selling Partner API for the pull streams: a Login-with-Amazon access token
// (refreshed before it expires) on the shared HTTP client, and one token bucket per Reports API
// operation at the documented rates (../rates.ts), so a long pull never earns a QuotaExceeded.
import { HttpClient, TokenBucket, type Clock } from '../../http';
import { AMAZON_RATES, REPORT_OPERATIONS, type ReportOperation } from '../rates';
import type { AmazonConfig } from '../config';
import { LwaTokenSource } from '../lwa';
import { jsonOrThrow } from '../../http/jsonResult';

export type { ReportOperation };

export class AmazonReadApi {
  readonly http: HttpClient;
  private readonly lwa: LwaTokenSource;
  private readonly limiters: Partial<Record<ReportOperation, TokenBucket>> = {};

  constructor(
    readonly channel: AmazonConfig,
    secrets: Record<string, string>,
    readonly clock: Clock,
    rateLimits: boolean,
  ) {
    this.http = new HttpClient({ name: 'amazon', baseUrl: channel.baseUrl, timeoutMs: channel.timeoutSeconds * 1000, clock, secrets: Object.values(secrets), maxRetries: 6 });
    this.lwa = new LwaTokenSource(
      { clientId: secrets.clientId, clientSecret: secrets.clientSecret, refreshToken: secrets.refreshToken, lwaUrl: channel.lwaUrl },
      { clock, timeoutMs: channel.timeoutSeconds * 1000, label: `amazon/${channel.account}`, credentialsHint: 'check the variables named in crossdock.config.json', onToken: (token) => this.http.addSecret(token) },
    );
    if (rateLimits) {
      for (const operation of REPORT_OPERATIONS) this.limiters[operation] = new TokenBucket(AMAZON_RATES[operation], clock);
    }
  }

  /** A valid access token (exchanged from the refresh token; reused until a minute before expiry). */
  token(): Promise<string> {
    return this.lwa.token();
  }

  async call<T>(operation: ReportOperation, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = await this.token();
    const result = await this.http.send({
      method,
      path,
      body,
      headers: { 'x-amz-access-token': token },
      // createReport is safe to resend: a duplicate request only makes a second report.
      idempotent: true,
      limiter: this.limiters[operation] ?? null,
      operation,
    });
    return jsonOrThrow<T>(this.http, result, operation);
  }
}
