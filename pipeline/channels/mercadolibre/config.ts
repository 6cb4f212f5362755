// A Mercado Libre seller account in crossdock.config.json. Secrets never appear here: the account
// names the environment variables holding the app's client id / secret and the seller's refresh
// token (docs/channels/mercadolibre.md).
import { z } from 'zod';
import { accountBase, envName, url } from '../contract/config';

/** Mercado Libre site id → the marketplace code order lines and listings carry. */
export const SITES = { MLM: 'MX', MLB: 'BR', MLA: 'AR', MLC: 'CL', MCO: 'CO', MLU: 'UY', MPE: 'PE' } as const;
export type SiteId = keyof typeof SITES;

export const mercadolibreChannel = z.strictObject({
  channel: z.literal('mercadolibre'),
  ...accountBase,
  baseUrl: url.default('https://api.mercadolibre.com'),
  /** OAuth token endpoint (refresh_token grant). */
  authUrl: url.default('https://api.mercadolibre.com/oauth/token'),
  /** The site the account sells on: MLM (Mexico), MLB (Brazil)… */
  site: z.enum(Object.keys(SITES) as [SiteId, ...SiteId[]]),
  /** The site's currency (MXN for MLM, BRL for MLB…). */
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "MXN"'),
  /** The seller's numeric Mercado Libre user id (orders/search?seller=…). */
  sellerId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'the numeric user id')]).transform(String),
  clientIdEnv: envName,
  clientSecretEnv: envName,
  refreshTokenEnv: envName,
});

export type MercadoLibreConfig = z.output<typeof mercadolibreChannel>;

export function marketplaceOf(site: string): string {
  return (SITES as Record<string, string>)[site] ?? site;
}
