// AliExpress gateway calls over the shared HTTP client. Credentials (app key/secret, the seller's
// session token) travel only as signed form parameters in a POST body, never in a URL; throttle
// answers (ApiCallLimit "ban will last N more seconds", HTTP 200) are waited out and retried.
import { HttpClient, type HttpClientOptions, type HttpResult } from '../http/client';
import { banMs, gatewayError, responseKey, signParams, type GatewayError } from './api/gateway';

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
  | { kind: 'unknown_outcome' | 'unreachable' | 'http_error'; message: string; retryable: boolean };

const RETRYABLE_GATEWAY_CODES = new Set(['ApiCallLimit', 'ServiceUnavailable', 'isp.service-unavailable', 'SYSTEM_ERROR']);

export class AliExpressClient {
  readonly http: HttpClient;

  constructor(private readonly options: AliExpressClientOptions) {
    this.http = new HttpClient({ ...options.http, name: 'aliexpress', baseUrl: options.baseUrl, secrets: [options.appSecret, options.session, options.appKey] });
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
      retryAfterMs: (response) => {
        const error = gatewayError(response.json);
        if (!error || !RETRYABLE_GATEWAY_CODES.has(error.code)) return null;
        return banMs(error) ?? 'backoff';
      },
    });
    if (result.kind !== 'response') return { kind: result.kind, message: result.message, retryable: true };
    const { status, json } = result.response;
    const error = gatewayError(json);
    if (error) return { kind: 'error', error: { ...error, message: error.message && this.http.redact(error.message) }, retryable: RETRYABLE_GATEWAY_CODES.has(error.code) };
    const body = (json ?? {}) as Record<string, unknown>;
    const answer = body[responseKey(method)] as T | undefined;
    if (status !== 200 || answer === undefined) {
      return { kind: 'http_error', message: this.http.redact(`aliexpress ${method}: HTTP ${status} ${result.response.text.slice(0, 300)}`), retryable: status === 429 || status >= 500 };
    }
    return { kind: 'ok', result: answer, requestId: typeof body.request_id === 'string' ? body.request_id : null };
  }
}
