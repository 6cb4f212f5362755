// Read access to the AliExpress Open Platform for the pull streams: business methods POSTed
// form-encoded to `/sync` with the system parameters and the signature of ../api/gateway.ts
// (shared with the stock writer). An ApiCallLimit ban ("… ban will last for N more seconds") is
// waited out and retried by the shared client.
import { HttpClient, type Clock, type HttpResponse } from '../../http';
import type { AliexpressConfig } from '../config';
import { ConfigError, DataError } from '../../../errors';
import { jsonOrThrow } from '../../http/jsonResult';
import { banMs, gatewayError, responseKey, signParams } from '../api/gateway';

/** A throttle answered inside HTTP 200 (ApiCallLimit): how long to wait, or null. */
function throttledAfterMs(response: HttpResponse): number | null {
  const error = gatewayError(response.json);
  if (!error || !/ApiCallLimit|Frequency/i.test(error.code)) return null;
  return banMs(error) ?? 1000;
}

export class AliexpressReadApi {
  readonly http: HttpClient;

  constructor(
    readonly channel: AliexpressConfig,
    private readonly secrets: Record<string, string>,
    private readonly clock: Clock,
  ) {
    this.http = new HttpClient({ name: 'aliexpress', baseUrl: channel.baseUrl, timeoutMs: channel.timeoutSeconds * 1000, clock, secrets: Object.values(secrets), maxRetries: 6 });
  }

  /** Calls one business method and returns its `<method>_response` object. */
  async call<T>(method: string, businessParams: Record<string, string>): Promise<T> {
    const params: Record<string, string> = {
      app_key: this.secrets.appKey,
      method,
      session: this.secrets.session,
      timestamp: String(this.clock.now()),
      sign_method: 'sha256',
      ...businessParams,
    };
    params.sign = signParams(params, this.secrets.appSecret);
    const result = await this.http.send({
      method: 'POST',
      path: '/sync',
      rawBody: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      idempotent: true, // a query
      operation: method,
      throttledAfterMs,
    });
    const answer = jsonOrThrow<Record<string, unknown>>(this.http, result, method);
    const error = gatewayError(answer);
    if (error) {
      const text = `${error.code}: ${error.message ?? ''}`.trim();
      if (/AppKey|AccessToken|Session|Signature/i.test(error.code)) {
        throw new ConfigError(`aliexpress/${this.channel.account}: ${method} refused the credentials (${text}); check the variables named in crossdock.config.json`, 'CD_CHANNEL_AUTH');
      }
      throw new DataError(`aliexpress ${method}: ${text}`, 'CD_CHANNEL_REFUSED');
    }
    const key = responseKey(method);
    if (!(key in answer)) throw new DataError(`aliexpress ${method}: answer without ${key}`, 'CD_CHANNEL_REFUSED');
    return answer[key] as T;
  }
}
