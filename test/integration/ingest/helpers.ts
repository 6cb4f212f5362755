// Shared helpers of the ingest tests: a fresh in-memory warehouse and fixture paths.
import { join } from 'node:path';
import { ingestPaths } from '../../../pipeline/ingest';
import { IngestOptions } from '../../../pipeline/channels/contract/reports';
import { DuckWarehouse, Row } from '../../../pipeline/warehouse/duckdb';

export const FIXTURES = join(__dirname, '../../fixtures/ingest');

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

export async function freshWarehouse(): Promise<DuckWarehouse> {
  return DuckWarehouse.open(':memory:');
}

/** Ingests files into a warehouse and returns the summaries. */
export function ingest(wh: DuckWarehouse, paths: string[], options: IngestOptions = {}) {
  return ingestPaths(wh, paths, options);
}

export function rows<T extends Row = Row>(wh: DuckWarehouse, sql: string, params?: unknown[]): Promise<T[]> {
  return wh.all<T>(sql, params as never);
}

/** Rejected rows of a file: [line, field, reason, raw]. */
export async function rejects(wh: DuckWarehouse, file: string): Promise<Array<[number, string, string, string | null]>> {
  const found = await wh.all<{ line_number: number; field: string; reason: string; raw_value: string | null }>(
    'select line_number, field, reason, raw_value from rejected_row where source_file = $1 order by line_number, field',
    [file],
  );
  return found.map((r) => [r.line_number, r.field, r.reason, r.raw_value]);
}
