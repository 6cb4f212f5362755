// What the fee reports (Amazon settlement, eBay transaction report, Shopify Payments transactions)
// share: how a fee line gets an identity. Channels give fee lines no id of their own, so a fee is
// the values that tell it apart plus its occurrence among identical lines. Re-loading a file, or
// a later report that overlaps it, yields the same ids, so order_fee keeps one row per fee.
import { FEE_TYPES } from '../../model/canonical';
import { perFile } from './reports';

export type FeeType = (typeof FEE_TYPES)[number];

/**
 * SQL (over staged text columns, in a `staged` spec) giving a fee line its id: the parts joined
 * by '|' (empty for null, so positions never shift) and the line's occurrence among lines with
 * the same parts, in file order (two identical storage-fee lines are two fees).
 */
export function feeIdSql(parts: string[]): string {
  const values = parts.map((p) => `coalesce(${p}, '')`);
  const occurrence = `row_number() over (${perFile(...values)} order by line_number)`;
  return `concat_ws('|', ${values.join(', ')}, cast(${occurrence} as varchar))`;
}
