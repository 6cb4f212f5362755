// The one Shopee Open Platform v2 client, shared by the pull streams and the stock writer. Every
// call is signed (./api/sign.ts) with the common parameters in the query (partner_id, timestamp,
// sign, and for Shop APIs access_token + shop_id); GET parameters go in the query, POST ones in a
// JSON body. The access token (valid 4 h) is obtained and renewed with the refresh token
// (/api/v2/auth/access_token/get), which rotates on every refresh: the newest one is kept in
// memory, shared by every client of the same shop in this process, and persisted (../http/refreshTokenFile.ts).
// A call refused for an expired or unknown access token is refreshed once and resent. Throttling
// is recognised one way only, HTTP 429, and waited out with 5xx by the shared HttpClient; calls
// are paced by one TokenBucket per shop.
import { HttpClient, type HttpClientOptions, type HttpResult } from '../http/client';
import { systemClock, type Clock } from '../http/clock';
import { TokenBucket, type TokenBucketOptions } from '../http/tokenBucket';
import { describeError, isAccessTokenError, isRetryableError, shopeeError, type ShopeeEnvelope, type ShopeeError } from './api/errors';
import { signPublic, signShop, unixSeconds } from './api/sign';
import { RefreshTokenFile, sha256 } from '../http/refreshTokenFile';

export const REFRESH_PATH = '/api/v2/auth/access_token/get';

/**
 * Shopee publishes no per-second limit for the shop APIs used here (channels/shopee.md); this is
 * Crossdock's own pace per shop, overridable (`rate`), and disabled with `rate: null`.
 */
export const DEFAULT_RATE: TokenBucketOptions = { ratePerSecond: 10, burst: 10 };

/** Refresh this long before the access token's expiry (the old one stays valid 5 minutes after a refresh). */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export interface ShopeeCredentials {
  partnerId: number;
  shopId: number;
  partnerKey: string;
  /** The refresh token as configured: the seed of the rotation chain. */
  refreshToken: string;
}

export interface ShopeeClientOptions {
  /** https://partner.shopeemobile.com (or a sandbox). */
  baseUrl: string;
  credentials: ShopeeCredentials;
  /** Folder for the rotated refresh token (../http/refreshTokenFile.ts); null keeps it in memory only. */
  stateDir: string | null;
  /** Client-side pace per shop; null: none. Default DEFAULT_RATE. */
  rate?: TokenBucketOptions | null;
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export type ShopeeResult<T> =
  | { kind: 'ok'; response: T; requestId: string | null; warning: unknown }
  | { kind: 'error'; error: ShopeeError; retryable: boolean }
  /** A write was sent and its answer lost (timeout, 504): it may or may not have been applied. */
  | { kind: 'unknown_outcome'; message: string; retryable: true }
  | { kind: 'unreachable'; message: string; retryable: true };

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Safe to resend when its answer is lost (reads). */
  idempotent: boolean;
  /** The endpoint answers its fields at the top level rather than under `response` (get_shop_info). */
  topLevel?: boolean;
}

/** What every client of one shop shares in this process: the tokens, the refresh in flight, the pace. */
class ShopSession {
  accessToken: string | null = null;
  /** When to renew the access token: 5 minutes before it expires (or half-way for short-lived ones). */
  renewAtMs = 0;
  refreshToken: string;
  refreshes = 0;
  inflight: Promise<void> | null = null;
  readonly limiter: TokenBucket | null;

  constructor(
    readonly seed: string,
    readonly file: RefreshTokenFile | null,
    rate: TokenBucketOptions | null,
    clock: Clock,
  ) {
    this.refreshToken = file ? file.refreshTokenFor(seed) : seed;
    this.limiter = rate ? new TokenBucket(rate, clock) : null;
  }
}

const sessions = new Map<string, ShopSession>();

/** Forgets every shop's in-memory tokens (a process restart, in tests). */
export function resetShopeeSessions(): void {
  sessions.clear();
}

export class ShopeeClient {
  readonly http: HttpClient;
  private readonly clock: Clock;
  private readonly session: ShopSession;

  constructor(private readonly options: ShopeeClientOptions) {
    const { credentials } = options;
    this.clock = options.http?.clock ?? systemClock;
    const key = [options.baseUrl.replace(/\/+$/, ''), credentials.partnerId, credentials.shopId, sha256(credentials.partnerKey), sha256(credentials.refreshToken), options.stateDir ?? ''].join('|');
    let session = sessions.get(key);
    if (!session) {
      const file = options.stateDir ? new RefreshTokenFile(options.stateDir, 'shopee', `${credentials.partnerId}-${credentials.shopId}`) : null;
      session = new ShopSession(credentials.refreshToken, file, options.rate === undefined ? DEFAULT_RATE : options.rate, this.clock);
      sessions.set(key, session);
    }
    this.session = session;
    this.http = new HttpClient({
      ...options.http,
      name: 'shopee',
      baseUrl: options.baseUrl,
      secrets: [credentials.partnerKey, credentials.refreshToken, session.refreshToken],
      rate: null,
      limiter: () => this.session.limiter,
    });
  }

  get shopId(): number {
    return this.options.credentials.shopId;
  }

  /** Refreshes done by this shop's session (tests, the run log). */
  get refreshCount(): number {
    return this.session.refreshes;
  }

  /** The refresh token the next refresh will use (tests check rotation; never logged). */
  get currentRefreshToken(): string {
    return this.session.refreshToken;
  }

  async get<T>(path: string, query: CallOptions['query'] = {}, options: { topLevel?: boolean } = {}): Promise<ShopeeResult<T>> {
    return this.call<T>('GET', path, { query, idempotent: true, topLevel: options.topLevel });
  }

  async post<T>(path: string, body: unknown, options: { idempotent: boolean }): Promise<ShopeeResult<T>> {
    return this.call<T>('POST', path, { body, idempotent: options.idempotent });
  }

  /** A Shop API call; an access token refused as expired/unknown is refreshed once and the call resent. */
  async call<T>(method: 'GET' | 'POST', path: string, options: CallOptions): Promise<ShopeeResult<T>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      if (typeof token !== 'string') return token;
      const result = await this.signedSend<T>(method, path, options, token);
      // A refused token means nothing was applied: resending once with a fresh one is safe.
      if (result.kind === 'error' && isAccessTokenError(result.error) && attempt === 0) {
        if (this.session.accessToken === token) this.session.accessToken = null;
        continue;
      }
      return result;
    }
  }

  /** A valid access token, refreshing it when missing or about to expire (one refresh at a time per shop). */
  private async accessToken(): Promise<string | Extract<ShopeeResult<never>, { kind: 'error' | 'unknown_outcome' | 'unreachable' }>> {
    const session = this.session;
    while (!session.accessToken || session.renewAtMs <= this.clock.now()) {
      if (!session.inflight) {
        let failure: Extract<ShopeeResult<never>, { kind: 'error' | 'unknown_outcome' | 'unreachable' }> | null = null;
        session.inflight = this.refresh().then((f) => void (failure = f)).finally(() => (session.inflight = null));
        await session.inflight;
        if (failure) return failure;
      } else await session.inflight;
    }
    return session.accessToken;
  }

  private async refresh(): Promise<Extract<ShopeeResult<never>, { kind: 'error' | 'unknown_outcome' | 'unreachable' }> | null> {
    const { partnerId, shopId, partnerKey } = this.options.credentials;
    const session = this.session;
    const timestamp = unixSeconds(this.clock.now());
    const result = await this.http.send({
      method: 'POST',
      path: REFRESH_PATH,
      query: { partner_id: partnerId, timestamp, sign: signPublic(partnerKey, partnerId, REFRESH_PATH, timestamp) },
      body: { refresh_token: session.refreshToken, partner_id: partnerId, shop_id: shopId },
      // The refresh token is spent by a refresh that landed: a lost answer is not resent blindly.
      idempotent: false,
      operation: 'auth.access_token.get',
    });
    const read = this.interpret<{ access_token?: string; refresh_token?: string; expire_in?: number }>(result, { topLevel: true });
    // A stored rotation refused while the configured seed differs from it: the chain was restarted
    // from the seed (a sandbox started afresh, a token reset on Shopee's side). Try the seed once; on
    // Shopee proper a rotated seed is dead and this costs one refused call.
    if (read.kind === 'error' && read.error.error === 'error_auth' && session.refreshToken !== session.seed) {
      session.refreshToken = session.seed;
      return this.refresh();
    }
    if (read.kind !== 'ok') {
      if (read.kind === 'error') {
        const hint = read.error.error === 'error_auth' || read.error.error === 'error_param'
          ? ': the refresh token was refused (expired, already used, or the shop revoked the app); re-authorize the shop and set the new refresh token'
          : '';
        return { ...read, error: { ...read.error, message: `${read.error.message}${hint}` } };
      }
      return read;
    }
    const answer = read.response;
    if (!answer.access_token || !answer.refresh_token) {
      return { kind: 'error', error: { error: 'invalid_answer', message: 'the token refresh answered without access_token/refresh_token', request_id: read.requestId, status: 200 }, retryable: true };
    }
    session.accessToken = answer.access_token;
    const lifetimeMs = Math.max(1, answer.expire_in ?? 4 * 3600) * 1000;
    session.renewAtMs = this.clock.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2);
    session.refreshToken = answer.refresh_token;
    session.refreshes++;
    this.http.addSecret(answer.access_token);
    this.http.addSecret(answer.refresh_token);
    session.file?.save(session.seed, answer.refresh_token, new Date(this.clock.now()));
    return null;
  }

  private async signedSend<T>(method: 'GET' | 'POST', path: string, options: CallOptions, accessToken: string): Promise<ShopeeResult<T>> {
    const { partnerId, shopId, partnerKey } = this.options.credentials;
    const timestamp = unixSeconds(this.clock.now());
    const common = { partner_id: partnerId, timestamp, access_token: accessToken, shop_id: shopId, sign: signShop(partnerKey, { partnerId, path, timestamp, accessToken, shopId }) };
    const result = await this.http.send({
      method,
      path,
      query: method === 'GET' ? { ...options.query, ...common } : { ...common, ...options.query },
      body: method === 'POST' ? (options.body ?? {}) : undefined,
      idempotent: options.idempotent,
      operation: path.replace(/^\/api\/v2\//, '').replace(/\//g, '.'),
    });
    return this.interpret<T>(result, { topLevel: options.topLevel ?? false });
  }

  private interpret<T>(result: HttpResult, { topLevel }: { topLevel: boolean }): ShopeeResult<T> {
    if (result.kind === 'unknown_outcome') return { kind: 'unknown_outcome', message: result.message, retryable: true };
    if (result.kind === 'unreachable') return { kind: 'unreachable', message: result.message, retryable: true };
    const { status, json, text } = result.response;
    const error = shopeeError(json, status);
    if (error) {
      const redacted = { ...error, message: this.http.redact(error.message) };
      return { kind: 'error', error: redacted, retryable: isRetryableError(redacted) };
    }
    const body = json as ShopeeEnvelope<T> | undefined;
    if (status < 200 || status >= 300 || !body || typeof body !== 'object') {
      const fallback: ShopeeError = { error: `http_${status}`, message: this.http.redact(text.slice(0, 300)), request_id: null, status };
      return { kind: 'error', error: fallback, retryable: isRetryableError(fallback) };
    }
    return { kind: 'ok', response: (topLevel ? body : body.response) as T, requestId: body.request_id ?? null, warning: body.warning ?? null };
  }
}

/** A one-line description of a failed result (messages, the ledger). */
export function describeResult(result: Exclude<ShopeeResult<unknown>, { kind: 'ok' }>): string {
  return result.kind === 'error' ? `Shopee answered ${describeError(result.error)}` : result.message;
}
