// What happened to a returned unit (return_line.disposition), normalised across channels.
// Only `sellable` goes back into available stock (anchors.md B.8 "stock rule").
import { caseMap } from '../channels/contract/reportSql';

export const DISPOSITIONS = ['sellable', 'damaged', 'customer_damaged', 'carrier_damaged', 'defective', 'expired', 'unknown'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * Raw disposition, upper-cased with non-alphanumerics removed → disposition. Amazon FBA returns
 * `detailed-disposition` (SELLABLE, DAMAGED, CUSTOMER_DAMAGED…), FBA inventory's unfulfillable
 * kinds (WAREHOUSE_DAMAGED, DISTRIBUTOR_DAMAGED), MCF (CustomerDamaged, FulfillerDamaged),
 * Shopify reverse-fulfilment dispositions (RESTOCKED, DISPOSED…) and the crossdock-returns values.
 */
const RAW_DISPOSITIONS: Record<string, Disposition> = {
  SELLABLE: 'sellable',
  RESTOCKED: 'sellable',
  RETURNEDTOINVENTORY: 'sellable',
  DAMAGED: 'damaged',
  WAREHOUSEDAMAGED: 'damaged',
  DISTRIBUTORDAMAGED: 'damaged',
  FULFILLERDAMAGED: 'damaged',
  CUSTOMERDAMAGED: 'customer_damaged',
  CARRIERDAMAGED: 'carrier_damaged',
  DEFECTIVE: 'defective',
  EXPIRED: 'expired',
  UNKNOWN: 'unknown',
};

function dispositionKey(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function normaliseDisposition(raw: string | null | undefined): Disposition {
  return RAW_DISPOSITIONS[dispositionKey(raw ?? '')] ?? 'unknown';
}

/** normaliseDisposition as DuckDB SQL over a raw text expression. */
export function dispositionSql(rawExpr: string): string {
  return caseMap(`regexp_replace(upper(coalesce(${rawExpr}, '')), '[^A-Z0-9]', '', 'g')`, RAW_DISPOSITIONS, `'unknown'`);
}
