// Canonical rows as the API connectors produce them: the columns of each canonical table that a
// channel fills (pipeline/model/canonical.ts; base-currency amounts and load metadata are added
// by the loader). Timestamps are ISO-8601 UTC strings; dates are YYYY-MM-DD.
import type { ApiTable, SourceRow } from './canonical';

export type OrderLineRow = SourceRow<'order_line'>;
export type ReturnLineRow = SourceRow<'return_line'>;
export type InventoryRow = SourceRow<'inventory_snapshot'>;

export type CanonicalRows = { [T in ApiTable]: SourceRow<T> };

export type CanonicalTable = ApiTable;

/** A native record we could not map, kept in rejected_row with the record's own id. */
export interface RejectedRecord {
  /** The channel's id of the record (order id, order id + line id…), stable across reruns. */
  record: string;
  field: string;
  reason: string;
  raw_value: string | null;
}

/** What a pure mapping returns for one native record or page. */
export interface Mapped<T> {
  rows: T[];
  rejects: RejectedRecord[];
}

/** An instant in any ISO form → canonical `YYYY-MM-DDTHH:MM:SS.sssZ`, or null when unreadable. */
export function toUtc(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A decimal amount from a channel's money string, or null. */
export function toAmount(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The calendar date of an instant in a time zone (the seller's business day of a snapshot). */
export function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The snapshot date of a pull: the run's day in the seller's time zone (config `timezone`). */
export function snapshotDateOf(ctx: { now: Date; config: { timezone: string } }): string {
  return dateIn(ctx.now, ctx.config.timezone);
}
