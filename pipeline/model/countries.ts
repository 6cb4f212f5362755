// Country names as channels write them in addresses → ISO 3166-1 alpha-2 codes (UK → GB).
// Two-letter values are taken as codes already; unknown names stay unknown (NULL).
import { caseMap } from '../channels/contract/reportSql';

export const COUNTRY_CODES: Record<string, string> = {
  'united states': 'US', 'united states of america': 'US', usa: 'US', 'u.s.a.': 'US', canada: 'CA', mexico: 'MX', brazil: 'BR',
  'united kingdom': 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', uk: 'GB',
  germany: 'DE', deutschland: 'DE', france: 'FR', italy: 'IT', italia: 'IT', spain: 'ES', 'españa': 'ES', netherlands: 'NL',
  'the netherlands': 'NL', belgium: 'BE', austria: 'AT', 'österreich': 'AT', switzerland: 'CH', ireland: 'IE', sweden: 'SE',
  poland: 'PL', denmark: 'DK', norway: 'NO', finland: 'FI', portugal: 'PT', greece: 'GR', 'czech republic': 'CZ', czechia: 'CZ',
  australia: 'AU', 'new zealand': 'NZ', japan: 'JP', china: 'CN', 'hong kong': 'HK', singapore: 'SG', india: 'IN',
  'south korea': 'KR', 'korea, south': 'KR', israel: 'IL', 'united arab emirates': 'AE', 'saudi arabia': 'SA', turkey: 'TR',
  'south africa': 'ZA', 'puerto rico': 'PR',
};

/** SQL: a country text (name or code) → ISO code, or NULL when unknown. */
export function countryCodeSql(expr: string): string {
  const t = `lower(trim(${expr}))`;
  return `coalesce(${caseMap(t, COUNTRY_CODES, 'null')}, case when regexp_matches(trim(${expr}), '^[A-Za-z]{2}$') then upper(trim(${expr})) end)`;
}
