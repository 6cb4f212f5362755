// A query's rows as JSON text produced by DuckDB itself: one `[v1,v2,…]` string per row, in a
// given column order. Turning DuckDB values into JavaScript values and JSON one cell at a time was
// most of the cost of a 20k-row dataset answer (hundreds of ms); DuckDB's json_array does the
// same, vectorised. The text is exactly what JSON.stringify gives for the plain
// values of values.ts once parsed: numbers (NaN/±inf → null), 'YYYY-MM-DD' dates, ISO-8601 UTC
// timestamps with milliseconds, booleans, strings. Pure SQL building: no I/O here.
import { columnTypeOf, type Column } from './values';

/** A DuckDB result column as DESCRIBE names it. */
export interface DescribedColumn {
  name: string;
  /** DuckDB's type name, e.g. DECIMAL(18,4), DOUBLE, TIMESTAMP WITH TIME ZONE. */
  duckType: string;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The SQL value json_array is given for one column: numbers, booleans and text as they are (NaN
 * and ±inf, which JSON lacks, as null; -0 as 0), timestamps as Date.toISOString's text (TimeZone
 * is UTC on every connection: duckdb.ts), any other type as its text.
 */
function jsonArgumentSql(column: string, duckType: string): string {
  const ref = `q.${quoteIdentifier(column)}`;
  const type = duckType.toUpperCase();
  switch (columnTypeOf(duckType)) {
    case 'integer':
    case 'boolean':
    case 'date':
      return ref;
    case 'number':
      // + 0.0: -0 is written 0, as JSON.stringify writes it
      return type === 'DOUBLE' || type === 'FLOAT' ? `case when isfinite(${ref}) then ${ref} + 0.0 end` : ref;
    case 'timestamp':
      return `strftime(${ref}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
    default:
      return `cast(${ref} as varchar)`;
  }
}

/**
 * The JSON array text of one row of alias `q` (`null` for a column the result lacks). DuckDB's
 * json_array writes the whole row in one pass: a chain of `||` over each column's text copied
 * the row built so far at every column (20k replenishment rows of 41 columns, same run: 394 ms
 * by the chain, 239 by one concat, 162 by json_array).
 */
function jsonRowExpression(described: readonly DescribedColumn[], columns: readonly Column[]): string {
  const byName = new Map(described.map((d) => [d.name, d.duckType]));
  const parts = columns.map((column) => {
    const duckType = byName.get(column.name);
    return duckType === undefined ? 'null' : jsonArgumentSql(column.name, duckType);
  });
  return parts.length === 0 ? `'[]'` : `cast(json_array(${parts.join(', ')}) as varchar)`;
}

/**
 * Wraps `sql` so that it returns one VARCHAR column `json_row`: the JSON array of `columns`, in
 * that order, of each row (`null` for a column the result lacks). `described` is what the query
 * returns (names and DuckDB types).
 */
export function jsonRowsSql(sql: string, described: readonly DescribedColumn[], columns: readonly Column[]): string {
  return `select ${jsonRowExpression(described, columns)} as json_row from (\n${sql}\n) as q`;
}

/**
 * Joins the rows of a block of encoded rows: a comma (valid between JSON array elements) and a
 * newline, which no encoded row holds raw (to_json escapes it), so a block splits back into rows.
 */
export const JSON_ROW_SEPARATOR = ',\n';

/** The rows of a block (jsonBlocksSql's json_rows) as JSON array texts. */
export function splitJsonBlock(text: string, rowCount: number): string[] {
  return rowCount === 0 ? [] : text.split(JSON_ROW_SEPARATOR);
}

/** A block of a pre-encoded table: its rows' texts joined by JSON_ROW_SEPARATOR, and the same text deflated at build time (gzipParts.ts). */
export interface EncodedBlock {
  text: string;
  rowCount: number;
  deflated?: Buffer;
}

/** Rows per block of a pre-encoded table: 50,000-row pages (the add-in's) start and end on blocks. */
export const JSON_BLOCK_ROWS = 1000;

/**
 * The rows of `table` (in its stored order) encoded as blocks of JSON_BLOCK_ROWS rows: columns
 * block_no, first_row (the block's first row number, from 0), row_count and json_rows (the rows
 * joined by JSON_ROW_SEPARATOR). A 20k-row answer is then 20 texts to read instead of 20k, and a
 * page far into it reads from its own block on. Blocks count from the table's first rowid: a
 * table written inside a transaction does not number its rows from 0.
 */
export function jsonBlocksSql(table: string, described: readonly DescribedColumn[], columns: readonly Column[]): string {
  return `select block_no, sum(row_count) over (order by block_no) - row_count as first_row, row_count, json_rows
from (
select block_no, count(*) as row_count, string_agg(json_row, ',' || chr(10) order by row_no) as json_rows
from (select q.rowid as row_no, (q.rowid - (select min(rowid) from ${table})) // ${JSON_BLOCK_ROWS} as block_no, ${jsonRowExpression(described, columns)} as json_row from ${table} as q) as encoded
group by block_no
) as blocks
order by block_no`;
}
