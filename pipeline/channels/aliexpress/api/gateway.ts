// The AliExpress Open Platform gateway (api-sg.aliexpress.com/sync): business methods are called
// with system parameters app_key, method, session (the seller's access token), timestamp,
// sign_method=sha256 and sign. The signature is HMAC-SHA256 (app secret) over the parameters
// sorted by name and concatenated as name+value, upper-case hex [unverified against the official
// docs; channels.md §4 — the sandbox checks the same rule].
import { createHmac } from 'node:crypto';

export function signParams(params: Record<string, string>, appSecret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
  return createHmac('sha256', appSecret).update(base, 'utf8').digest('hex').toUpperCase();
}

/** The answer key of a method: "aliexpress.solution.x.y" → "aliexpress_solution_x_y_response". */
export function responseKey(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

/** A gateway-level error ({ type, code, message, request_id }); code "0" means OK. */
export interface GatewayError {
  type?: 'ISV' | 'ISP' | 'SYSTEM' | string;
  code: string;
  message?: string;
  request_id?: string;
}

export function gatewayError(body: unknown): GatewayError | null {
  const b = body as Partial<GatewayError> | undefined;
  if (!b || b.code === undefined || b.code === '0') return null;
  return { type: b.type, code: String(b.code), message: b.message, request_id: b.request_id };
}

/**
 * Gateway answers (inside HTTP 200) that a later call may not get: throttling (ApiCallLimit,
 * frequency limits) and the gateway's transient failures. The one rule reads and writes share.
 */
export function isRetryableGatewayError(error: GatewayError): boolean {
  return /^(ApiCallLimit|ServiceUnavailable|isp\.service-unavailable|SYSTEM_ERROR)$/.test(error.code) || /frequency/i.test(error.code);
}

/** How long to wait before retrying a gateway answer: the ban's own time, else back-off; null: not retryable. */
export function gatewayRetryHint(error: GatewayError | null): number | 'backoff' | null {
  if (!error || !isRetryableGatewayError(error)) return null;
  return banMs(error) ?? 'backoff';
}

/** "This ban will last for 3 more seconds" → 3000 ms (the ApiCallLimit throttle answer). */
export function banMs(error: GatewayError): number | null {
  const match = /(\d+)\s+more\s+seconds?/i.exec(error.message ?? '');
  return match ? Number(match[1]) * 1000 : null;
}
