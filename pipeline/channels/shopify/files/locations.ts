// Shopify inventory exports name locations ("Shop location", "US 3PL"). A location in
// crossdock-locations whose id, else whose name, equals it (case-insensitive) is that location;
// otherwise the Shopify name itself is the location id.
import { caseMap, ident } from '../../contract/reportSql';
import { LoadContext } from '../../contract/reports';

/** Lower-cased Shopify name → location id, ids taking precedence over names. */
export function locationLookup(locations: LoadContext['locations']): Record<string, string> {
  const map: Record<string, string> = {};
  for (const l of locations) map[l.location_name.toLowerCase()] ??= l.location_id;
  for (const l of locations) map[l.location_id.toLowerCase()] = l.location_id;
  return map;
}

export function shopifyLocationSql(nameColumn: string, ctx: LoadContext): string {
  return caseMap(`lower(${ident(nameColumn)})`, locationLookup(ctx.locations), ident(nameColumn));
}
