// Read access to the AliExpress Open Platform for the pull streams: business methods are POSTed
// form-encoded to `/sync` with the system parameters (app_key, session, timestamp, sign_method
// sha256) and an HMAC-SHA256 signature over the sorted parameters (channels.md §4; the exact
// signing rules are unverified there, the sandbox checks this scheme).
import { createHmac } from 'node:crypto';
import { HttpClient, type Clock } from '../../http';
import type { AliexpressConfig } from '../../../config/schema';
import { ConfigError, DataError } from '../../../errors';
import { jsonOrThrow } from '../../../scheduler/httpResult';

/** HMAC-SHA256 (upper-case hex) of the parameters sorted by name, concatenated as name+value. */
export function signParams(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => k + params[k])
    .join('');
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex').toUpperCase();
}

interface ErrorAnswer {
  error_response?: { code?: string; msg?: string; sub_code?: string; sub_msg?: string; type?: string };
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

  /** Calls one business method; `responseKey` is e.g. aliexpress_solution_order_get_response. */
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
    });
    const answer = jsonOrThrow<Record<string, unknown> & ErrorAnswer>(this.http, result, method);
    const error = answer.error_response;
    if (error) {
      const text = `${error.code ?? ''} ${error.msg ?? ''} ${error.sub_code ?? ''} ${error.sub_msg ?? ''}`.replace(/\s+/g, ' ').trim();
      if (/session|token|sign|app_?key|invalid ?key/i.test(text)) {
        throw new ConfigError(`aliexpress/${this.channel.account}: ${method} refused the credentials (${text}); check the variables named in crossdock.config.json`, 'CD_CHANNEL_AUTH');
      }
      throw new DataError(`aliexpress ${method}: ${text}`, 'CD_CHANNEL_REFUSED');
    }
    const key = `${method.replace(/\./g, '_')}_response`;
    if (!(key in answer)) throw new DataError(`aliexpress ${method}: answer without ${key}`, 'CD_CHANNEL_REFUSED');
    return answer[key] as T;
  }
}
