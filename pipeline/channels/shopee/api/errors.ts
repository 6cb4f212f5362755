// Shopee's answer envelope (developer guide "API calls", response parameters): every answer has
// `request_id` and `error` (empty on success), `message` on failure, an optional `warning`, and
// the data under `response` (the auth endpoints put their fields at the top level instead).
// Which `error` codes mean what is partly from the per-endpoint reference pages and partly
// observed by integrators [channels/shopee.md, "unverified"]; the sets below are the only place
// that decides it.

export interface ShopeeEnvelope<T = unknown> {
  request_id?: string;
  error?: string;
  message?: string;
  warning?: string | unknown[];
  response?: T;
}

export interface ShopeeError {
  error: string;
  message: string;
  request_id: string | null;
  status: number;
}

/** The envelope's error, or null when `error` is empty or absent. */
export function shopeeError(body: unknown, status: number): ShopeeError | null {
  const b = body as ShopeeEnvelope | undefined;
  if (!b || typeof b !== 'object' || typeof b.error !== 'string' || b.error === '' || b.error === '-') return null;
  return { error: b.error, message: typeof b.message === 'string' ? b.message : '', request_id: typeof b.request_id === 'string' ? b.request_id : null, status };
}

/**
 * The access token is expired or unknown: refresh it once and resend. Shopee answers these as
 * `error_auth` ("Invalid access_token"), and some endpoints as `invalid_acceess_token` (sic) or
 * `invalid_access_token`; an `error_auth` about the partner or the shop's authorization is not a
 * token problem and is not retried.
 */
export function isAccessTokenError(error: ShopeeError): boolean {
  if (error.error === 'invalid_acceess_token' || error.error === 'invalid_access_token') return true;
  return error.error === 'error_auth' && /access[_ ]?token/i.test(error.message);
}

/** Refused credentials that only a person can fix (signature, partner, authorization, refresh token). */
export function isCredentialError(error: ShopeeError): boolean {
  return ['error_sign', 'error_auth', 'error_permission', 'error_partner', 'error_shop', 'invalid_partner_id'].includes(error.error) || isAccessTokenError(error);
}

/** Server-side failures a later resend may fix (HTTP 5xx bodies). Throttling is HTTP 429 only. */
export function isRetryableError(error: ShopeeError): boolean {
  return error.status === 429 || error.status >= 500 || error.error === 'error_server' || error.error === 'error_busy';
}

export function describeError(error: ShopeeError): string {
  return `${error.error}: ${error.message}`.replace(/:\s*$/, '') + (error.request_id ? ` (request_id ${error.request_id})` : '');
}
