// The canonical tables, declared once: each column with a portable type, whether it may be null
// and who fills it, plus the table's natural key, version column and money columns. Everything
// else that knows these tables derives from here: the API row types (model/rows.ts), the API
// loader's staging types (scheduler/load.ts), the loaders' table specs (ingest/targets.ts), the
// BigQuery keys (warehouse/bigquery/tables.ts) and the table-name unions. sql/schema stays the
// reviewed DDL that creates the DuckDB tables; test/unit/warehouse/canonicalSchema.test.ts fails
// when it and this declaration disagree. Pure.
import { FULFILMENTS } from './keys';
import { ORDER_STATUSES } from './orderStatus';

/** Column types. DUCKDB_TYPES spells them as DuckDB's catalog does; BigQuery maps those (bigquery/tables.ts). */
export type PortableType = 'text' | 'integer' | 'double' | 'decimal(18,4)' | 'boolean' | 'date' | 'timestamp';

export const DUCKDB_TYPES: Record<PortableType, string> = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  double: 'DOUBLE',
  'decimal(18,4)': 'DECIMAL(18,4)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

export interface ColumnSpec {
  type: PortableType;
  /** Not null unless said. */
  nullable?: boolean;
  /**
   * Who fills it: `source`, the channel (API rows, report files; the default), or `loader`,
   * the loader itself (base-currency amounts, the rate used, load metadata).
   */
  by?: 'source' | 'loader';
  /** The only values a source writes (typed as their union in the row types). */
  values?: readonly string[];
}

export interface MoneyColumns<C extends string = string> {
  /** The amount in its own currency. */
  amount: C;
  /** The timestamp/date whose rate applies (the transaction date, anchors.md B.0). */
  at: C;
  /** Where the base-currency value goes. */
  base: C;
  /** Where the rate used goes, when the table keeps it. */
  rate?: C;
}

export interface TableSpec {
  /** In schema order. */
  columns: Record<string, ColumnSpec>;
  /** Natural key: loading a row again replaces the stored row with that key. */
  key: readonly string[];
  /** The column that orders versions of a row: a strictly newer stored version wins. */
  version?: string;
  /** The amount that gets a base-currency value from fx_rate. */
  money?: MoneyColumns;
  /** Whether channel API streams write rows into it (CanonicalRows). */
  apiRows: boolean;
}

/** A TableSpec whose key, version and money name its own columns (checked by the compiler). */
interface DeclaredTable<C extends Record<string, ColumnSpec>, A extends boolean> extends TableSpec {
  columns: C;
  key: readonly (keyof C & string)[];
  version?: keyof C & string;
  money?: MoneyColumns<keyof C & string>;
  apiRows: A;
}

function table<const C extends Record<string, ColumnSpec>, const A extends boolean = false>(
  spec: Omit<DeclaredTable<C, A>, 'apiRows'> & { apiRows?: A },
): DeclaredTable<C, A> {
  return { ...spec, apiRows: (spec.apiRows ?? false) as A };
}

/** order_fee.fee_type: what a fee paid for, normalised across channels (raw_description keeps the channel's words). */
export const FEE_TYPES = ['fulfilment', 'referral', 'shipping', 'payment', 'storage', 'advertising', 'refund_commission', 'other'] as const;

const SOURCE_FILE = { type: 'text', nullable: true, by: 'loader' } as const;
const LOADED_AT = { type: 'timestamp', by: 'loader' } as const;

export const CANONICAL_TABLES = {
  sku: table({
    key: ['sku'],
    columns: {
      sku: { type: 'text' },
      title: { type: 'text', nullable: true },
      category: { type: 'text', nullable: true },
      unit_cost_amount: { type: 'decimal(18,4)', nullable: true },
      cost_currency_code: { type: 'text', nullable: true },
      lead_time_days: { type: 'double', nullable: true },
      lead_time_sd_days: { type: 'double', nullable: true },
      moq_units: { type: 'integer', nullable: true },
      case_pack_units: { type: 'integer', nullable: true },
      is_active: { type: 'boolean' },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
    },
  }),
  location: table({
    key: ['location_id'],
    columns: {
      location_id: { type: 'text' },
      location_name: { type: 'text' },
      location_kind: { type: 'text', values: ['fba', '3pl', 'own'] },
      country_code: { type: 'text', nullable: true },
      pool_id: { type: 'text' },
      is_settable: { type: 'boolean' },
      loaded_at: LOADED_AT,
    },
  }),
  listing: table({
    key: ['listing_id'],
    columns: {
      listing_id: { type: 'text' },
      channel: { type: 'text' },
      marketplace: { type: 'text' },
      sku: { type: 'text' },
      fulfilment: { type: 'text', values: FULFILMENTS },
      location_id: { type: 'text', nullable: true },
      channel_listing_id: { type: 'text', nullable: true },
      channel_offer_id: { type: 'text', nullable: true },
      channel_inventory_item_id: { type: 'text', nullable: true },
      channel_location_id: { type: 'text', nullable: true },
      title: { type: 'text', nullable: true },
      listing_status: { type: 'text', nullable: true },
      price_amount: { type: 'decimal(18,4)', nullable: true },
      currency_code: { type: 'text', nullable: true },
      channel_quantity_units: { type: 'integer', nullable: true },
      channel_quantity_seen_at: { type: 'timestamp', nullable: true },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
    },
  }),
  order_line: table({
    key: ['channel', 'order_id', 'line_id'],
    version: 'last_updated_at',
    money: { amount: 'item_price_amount', at: 'ordered_at', base: 'item_price_base', rate: 'fx_rate' },
    apiRows: true,
    columns: {
      channel: { type: 'text' },
      marketplace: { type: 'text', nullable: true },
      order_id: { type: 'text' },
      line_id: { type: 'text' },
      sku: { type: 'text' },
      title: { type: 'text', nullable: true },
      quantity_units: { type: 'integer' },
      item_price_amount: { type: 'decimal(18,4)', nullable: true },
      currency_code: { type: 'text', nullable: true },
      item_price_base: { type: 'decimal(18,4)', nullable: true, by: 'loader' },
      fx_rate: { type: 'double', nullable: true, by: 'loader' },
      order_status: { type: 'text', values: ORDER_STATUSES },
      raw_status: { type: 'text', nullable: true },
      fulfilment: { type: 'text', values: FULFILMENTS },
      location_id: { type: 'text', nullable: true },
      ship_country_code: { type: 'text', nullable: true },
      ordered_at: { type: 'timestamp' },
      shipped_at: { type: 'timestamp', nullable: true },
      last_updated_at: { type: 'timestamp', nullable: true },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
      // Added by sql/schema/060_order_ship_by.sql (hence after loaded_at): the channel's promise
      // to ship by (Amazon's latest-ship-date), where a report or API says it.
      ship_by_at: { type: 'timestamp', nullable: true },
    },
  }),
  return_line: table({
    key: ['channel', 'return_line_id'],
    money: { amount: 'refund_amount', at: 'returned_at', base: 'refund_base' },
    apiRows: true,
    columns: {
      channel: { type: 'text' },
      marketplace: { type: 'text', nullable: true },
      return_line_id: { type: 'text' },
      order_id: { type: 'text', nullable: true },
      sku: { type: 'text' },
      quantity_units: { type: 'integer' },
      returned_at: { type: 'timestamp' },
      raw_reason: { type: 'text', nullable: true },
      reason_code: { type: 'text' },
      disposition: { type: 'text' },
      is_restocked: { type: 'boolean' },
      raw_status: { type: 'text', nullable: true },
      customer_comment: { type: 'text', nullable: true },
      location_id: { type: 'text', nullable: true },
      refund_amount: { type: 'decimal(18,4)', nullable: true },
      currency_code: { type: 'text', nullable: true },
      refund_base: { type: 'decimal(18,4)', nullable: true, by: 'loader' },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
    },
  }),
  inventory_snapshot: table({
    key: ['snapshot_date', 'sku', 'location_id'],
    apiRows: true,
    columns: {
      snapshot_date: { type: 'date' },
      sku: { type: 'text' },
      location_id: { type: 'text' },
      on_hand_units: { type: 'integer' },
      available_units: { type: 'integer' },
      reserved_units: { type: 'integer' },
      inbound_units: { type: 'integer' },
      unfulfillable_units: { type: 'integer' },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
    },
  }),
  fx_rate: table({
    key: ['rate_date', 'currency_code'],
    columns: {
      rate_date: { type: 'date' },
      currency_code: { type: 'text' },
      rate_to_base: { type: 'double' },
      rate_source: { type: 'text', nullable: true },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
    },
  }),
  // Amazon's FBA Inventory Ledger, one row per event line (sql/schema/070_fba_ledger.sql). Ledger
  // lines carry no id, so the key is everything that tells two events apart; identical lines of
  // one file are summed (ReportSpec.sumOnSameKey). Key text columns hold '' for "none": a key
  // column is never null (BigQuery's MERGE matches keys with =).
  fba_ledger_event: table({
    key: ['event_date', 'sku', 'fnsku', 'country_code', 'fulfillment_center', 'event_type', 'reference_id', 'disposition', 'reason_code'],
    columns: {
      event_date: { type: 'date' },
      sku: { type: 'text' },
      fnsku: { type: 'text' },
      asin: { type: 'text', nullable: true },
      country_code: { type: 'text' },
      marketplace: { type: 'text' },
      location_id: { type: 'text' },
      fulfillment_center: { type: 'text' },
      event_type: { type: 'text' },
      reference_id: { type: 'text' },
      disposition: { type: 'text' },
      reason_code: { type: 'text' },
      quantity_units: { type: 'integer' },
      reconciled_units: { type: 'integer', nullable: true },
      unreconciled_units: { type: 'integer', nullable: true },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
    },
  }),
  // sql/schema/080_order_fee.sql. Fees a channel charged: fee_amount is a cost (positive = the
  // seller paid, negative = credited back). order_id null = not for one order (storage,
  // subscription, advertising); sku null = for the whole order (a shipping label, a payment fee).
  order_fee: table({
    key: ['channel', 'fee_id'],
    money: { amount: 'fee_amount', at: 'posted_at', base: 'fee_base' },
    columns: {
      channel: { type: 'text' },
      marketplace: { type: 'text', nullable: true },
      fee_id: { type: 'text' },
      order_id: { type: 'text', nullable: true },
      sku: { type: 'text', nullable: true },
      fee_type: { type: 'text', values: FEE_TYPES },
      raw_description: { type: 'text', nullable: true },
      fee_amount: { type: 'decimal(18,4)' },
      currency_code: { type: 'text' },
      fee_base: { type: 'decimal(18,4)', nullable: true, by: 'loader' },
      posted_at: { type: 'timestamp' },
      settlement_id: { type: 'text', nullable: true },
      source_file: SOURCE_FILE,
      loaded_at: LOADED_AT,
    },
  }),
};

type Tables = typeof CANONICAL_TABLES;

/** Every canonical table (what a report file can load into). */
export type TargetTable = keyof Tables;

/** The canonical tables channel API streams write rows into. */
export type ApiTable = { [T in TargetTable]: Tables[T]['apiRows'] extends true ? T : never }[TargetTable];

type ValueOf<S> = S extends ColumnSpec
  ?
      | (S extends { values: readonly (infer V)[] } ? V : S['type'] extends 'boolean' ? boolean : S['type'] extends 'integer' | 'double' | 'decimal(18,4)' ? number : string)
      | (S extends { nullable: true } ? null : never)
  : never;

/**
 * A row as a source supplies it: the columns it fills (not the loader's). Numbers for numeric
 * columns, ISO-8601 UTC strings for timestamps, YYYY-MM-DD for dates.
 */
export type SourceRow<T extends TargetTable> = {
  -readonly [K in keyof Tables[T]['columns'] as Tables[T]['columns'][K] extends { by: 'loader' } ? never : K]: ValueOf<Tables[T]['columns'][K]>;
};

export const TARGET_TABLES = Object.keys(CANONICAL_TABLES) as TargetTable[];

export const API_TABLES = TARGET_TABLES.filter((name): name is ApiTable => CANONICAL_TABLES[name].apiRows);

/** A table's declaration, without its literal types. */
export function tableSpec(name: TargetTable): TableSpec {
  return CANONICAL_TABLES[name];
}

/** [column, spec] in schema order. */
export function columnsOf(name: TargetTable): [string, ColumnSpec][] {
  return Object.entries(tableSpec(name).columns);
}

/** The columns a source fills, in schema order. */
export function sourceColumns(name: TargetTable): [string, ColumnSpec][] {
  return columnsOf(name).filter(([, spec]) => (spec.by ?? 'source') === 'source');
}
