// A Shopee shop in crossdock.config.json (docs/channels/shopee.md). The partner id and shop id are
// identifiers, not secrets; the partner key (signs every call) and the shop's refresh token live in
// environment variables named here. The refresh token rotates on every refresh: the newest one is
// kept under CROSSDOCK_STATE_DIR (../http/refreshTokenFile.ts), so the variable only seeds it.
import { z } from 'zod';
import { accountBase, envName, url } from '../contract/config';

/** Shopee markets (the shop's `region`), with the currency their orders are priced in. */
export const SHOPEE_REGIONS = {
  SG: 'SGD', MY: 'MYR', TH: 'THB', ID: 'IDR', VN: 'VND', PH: 'PHP', TW: 'TWD', BR: 'BRL', MX: 'MXN', CO: 'COP', CL: 'CLP',
} as const;

export type ShopeeRegion = keyof typeof SHOPEE_REGIONS;

const numericId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const shopeeChannel = z.strictObject({
  channel: z.literal('shopee'),
  ...accountBase,
  /** https://partner.shopeemobile.com (SG-hosted apps), openplatform.shopee.cn, openplatform.shopee.com.br, or a sandbox. */
  baseUrl: url.default('https://partner.shopeemobile.com'),
  /** The shop's market: the canonical `marketplace` of its orders and listings. */
  region: z.enum(Object.keys(SHOPEE_REGIONS) as [ShopeeRegion, ...ShopeeRegion[]]),
  /** Currency of the shop's prices (default: the region's). */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  partnerId: numericId,
  shopId: numericId,
  /** The app's partner key (HMAC-SHA256 key of every signature). */
  partnerKeyEnv: envName,
  /** The shop's refresh token as authorized (rotated copies are kept in the state folder). */
  refreshTokenEnv: envName,
});

export type ShopeeConfig = z.output<typeof shopeeChannel>;

/** The account's currency: as configured, else its region's. */
export function shopeeCurrency(account: Pick<ShopeeConfig, 'currency' | 'region'>): string {
  return account.currency ?? SHOPEE_REGIONS[account.region];
}
