// DuckDB values → plain JSON values that the CLI, the API and Excel can use directly:
// DECIMAL/BIGINT → number, DATE → 'YYYY-MM-DD', TIMESTAMP → ISO-8601 UTC ('…Z'), BOOLEAN → boolean.

/** The column types a dataset or API result can carry. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';

export interface Column {
  name: string;
  type: ColumnType;
}

/** Maps a DuckDB type name (e.g. `DECIMAL(18,4)`, `TIMESTAMP WITH TIME ZONE`) to a ColumnType. */
export function columnTypeOf(duckType: string): ColumnType {
  const t = duckType.toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'integer';
  if (t.startsWith('DECIMAL') || t === 'DOUBLE' || t === 'FLOAT') return 'number';
  return 'string';
}

/** Converts one JSON-rendered DuckDB value to the plain value of its column type. */
export function toPlainValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : null; // NaN/±inf never leave the warehouse (B.0)
    }
    case 'timestamp': {
      const text = String(value);
      // '2024-11-26 10:00:00.123' (UTC by convention) or with '+00' for TIMESTAMPTZ
      const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
      const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : iso + 'Z');
      return Number.isNaN(date.getTime()) ? text : date.toISOString();
    }
    case 'boolean':
      return Boolean(value);
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/**
 * A converter from the raw values DuckDB's node-api yields (`yieldRows`: bigint for BIGINT,
 * value objects for DECIMAL/DATE/TIMESTAMP, numbers, strings, booleans) to the plain value of a
 * column type. Reading raw values and converting once is about twice as fast as the node-api's
 * JSON rows, which is most of the cost of a large answer read from a mart.
 */
export function rawConverter(type: ColumnType): (value: unknown) => unknown {
  switch (type) {
    case 'integer':
    case 'number':
      return (value) => {
        if (value === null || value === undefined) return null;
        const n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number(String(value));
        return Number.isFinite(n) ? n : null; // NaN/±inf never leave the warehouse (B.0)
      };
    case 'string':
      return (value) => (value === null || value === undefined ? null : typeof value === 'string' ? value : String(value));
    case 'date':
      return (value) => (value === null || value === undefined ? null : String(value)); // DuckDBDateValue → 'YYYY-MM-DD'
    case 'timestamp':
      return (value) => (value === null || value === undefined ? null : toPlainValue(String(value), 'timestamp'));
    case 'boolean':
      return (value) => (value === null || value === undefined ? null : Boolean(value));
  }
}
