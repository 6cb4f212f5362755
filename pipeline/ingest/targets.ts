// How each canonical table is loaded: its natural key, which column orders versions of a row, and
// which amount gets a base-currency value from fx_rate. Mirrors sql/schema/001_core.sql.
import { TargetTable } from './types';

export interface MoneyColumns {
  /** The amount in its own currency. */
  amount: string;
  /** The timestamp/date whose rate applies (the transaction date, anchors.md B.0). */
  at: string;
  /** Where the base-currency value goes. */
  base: string;
  /** Where the rate used goes, when the table keeps it. */
  rate?: string;
}

export interface TargetSpec {
  table: TargetTable;
  key: string[];
  /**
   * A newer row replaces an older one; with a version column, a row from a file is skipped when
   * the table already holds a strictly newer version (so loading an old report after a new one
   * does not roll data back). Without one, the last file loaded wins.
   */
  version?: string;
  money?: MoneyColumns;
  /** Whether the table records which file a row came from (all but location). */
  hasSourceFile: boolean;
}

export const TARGETS: Record<TargetTable, TargetSpec> = {
  order_line: {
    table: 'order_line',
    key: ['channel', 'order_id', 'line_id'],
    version: 'last_updated_at',
    hasSourceFile: true,
    money: { amount: 'item_price_amount', at: 'ordered_at', base: 'item_price_base', rate: 'fx_rate' },
  },
  return_line: {
    table: 'return_line',
    key: ['channel', 'return_line_id'],
    money: { amount: 'refund_amount', at: 'returned_at', base: 'refund_base' },
    hasSourceFile: true,
  },
  inventory_snapshot: { table: 'inventory_snapshot', key: ['snapshot_date', 'sku', 'location_id'], hasSourceFile: true },
  listing: { table: 'listing', key: ['listing_id'], hasSourceFile: true },
  sku: { table: 'sku', key: ['sku'], hasSourceFile: true },
  location: { table: 'location', key: ['location_id'], hasSourceFile: false },
  fx_rate: { table: 'fx_rate', key: ['rate_date', 'currency_code'], hasSourceFile: true },
};
