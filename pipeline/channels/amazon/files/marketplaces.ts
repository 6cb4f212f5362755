// Amazon's `sales-channel` values (the storefront's domain) → Crossdock marketplace codes.
import { caseMap, lit } from '../../contract/reportSql';
import { FBA_POOLS } from '../../../model/keys';

export const SALES_CHANNEL_MARKETPLACE: Record<string, string> = {
  'amazon.com': 'US',
  'amazon.ca': 'CA',
  'amazon.com.mx': 'MX',
  'amazon.com.br': 'BR',
  'amazon.co.uk': 'UK',
  'amazon.de': 'DE',
  'amazon.fr': 'FR',
  'amazon.it': 'IT',
  'amazon.es': 'ES',
  'amazon.nl': 'NL',
  'amazon.se': 'SE',
  'amazon.pl': 'PL',
  'amazon.com.be': 'BE',
  'amazon.ie': 'IE',
  'amazon.com.tr': 'TR',
  'amazon.ae': 'AE',
  'amazon.sa': 'SA',
  'amazon.eg': 'EG',
  'amazon.in': 'IN',
  'amazon.co.jp': 'JP',
  'amazon.com.au': 'AU',
  'amazon.sg': 'SG',
  // Multi-channel fulfilment: FBA shipped an order sold elsewhere.
  'non-amazon': 'MCF',
};

/** SQL: a sales-channel text expression → marketplace code (else `fallback`). */
export function marketplaceFromSalesChannelSql(expr: string, fallback: string): string {
  return caseMap(`lower(trim(${expr}))`, SALES_CHANNEL_MARKETPLACE, lit(fallback));
}

/**
 * SQL: the FBA location of a marketplace column: the configured one for the run's marketplace
 * (and for multi-channel fulfilment, which ships from the run's FBA stock), else FBA-<code>.
 */
export function fbaLocationSql(marketplaceExpr: string, runMarketplace: string, runFbaLocation: string): string {
  return `(case when ${marketplaceExpr} in (${lit(runMarketplace)}, 'MCF') then ${lit(runFbaLocation)} else 'FBA-' || ${marketplaceExpr} end)`;
}

/**
 * SQL statement creating the FBA locations the rows just loaded point to, when they do not exist
 * yet (FBA quantities are Amazon's, so these locations are never settable). `locationExpr` and
 * `marketplaceExpr` are SQL over the typed columns listed in `inputs`; only the distinct
 * combinations of those (a handful) are evaluated, not every row.
 */
export function ensureFbaLocationsSql(locationExpr: string, marketplaceExpr: string, inputs: string[]): string {
  const na = FBA_POOLS['FBA-NA'].map(lit).join(', ');
  const eu = FBA_POOLS['FBA-EU'].map(lit).join(', ');
  return `insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable)
          select distinct on (location_id) location_id, 'Amazon FBA ' || marketplace, 'fba',
                 case marketplace when 'UK' then 'GB' else marketplace end,
                 case when marketplace in (${na}) then 'FBA-NA' when marketplace in (${eu}) then 'FBA-EU' else location_id end,
                 false
          from (select ${locationExpr} as location_id, ${marketplaceExpr} as marketplace
                from (select distinct ${inputs.length ? inputs.join(', ') : '1'} from cd_good))
          where location_id is not null and location_id not in (select location_id from location)`;
}

/** A marketplace's currency (listing prices carry none in the All Listings report). */
export const MARKETPLACE_CURRENCY: Record<string, string> = {
  US: 'USD', CA: 'CAD', MX: 'MXN', BR: 'BRL', UK: 'GBP', GB: 'GBP', DE: 'EUR', FR: 'EUR', IT: 'EUR', ES: 'EUR', NL: 'EUR',
  BE: 'EUR', IE: 'EUR', SE: 'SEK', PL: 'PLN', TR: 'TRY', AE: 'AED', SA: 'SAR', EG: 'EGP', IN: 'INR', JP: 'JPY', AU: 'AUD', SG: 'SGD',
};
