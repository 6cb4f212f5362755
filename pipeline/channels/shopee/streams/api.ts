// The pull streams' view of the shared Shopee client: GET a Shop API and get its `response`, or a
// typed error the runner understands — refused credentials are a ConfigError (fix, then rerun),
// what a later run may fix is a RetryLaterError, any other refusal a DataError with Shopee's
// error code and message (already redacted by the client).
import { ConfigError, DataError, RetryLaterError } from '../../../errors';
import { isCredentialError } from '../api/errors';
import { ShopeeClient, describeResult, type CallOptions } from '../client';
import type { ShopeeConfig } from '../config';

export class ShopeeReadApi {
  constructor(
    readonly channel: ShopeeConfig,
    readonly client: ShopeeClient,
  ) {}

  async get<T>(path: string, query: CallOptions['query'] = {}, options: { topLevel?: boolean } = {}): Promise<T> {
    const result = await this.client.get<T>(path, query, options);
    if (result.kind === 'ok') return result.response;
    const where = `shopee/${this.channel.account} ${path}`;
    if (result.kind !== 'error') throw new RetryLaterError(`${where}: ${result.message}`, 'CD_CHANNEL_UNAVAILABLE');
    if (isCredentialError(result.error)) {
      throw new ConfigError(`${where}: the credentials were refused (${describeResult(result)}); check partnerId/shopId and the variables named in crossdock.config.json`, 'CD_CHANNEL_AUTH');
    }
    if (result.retryable) throw new RetryLaterError(`${where}: ${describeResult(result)} (still failing after retries)`, 'CD_CHANNEL_UNAVAILABLE');
    throw new DataError(`${where}: ${describeResult(result)}`, 'CD_CHANNEL_REFUSED');
  }
}
