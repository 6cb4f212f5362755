// The one Mercado Libre API client, shared by the pull streams and the stock writer.
//
// OAuth: every call carries `Authorization: Bearer <access token>`; access tokens live about six
// hours (expires_in 21600) and are renewed with POST /oauth/token grant_type=refresh_token. The
// refresh token is single-use and rotates: each renewal answers a new one and the old one is dead
// (400 invalid_grant). So the newest refresh token is kept once per process (every client of the
// same app + seller token shares it, with one renewal in flight at a time) and, when it rotates,
// written to a 0600 file under CROSSDOCK_STATE_DIR (default .crossdock/), keyed by a digest of the
// configured token: a restart with the same environment picks up the rotated token instead of the
// dead one. A 401 renews once and resends once; 429 (`local_rate_limited`) and 5xx go through the
// shared HTTP client's retries. /user-products/{id}/stock has a documented 100 requests/minute.
import { defaultStateDir, RefreshTokenFile, sha256 } from '../http/refreshTokenFile';
import { ConfigError, RetryLaterError } from '../../errors';
import { describeHttpFailure, HttpClient, type HttpClientOptions, type HttpRequest, type HttpResult } from '../http/client';
import { systemClock, type Clock } from '../http/clock';
import { accountKey, sharedLimiter, sharedRate } from '../http/sharedLimiter';
import { TokenBucket, type TokenBucketOptions } from '../http/tokenBucket';

export interface MercadoLibreCredentials {
  clientId: string;
  clientSecret: string;
  /** The refresh token the deployment was configured with (a newer rotated one may be on file). */
  refreshToken: string;
}

export interface MercadoLibreClientOptions {
  /** https://api.mercadolibre.com (or a sandbox). */
  baseUrl: string;
  /** The token endpoint (default `<baseUrl>/oauth/token`). */
  authUrl?: string;
  credentials: MercadoLibreCredentials;
  /** Folder of the rotated refresh token file; null keeps it in memory only (sandboxes). */
  stateDir?: string | null;
  /** false: no client-side limiting (benches against sandboxes with limits off). */
  rateLimits?: boolean;
  /** `rate` here is the account's shared request budget (none by default: none documented for items/orders). */
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers' | 'limiter'>>;
}

/** Documented for /user-products/{id}/stock: 100 requests per minute (burst is ours). */
export const USER_PRODUCT_STOCK_RATE: TokenBucketOptions = { ratePerSecond: 100 / 60, burst: 10 };
/** Renew this long before the access token's announced expiry. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export type MlRequest = HttpRequest & { /** Counted against the user-products stock limit. */ userProductStock?: boolean };

interface TokenState {
  /** The newest refresh token this process knows. */
  refreshToken: string;
  /** Where it came from: the configured environment or the state file. */
  from: 'env' | 'file';
  accessToken: string | null;
  expiresAtMs: number;
  refreshing: Promise<void> | null;
}

const tokenStates = new Map<string, TokenState>();

/** Forgets the process-wide token states (tests that restart a sandbox on the same port). */
export function resetMercadoLibreTokens(): void {
  tokenStates.clear();
}

interface OAuthAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  user_id?: number;
  error?: string;
  message?: string;
}

export class MercadoLibreClient {
  readonly http: HttpClient;
  readonly authUrl: string;
  /** Renewals made by this client (tests). */
  refreshes = 0;
  private readonly clock: Clock;
  private readonly key: string;
  private readonly state: TokenState;
  private readonly stockLimiter: TokenBucket | null;
  private readonly file: RefreshTokenFile | null;

  constructor(private readonly options: MercadoLibreClientOptions) {
    const { rate, ...http } = options.http ?? {};
    this.clock = http.clock ?? systemClock;
    this.authUrl = options.authUrl ?? `${options.baseUrl.replace(/\/+$/, '')}/oauth/token`;
    const { clientId, clientSecret, refreshToken } = options.credentials;
    this.key = accountKey('mercadolibre', this.authUrl, [clientId, refreshToken]);
    const stateDir = options.stateDir === undefined ? defaultStateDir() : options.stateDir;
    // The file is named after the app and seller, not the seed token: a rotated chain stays in one file.
    this.file = stateDir ? new RefreshTokenFile(stateDir, 'mercadolibre', sha256(`${this.authUrl}|${clientId}`).slice(0, 16)) : null;
    const limits = options.rateLimits ?? true;
    this.http = new HttpClient({
      ...http,
      clock: this.clock,
      name: 'mercadolibre',
      baseUrl: options.baseUrl,
      secrets: [clientSecret, refreshToken],
      rate: null,
      limiter: limits ? sharedRate(`${this.key}|requests`, this.clock, rate) : null,
    });
    this.stockLimiter = limits ? sharedLimiter(`${this.key}|user-products-stock`, this.clock, () => new TokenBucket(USER_PRODUCT_STOCK_RATE, this.clock)) : null;
    let state = tokenStates.get(this.key);
    if (!state) {
      const start = this.file ? this.file.refreshTokenFor(refreshToken) : refreshToken;
      state = { refreshToken: start, from: start !== refreshToken ? 'file' : 'env', accessToken: null, expiresAtMs: 0, refreshing: null };
      tokenStates.set(this.key, state);
    }
    this.state = state;
    this.http.addSecret(state.refreshToken);
  }

  /** The newest refresh token of this account in the process (tests, diagnostics: never log it). */
  get currentRefreshToken(): string {
    return this.state.refreshToken;
  }

  /** Where a rotated refresh token is kept (null: memory only). */
  get stateFile(): string | null {
    return this.file?.path ?? null;
  }

  /** One authenticated call: a valid access token first, and one renewal + resend on 401. */
  async send(request: MlRequest): Promise<HttpResult> {
    const { userProductStock, ...rest } = request;
    const limiter = userProductStock && this.stockLimiter ? this.stockLimiter : rest.limiter;
    await this.ensureToken();
    const used = this.state.accessToken!;
    const first = await this.http.send({ ...rest, limiter, headers: { ...rest.headers, authorization: `Bearer ${used}` } });
    if (first.kind !== 'response' || first.response.status !== 401) return first;
    await this.renew(used);
    return this.http.send({ ...rest, limiter, headers: { ...rest.headers, authorization: `Bearer ${this.state.accessToken!}` } });
  }

  private async ensureToken(): Promise<void> {
    if (this.state.accessToken && this.clock.now() < this.state.expiresAtMs - EXPIRY_MARGIN_MS) return;
    await this.renew(this.state.accessToken);
  }

  /** Renews unless another call already replaced `stale`; one renewal in flight per account. */
  private async renew(stale: string | null): Promise<void> {
    if (this.state.refreshing) return this.state.refreshing;
    if (stale !== this.state.accessToken) return;
    this.state.refreshing = this.exchange().finally(() => (this.state.refreshing = null));
    return this.state.refreshing;
  }

  private async exchange(): Promise<void> {
    const answer = await this.postRefresh(this.state.refreshToken);
    if (answer.kind === 'invalid_grant' && this.state.from === 'file' && this.state.refreshToken !== this.options.credentials.refreshToken) {
      // The token on file was refused (revoked, or a newer one was issued elsewhere): the configured one may be newer.
      this.state.refreshToken = this.options.credentials.refreshToken;
      this.state.from = 'env';
      return this.exchange();
    }
    if (answer.kind === 'invalid_grant') {
      throw new ConfigError(
        `mercadolibre: the refresh token was refused (${answer.detail}). Refresh tokens are single-use: authorise the app again and set the new refresh token in the environment variable named in crossdock.config.json.`,
        'CD_CHANNEL_AUTH',
      );
    }
    const { access_token: access, refresh_token: refresh, expires_in: expiresIn } = answer.body;
    this.refreshes += 1;
    this.http.addSecret(access!);
    this.state.accessToken = access!;
    this.state.expiresAtMs = this.clock.now() + (expiresIn ?? 21_600) * 1000;
    if (refresh && refresh !== this.state.refreshToken) {
      this.http.addSecret(refresh);
      this.state.refreshToken = refresh;
      this.state.from = 'file';
      this.persist(refresh);
    }
  }

  private async postRefresh(refreshToken: string): Promise<{ kind: 'ok'; body: OAuthAnswer } | { kind: 'invalid_grant'; detail: string }> {
    const { clientId, clientSecret } = this.options.credentials;
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken });
    const result = await this.http.send({
      method: 'POST',
      path: this.authUrl,
      rawBody: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      idempotent: false,
      operation: 'oauthToken',
    });
    if (result.kind !== 'response') {
      throw new RetryLaterError(`${result.message}: the token renewal got no answer; if it was applied the refresh token in use is spent and the app must be authorised again`, 'CD_CHANNEL_UNAVAILABLE');
    }
    const body = (result.response.json ?? {}) as OAuthAnswer;
    const { status } = result.response;
    if (status === 200 && body.access_token) return { kind: 'ok', body };
    if (status === 400 && (body.error === 'invalid_grant' || body.message === 'invalid_grant')) return { kind: 'invalid_grant', detail: `${body.error}: ${body.message ?? ''}`.trim() };
    const detail = describeHttpFailure(this.http, result, 'oauthToken');
    if (status === 429 || status >= 500) throw new RetryLaterError(`${detail} (still failing after retries)`, 'CD_CHANNEL_UNAVAILABLE');
    throw new ConfigError(`${detail}. Check the client id and secret named in crossdock.config.json.`, 'CD_CHANNEL_AUTH');
  }

  private persist(refreshToken: string): void {
    this.file?.save(this.options.credentials.refreshToken, refreshToken, new Date(this.clock.now()));
  }
}
