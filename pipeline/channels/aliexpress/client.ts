// The one AliExpress client, for the pull streams and the stock writer alike: gateway calls over
// the shared HTTP client. Credentials (app key/secret, the seller's session token) travel only as
// signed form parameters in a POST body, never in a URL; throttle answers (ApiCallLimit "ban will
// last N more seconds", HTTP 200) are waited out and retried (gatewayRetryHint). Every client of
// one account (app key + session) shares one request budget when a rate is set.
import { HttpClient, type HttpClientOptions, type HttpResult } from '../http/client';
import { systemClock } from '../http/clock';
import { accountKey, sharedRate } from '../http/sharedLimiter';
import { gatewayError, gatewayRetryHint, isRetryableGatewayError, responseKey, signParams, type GatewayError } from './api/gateway';

export interface AliExpressClientOptions {
  /** https://api-sg.aliexpress.com (or a sandbox). */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** The seller's access token. */
  session: string;
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

export type GatewayResult<T> =
  | { kind: 'ok'; result: T; requestId: string | null }
  | { kind: 'error'; error: GatewayError; retryable: boolean }
  | { kind: 'http_error'; message: string; retryable: boolean; status: number }
  | { kind: 'unknown_outcome' | 'unreachable'; message: string; retryable: boolean };

export class AliExpressClient {
  readonly http: HttpClient;

  constructor(private readonly options: AliExpressClientOptions) {
    const { rate, ...http } = options.http ?? {};
    const clock = http.clock ?? systemClock;
    this.http = new HttpClient({
      ...http,
      name: 'aliexpress',
      baseUrl: options.baseUrl,
      secrets: [options.appSecret, options.session, options.appKey],
      rate: null,
      limiter: sharedRate(`${accountKey('aliexpress', options.baseUrl, [options.appKey, options.session])}|requests`, clock, rate),
    });
  }

  async call<T>(method: string, params: Record<string, string>, options: { idempotent: boolean }): Promise<GatewayResult<T>> {
    const clock = this.options.http?.clock;
    const form: Record<string, string> = {
      ...params,
      app_key: this.options.appKey,
      method,
      session: this.options.session,
      timestamp: String(clock ? clock.now() : Date.now()),
      sign_method: 'sha256',
    };
    form.sign = signParams(form, this.options.appSecret);
    const result: HttpResult = await this.http.send({
      method: 'POST',
      path: '/sync',
      rawBody: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      idempotent: options.idempotent,
      operation: method,
      retryAfterMs: (response) => gatewayRetryHint(gatewayError(response.json)),
    });
    if (result.kind !== 'response') return { kind: result.kind, message: result.message, retryable: true };
    const { status, json } = result.response;
    const error = gatewayError(json);
    if (error) return { kind: 'error', error: { ...error, message: error.message && this.http.redact(error.message) }, retryable: isRetryableGatewayError(error) };
    const body = (json ?? {}) as Record<string, unknown>;
    const answer = body[responseKey(method)] as T | undefined;
    if (status !== 200 || answer === undefined) {
      return { kind: 'http_error', message: this.http.redact(`aliexpress ${method}: HTTP ${status} ${result.response.text.slice(0, 300)}`), retryable: status === 429 || status >= 500, status };
    }
    return { kind: 'ok', result: answer, requestId: typeof body.request_id === 'string' ? body.request_id : null };
  }
}
