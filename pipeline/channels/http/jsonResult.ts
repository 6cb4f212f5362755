// Turns the shared HTTP client's answer into JSON or a typed error for the pull connectors: what
// a retry later may fix (throttled after retries, 5xx, unreachable) is RetryLaterError, refused
// credentials are ConfigError (fix the token, then rerun), any other refusal is a DataError with
// the channel's redacted answer.
import { describeHttpFailure, type HttpClient, type HttpResult } from './';
import { ConfigError, DataError, RetryLaterError } from '../../errors';

export function jsonOrThrow<T>(client: HttpClient, result: HttpResult, operation: string): T {
  if (result.kind !== 'response') {
    throw new RetryLaterError(`${client.name} ${operation}: ${result.message}`, 'CD_CHANNEL_UNAVAILABLE');
  }
  const { status } = result.response;
  if (status >= 200 && status < 300) return result.response.json as T;
  const detail = describeHttpFailure(client, result, operation);
  if (status === 401 || status === 403) {
    throw new ConfigError(`${detail}. The credentials were refused: check the token named in crossdock.config.json, then rerun.`, 'CD_CHANNEL_AUTH');
  }
  if (status === 429 || status >= 500) throw new RetryLaterError(`${detail} (still failing after retries)`, 'CD_CHANNEL_UNAVAILABLE');
  throw new DataError(detail, 'CD_CHANNEL_REFUSED');
}
