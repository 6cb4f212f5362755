// Small builders of SQL text for the ingest engine and the report modules. Identifiers come from
// file headers, so they are always quoted here; literals are escaped. Nothing user-controlled is
// ever spliced into SQL any other way.
import { FieldType } from './types';

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
export function blankToNull(expr: string): string {
  return `nullif(trim(${expr}), '')`;
}

/**
 * Temp macros every load uses, created once per connection. `cd_money` reads money written the
 * ways channels write it ('$1,234.50', 'EUR 12,99', 'AU $3,000.00', '1.234,56 €'): it keeps
 * digits, separators and sign, and treats a comma followed by 1–2 final digits as the decimal mark.
 */
export const MACROS = [
  `create or replace temp macro cd_money_text(x) as
     regexp_replace(x, '[^0-9,.\\-]', '', 'g')`,
  `create or replace temp macro cd_money(x) as
     try_cast(
       case
         when regexp_matches(cd_money_text(x), ',[0-9]{1,2}$')
           then replace(replace(cd_money_text(x), '.', ''), ',', '.')
         else replace(cd_money_text(x), ',', '')
       end as decimal(18, 4))`,
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
      return `(case when contains(${raw}, '.') then (case when try_cast(${raw} as decimal(18, 4)) = trunc(try_cast(${raw} as decimal(18, 4))) then try_cast(try_cast(${raw} as decimal(18, 4)) as integer) end) else try_cast(${raw} as integer) end)`;
    case 'decimal':
      return `try_cast(${raw} as decimal(18, 4))`;
    case 'money':
      return `coalesce(try_cast(${raw} as decimal(18, 4)), cd_money(${raw}))`;
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
