// The file ingest's plausibility rule (ingest/load.ts: dates from 2000-01-01 to a year ahead,
// quantities within ±CROSSDOCK_INGEST_MAX_QUANTITY) for rows that came from channel APIs: a row
// breaking it is rejected with its record id and field, never loaded. An API sends typed JSON, so
// what goes wrong here is a channel's bug or a sandbox set to a wrong clock, not a typo — but the
// analytics would be as wrong either way. Pure.
import type { Plausibility } from '../ingest/load';
import { API_TABLES, sourceColumns } from '../model/canonical';
import type { CanonicalRows, CanonicalTable, RejectedRecord } from '../model/rows';

/** The date/timestamp and whole-number columns a source fills, from the tables' declaration. */
const checkedFields = (table: CanonicalTable) => {
  const columns = sourceColumns(table);
  return {
    dates: columns.filter(([, spec]) => spec.type === 'date' || spec.type === 'timestamp').map(([name]) => name),
    quantities: columns.filter(([, spec]) => spec.type === 'integer').map(([name]) => name),
  };
};
const FIELDS = Object.fromEntries(API_TABLES.map((table) => [table, checkedFields(table)])) as Record<CanonicalTable, ReturnType<typeof checkedFields>>;

/** The record id a rejected API row is kept under (stable across reruns). */
function recordOf<T extends CanonicalTable>(table: T, row: CanonicalRows[T]): string {
  const r = row as unknown as Record<string, unknown>;
  if (table === 'order_line') return `order ${r.order_id} line ${r.line_id}`;
  if (table === 'return_line') return `return ${r.return_line_id}`;
  return `inventory ${r.sku} at ${r.location_id} on ${r.snapshot_date}`;
}

/** Why `row` is implausible, one entry per offending field; empty when it is plausible. */
export function implausibleFields<T extends CanonicalTable>(table: T, row: CanonicalRows[T], p: Plausibility): RejectedRecord[] {
  const r = row as unknown as Record<string, unknown>;
  const out: RejectedRecord[] = [];
  for (const field of FIELDS[table].dates) {
    const value = r[field];
    if (typeof value !== 'string' || value === '') continue;
    const day = value.slice(0, 10);
    if (day < p.earliestDate) out.push({ record: recordOf(table, row), field, reason: `implausible date: before ${p.earliestDate}`, raw_value: value });
    else if (day > p.latestDate) out.push({ record: recordOf(table, row), field, reason: `implausible date: more than a year ahead (after ${p.latestDate})`, raw_value: value });
  }
  for (const field of FIELDS[table].quantities) {
    const value = r[field];
    if (typeof value === 'number' && Math.abs(value) > p.maxQuantity) {
      out.push({ record: recordOf(table, row), field, reason: `implausible quantity: beyond ±${p.maxQuantity} (set CROSSDOCK_INGEST_MAX_QUANTITY if it is real)`, raw_value: String(value) });
    }
  }
  return out;
}
