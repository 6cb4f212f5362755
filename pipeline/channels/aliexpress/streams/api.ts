// Read access to the AliExpress Open Platform for the pull streams: a thin facade over the one
// AliExpress client (../client.ts) that the stock writer uses too (signing, throttle handling,
// the account's request budget), turning its answers into the pull's typed errors.
import type { Clock, HttpClientOptions } from '../../http';
import type { AliexpressConfig } from '../config';
import { ConfigError, DataError, RetryLaterError } from '../../../errors';
import { AliExpressClient } from '../client';

export class AliexpressReadApi {
  readonly client: AliExpressClient;

  constructor(
    readonly channel: AliexpressConfig,
    secrets: Record<string, string>,
    clock: Clock,
    /** Transport overrides (tests inject `fetch`). */
    http: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>> = {},
  ) {
    this.client = new AliExpressClient({
      baseUrl: channel.baseUrl,
      appKey: secrets.appKey,
      appSecret: secrets.appSecret,
      session: secrets.session,
      http: { timeoutMs: channel.timeoutSeconds * 1000, clock, maxRetries: 6, ...http },
    });
  }

  get http() {
    return this.client.http;
  }

  /** Calls one business method (a query) and returns its `<method>_response` object. */
  async call<T>(method: string, businessParams: Record<string, string>): Promise<T> {
    const result = await this.client.call<T>(method, businessParams, { idempotent: true });
    if (result.kind === 'ok') return result.result;
    if (result.kind === 'error') {
      const { error } = result;
      const text = `${error.code}: ${error.message ?? ''}`.trim();
      if (/AppKey|AccessToken|Session|Signature/i.test(error.code)) {
        throw new ConfigError(`aliexpress/${this.channel.account}: ${method} refused the credentials (${text}); check the variables named in crossdock.config.json`, 'CD_CHANNEL_AUTH');
      }
      if (result.retryable) throw new RetryLaterError(`aliexpress ${method}: ${text} (still failing after retries)`, 'CD_CHANNEL_UNAVAILABLE');
      throw new DataError(`aliexpress ${method}: ${text}`, 'CD_CHANNEL_REFUSED');
    }
    if (result.kind === 'http_error' && (result.status === 401 || result.status === 403)) {
      throw new ConfigError(`${result.message}. The credentials were refused: check the variables named in crossdock.config.json, then rerun.`, 'CD_CHANNEL_AUTH');
    }
    if (result.retryable) throw new RetryLaterError(`${result.kind === 'http_error' ? result.message : `aliexpress ${method}: ${result.message}`} (still failing after retries)`, 'CD_CHANNEL_UNAVAILABLE');
    throw new DataError(result.message, 'CD_CHANNEL_REFUSED');
  }
}
