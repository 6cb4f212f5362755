// Canonical rows as the API connectors produce them (the columns of sql/schema/001_core.sql that
// a channel knows; base-currency amounts and load metadata are added by the loader). Timestamps
// are ISO-8601 UTC strings; dates are YYYY-MM-DD.

export interface OrderLineRow {
  channel: string;
  marketplace: string | null;
  order_id: string;
  line_id: string;
  sku: string;
  title: string | null;
  quantity_units: number;
  item_price_amount: number | null;
  currency_code: string | null;
  order_status: 'pending' | 'unshipped' | 'shipped' | 'cancelled' | 'refunded';
  raw_status: string | null;
  fulfilment: 'fba' | 'merchant';
  location_id: string | null;
  ship_country_code: string | null;
  ordered_at: string;
  shipped_at: string | null;
  last_updated_at: string | null;
}

export interface ReturnLineRow {
  channel: string;
  marketplace: string | null;
  return_line_id: string;
  order_id: string | null;
  sku: string;
  quantity_units: number;
  returned_at: string;
  raw_reason: string | null;
  reason_code: string;
  disposition: string;
  is_restocked: boolean;
  raw_status: string | null;
  customer_comment: string | null;
  location_id: string | null;
  refund_amount: number | null;
  currency_code: string | null;
}

export interface InventoryRow {
  snapshot_date: string;
  sku: string;
  location_id: string;
  on_hand_units: number;
  available_units: number;
  reserved_units: number;
  inbound_units: number;
  unfulfillable_units: number;
}

export interface CanonicalRows {
  order_line: OrderLineRow;
  return_line: ReturnLineRow;
  inventory_snapshot: InventoryRow;
}

export type CanonicalTable = keyof CanonicalRows;

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
