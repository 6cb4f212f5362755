// Read access to the Selling Partner API for the pull streams: a Login-with-Amazon access token
// (refreshed before it expires) on the shared HTTP client, and one token bucket per Reports API
// operation at the documented rates (channels.md §0), so a long pull never earns a QuotaExceeded.
import { HttpClient, TokenBucket, type Clock, type TokenBucketOptions } from '../../http';
import type { AmazonConfig } from '../../../config/schema';
import { jsonOrThrow } from '../../../scheduler/httpResult';
import { ConfigError } from '../../../errors';

/** Reports API 2021-06-30 rates (requests per second / burst), from the published models. */
export const REPORT_RATES: Record<'createReport' | 'getReport' | 'getReports' | 'getReportDocument', TokenBucketOptions> = {
  createReport: { ratePerSecond: 0.0167, burst: 15 },
  getReport: { ratePerSecond: 2, burst: 15 },
  getReports: { ratePerSecond: 0.0222, burst: 10 },
  getReportDocument: { ratePerSecond: 0.0167, burst: 15 },
};

export type ReportOperation = keyof typeof REPORT_RATES;

export class AmazonReadApi {
  readonly http: HttpClient;
  private readonly lwa: HttpClient;
  private readonly limiters: Partial<Record<ReportOperation, TokenBucket>> = {};
  private accessToken: { value: string; expiresAt: number } | null = null;

  constructor(
    readonly channel: AmazonConfig,
    private readonly secrets: Record<string, string>,
    readonly clock: Clock,
    rateLimits: boolean,
  ) {
    const secretValues = Object.values(secrets);
    this.http = new HttpClient({ name: 'amazon', baseUrl: channel.baseUrl, timeoutMs: channel.timeoutSeconds * 1000, clock, secrets: secretValues, maxRetries: 6 });
    this.lwa = new HttpClient({ name: 'amazon-lwa', baseUrl: channel.lwaUrl, timeoutMs: channel.timeoutSeconds * 1000, clock, secrets: secretValues });
    if (rateLimits) {
      for (const [operation, rate] of Object.entries(REPORT_RATES)) this.limiters[operation as ReportOperation] = new TokenBucket(rate, clock);
    }
  }

  /** A valid access token (exchanged from the refresh token; reused until a minute before expiry). */
  async token(): Promise<string> {
    if (this.accessToken && this.accessToken.expiresAt - 60_000 > this.clock.now()) return this.accessToken.value;
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: this.secrets.refreshToken,
      client_id: this.secrets.clientId,
      client_secret: this.secrets.clientSecret,
    }).toString();
    const result = await this.lwa.send({
      method: 'POST',
      path: this.channel.lwaUrl, // absolute: the client appends nothing
      rawBody: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      idempotent: true, // exchanging a refresh token twice is harmless
      operation: 'token',
    });
    if (result.kind === 'response' && (result.response.status === 400 || result.response.status === 401)) {
      throw new ConfigError(`amazon/${this.channel.account}: Login with Amazon refused the client id, secret or refresh token (check the variables named in crossdock.config.json)`, 'CD_CHANNEL_AUTH');
    }
    const answer = jsonOrThrow<{ access_token: string; expires_in: number }>(this.lwa, result, 'token');
    this.accessToken = { value: answer.access_token, expiresAt: this.clock.now() + answer.expires_in * 1000 };
    return answer.access_token;
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
