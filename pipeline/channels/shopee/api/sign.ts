// Shopee Open Platform v2 request signing (open.shopee.com developer guide "API calls",
// "Signature calculation"): HMAC-SHA256 with the partner key over a base string that concatenates,
// with no separator, partner_id + api path (no host, no query) + timestamp (unix seconds) and, for
// Shop APIs, access_token + shop_id. The signature is lower-case hex. The request's own
// parameters (query or body) are not signed. Shared by the client and the sandbox.
import { createHmac } from 'node:crypto';

export interface ShopSignInput {
  partnerId: number | string;
  path: string;
  timestamp: number | string;
  accessToken: string;
  shopId: number | string;
}

/** The base string of a Public API call (auth endpoints): partner_id + path + timestamp. */
export function publicBaseString(partnerId: number | string, path: string, timestamp: number | string): string {
  return `${partnerId}${path}${timestamp}`;
}

/** The base string of a Shop API call: partner_id + path + timestamp + access_token + shop_id. */
export function shopBaseString(input: ShopSignInput): string {
  return `${publicBaseString(input.partnerId, input.path, input.timestamp)}${input.accessToken}${input.shopId}`;
}

export function hmacHex(partnerKey: string, base: string): string {
  return createHmac('sha256', partnerKey).update(base, 'utf8').digest('hex');
}

export function signPublic(partnerKey: string, partnerId: number | string, path: string, timestamp: number | string): string {
  return hmacHex(partnerKey, publicBaseString(partnerId, path, timestamp));
}

export function signShop(partnerKey: string, input: ShopSignInput): string {
  return hmacHex(partnerKey, shopBaseString(input));
}

/** Shopee timestamps are unix seconds; a signed timestamp is accepted for 5 minutes. */
export const TIMESTAMP_VALIDITY_SECONDS = 300;

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
