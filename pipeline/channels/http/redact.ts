// Credentials must never reach a log line, an error message or the ledger. Everything the HTTP
// client reports about a request goes through these helpers.

const SECRET_HEADERS = new Set(['authorization', 'x-shopify-access-token', 'x-amz-access-token', 'cookie', 'proxy-authorization']);
const SECRET_PARAMS = ['access_token', 'session', 'sign', 'token', 'client_secret', 'refresh_token', 'app_secret', 'X-Amz-Signature'];

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, isSecretHeader(key) ? '[redacted]' : value]));
}

/** Removes secret query parameters from a URL (for messages). */
export function redactUrl(url: string): string {
  let out = url;
  for (const param of SECRET_PARAMS) {
    out = out.replace(new RegExp(`([?&]${param}=)[^&#]*`, 'gi'), '$1[redacted]');
  }
  return out;
}

/** Replaces every occurrence of the given secret values in a text (e.g. an echoed error body). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
