// Small builders of SQL text for the ingest engine and the report modules. Identifiers come from
// file headers, so they are always quoted here; literals are escaped. Nothing user-controlled is
// ever spliced into SQL any other way.
import { FieldType } from './reports';

/** A quoted SQL identifier ("purchase-date"). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** SQL `case` mapping a text expression through a lookup table (unmatched → `fallback`). */
export function caseMap(expr: string, map: Record<string, string>, fallback: string): string {
  const whens = Object.entries(map).map(([from, to]) => `when ${lit(from)} then ${lit(to)}`);
  return whens.length ? `(case ${expr} ${whens.join(' ')} else ${fallback} end)` : fallback;
}

/** Empty or blank text → NULL. */
/**
 * The column of `header` (staging names, lower case) a field reads when a report spells it in
 * several ways (Shopify's "Available (not editable)" / "Available", eBay's "Order Number" /
 * "Order ID"): the first of `names` the header has, else the first (read as empty).
 */
export function presentColumn(header: readonly string[], ...names: string[]): string {
  return names.find((n) => header.includes(n.toLowerCase())) ?? names[0];
}

export function blankToNull(expr: string): string {
  return `nullif(trim(${expr}), '')`;
}

/** A plain decimal number: optional sign, digits with an optional decimal point (no exponent, no hex). */
const PLAIN_DECIMAL = `\\s*[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*`;
/** A whole number, optionally written with a zero fraction ('3', '3.0'). */
const PLAIN_INTEGER = `\\s*[+-]?[0-9]+(\\.0*)?\\s*`;

/**
 * Temp macros every load uses, created once per connection. `cd_money` reads money exactly in
 * the ways channels write it, and nothing else (NULL → the row is rejected with its raw text):
 * an optional sign, currency code or symbol before or after ('$1,234.50', 'US $-5.00',
 * 'EUR 12,99', 'AU $3,000.00', '1.234,56 €', 'EUR 1.029,00', '12.99 USD'), and the number in one
 * of four shapes: comma thousands with a decimal point (1,234.50), dot thousands with a decimal
 * comma (1.234,56, or 1.234.567), a plain decimal point (1234.5), or a decimal comma with one or
 * two digits (12,99). '1e308', '12abc34', '1,2345' and '12.3.4' are not money.
 */
export const MACROS = [
  `create or replace temp macro cd_money_parts(x) as
     regexp_extract(trim(x), '^(-?)\\s*(?:[A-Za-z]{1,3}\\s?)?(?:[$€£¥₹]\\s?)?(-?)\\s?([0-9][0-9.,]*)\\s?(?:[$€£¥₹]|[A-Za-z]{3})?$', ['before', 'after', 'number'])`,
  `create or replace temp macro cd_money_number(n) as
     case
       when regexp_full_match(n, '[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') then replace(n, ',', '')
       when regexp_full_match(n, '[0-9]{1,3}(\\.[0-9]{3})+,[0-9]+|[0-9]{1,3}(\\.[0-9]{3}){2,}') then replace(replace(n, '.', ''), ',', '.')
       when regexp_full_match(n, '[0-9]+(\\.[0-9]+)?') then n
       when regexp_full_match(n, '[0-9]+,[0-9]{1,2}') then replace(n, ',', '.')
     end`,
  `create or replace temp macro cd_money_signed(p) as
     case when p.before = '-' and p.after = '-' then null
          when p.before = '-' or p.after = '-' then '-' || cd_money_number(p.number)
          else cd_money_number(p.number) end`,
  `create or replace temp macro cd_money(x) as try_cast(cd_money_signed(cd_money_parts(x)) as decimal(18, 4))`,
  // ISO-8601 with a ±HH:MM offset or Z (Amazon) and 'YYYY-MM-DD HH:MM:SS -0400' (Shopify), read
  // with plain arithmetic: the generic timestamptz path goes through ICU and is several times
  // slower on millions of rows. Anything else is NULL here and takes the generic path.
  `create or replace temp macro cd_ts_fast(x) as
     case
       when length(x) = 25 and x[20] in ('+', '-') and x[23] = ':'
         then try_cast(left(x, 19) as timestamp)
              - to_minutes((case when x[20] = '-' then -1 else 1 end) * (try_cast(x[21:22] as integer) * 60 + try_cast(x[24:25] as integer)))
       when length(x) = 25 and x[20] = ' ' and x[21] in ('+', '-')
         then try_cast(left(x, 19) as timestamp)
              - to_minutes((case when x[21] = '-' then -1 else 1 end) * (try_cast(x[22:23] as integer) * 60 + try_cast(x[24:25] as integer)))
       when length(x) = 20 and x[20] = 'Z' then try_cast(left(x, 19) as timestamp)
     end`,
  `create or replace temp macro cd_bool(x) as
     case lower(trim(x))
       when 'true' then true when 'yes' then true when 'y' then true when '1' then true
       when 'false' then false when 'no' then false when 'n' then false when '0' then false
       else null end`,
];

/** The parse expression for a raw text expression of a given type (NULL when it does not parse). */
export function parseExpr(raw: string, type: FieldType, formats: string[] = []): string {
  switch (type) {
    case 'text':
      return raw;
    case 'integer':
      // '3', ' 3 ', '3.0' are fine; '3.5' and 'three' are not (a cast to integer would round 3.5,
      // so values with a decimal point take the exact path).
      // Only digits: DuckDB's own cast also takes '1e3', '0x10' and '1_000', which no channel means.
      return `(case when regexp_full_match(${raw}, '${PLAIN_INTEGER}') then (case when contains(${raw}, '.') then try_cast(try_cast(${raw} as decimal(38, 4)) as integer) else try_cast(${raw} as integer) end) end)`;
    case 'decimal':
      return `(case when regexp_full_match(${raw}, '${PLAIN_DECIMAL}') then try_cast(${raw} as decimal(18, 4)) end)`;
    case 'money':
      // the common case (a plain number) skips the money grammar
      return `(case when regexp_full_match(${raw}, '${PLAIN_DECIMAL}') then try_cast(${raw} as decimal(18, 4)) else cd_money(${raw}) end)`;
    case 'boolean':
      return `cd_bool(${raw})`;
    case 'timestamp': {
      // ISO-8601 with offset or Z (Amazon), '2025-05-11 09:55:16 -0400' (Shopify), then the
      // report's own formats. timestamptz → timestamp converts to UTC (the session zone).
      const tries = [`try_cast(${raw} as timestamptz)`, `try_strptime(${raw}, '%Y-%m-%d %H:%M:%S %z')`];
      if (formats.length) tries.push(`try_strptime(${raw}, [${formats.map(lit).join(', ')}])`);
      return `coalesce(cd_ts_fast(${raw}), cast(coalesce(${tries.join(', ')}) as timestamp))`;
    }
    case 'date': {
      const tries = [`try_cast(${raw} as date)`];
      if (formats.length) tries.push(`cast(try_strptime(${raw}, [${formats.map(lit).join(', ')}]) as date)`);
      return `coalesce(${tries.join(', ')})`;
    }
  }
}

/** The reject reason when a non-empty value of this type does not parse. */
export function unparseableReason(type: FieldType): string {
  switch (type) {
    case 'integer':
      return 'not a whole number';
    case 'decimal':
    case 'money':
      return 'not a number';
    case 'timestamp':
    case 'date':
      return 'unparseable date';
    case 'boolean':
      return 'not true/false';
    default:
      return 'invalid value';
  }
}
