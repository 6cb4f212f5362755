// Login with Amazon: exchanges the seller's long-lived refresh token for the one-hour access token
// SP-API wants in x-amz-access-token, and reuses it until a minute before it expires. Shared by
// the pull streams and the stock writer, so a server running for weeks never sends a stale token.
import { ConfigError } from '../../errors';
import { jsonOrThrow } from '../http/jsonResult';
import { HttpClient } from '../http/client';
import type { Clock } from '../http/clock';

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

export interface LwaCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Default https://api.amazon.com/auth/o2/token. */
  lwaUrl?: string;
}

export interface LwaOptions {
  clock: Clock;
  timeoutMs?: number;
  /** Names the account in errors, e.g. "amazon/main". */
  label: string;
  /** Where the credentials come from, for the error that says they were refused. */
  credentialsHint: string;
  /** Told each new access token, so HTTP clients can scrub it from messages. */
  onToken?: (token: string) => void;
}

const RENEW_BEFORE_MS = 60_000;

export class LwaTokenSource {
  private readonly http: HttpClient;
  private readonly url: string;
  private current: { value: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly credentials: LwaCredentials,
    private readonly options: LwaOptions,
  ) {
    this.url = credentials.lwaUrl ?? LWA_TOKEN_URL;
    this.http = new HttpClient({ name: 'amazon-lwa', baseUrl: this.url, timeoutMs: options.timeoutMs, clock: options.clock, secrets: [credentials.clientSecret, credentials.refreshToken] });
  }

  /** A valid access token; concurrent callers share one exchange. */
  token(): Promise<string> {
    if (this.current && this.current.expiresAt - RENEW_BEFORE_MS > this.options.clock.now()) return Promise.resolve(this.current.value);
    this.pending ??= this.exchange().finally(() => (this.pending = null));
    return this.pending;
  }

  private async exchange(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: this.credentials.refreshToken,
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    }).toString();
    const result = await this.http.send({
      method: 'POST',
      path: this.url, // absolute: the client appends nothing
      rawBody: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      idempotent: true, // exchanging a refresh token twice is harmless
      operation: 'token',
    });
    if (result.kind === 'response' && (result.response.status === 400 || result.response.status === 401)) {
      throw new ConfigError(`${this.options.label}: Login with Amazon refused the client id, secret or refresh token (${this.options.credentialsHint})`, 'CD_CHANNEL_AUTH');
    }
    const answer = jsonOrThrow<{ access_token: string; expires_in: number }>(this.http, result, 'token');
    this.current = { value: answer.access_token, expiresAt: this.options.clock.now() + answer.expires_in * 1000 };
    this.options.onToken?.(answer.access_token);
    return answer.access_token;
  }
}
