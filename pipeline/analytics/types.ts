// The contract between the analytics datasets and everything that serves them (CLI `query`,
// the HTTP API, the BigQuery backend). Kept small and stable on purpose.
import type { Column } from '../warehouse/values';

export type ParamType = 'date' | 'integer' | 'number' | 'string' | 'boolean';

export interface DatasetParam {
  name: string; // e.g. as_of, window_days, channel, marketplace, location, sku_prefix, category
  type: ParamType;
  description: string;
  /** Default as text (e.g. '90'); `as_of` defaults to the latest data date when absent. */
  default?: string;
  /** Closed set of allowed values, when there is one. */
  allowed?: string[];
  /** Inclusive bounds for integer/number parameters. */
  min?: number;
  max?: number;
  /** Regular expression (source text, anchored) a string value must match. */
  pattern?: string;
}

export interface DatasetSpec {
  name: string; // inventory, turnover, aged_inventory, slow_movers, return_reasons, replenishment, transfers, oversell, order_ops, stock, pipeline_runs
  title: string; // human title, e.g. "Inventory turnover"
  description: string; // one sentence: grain and what it answers
  params: DatasetParam[];
  columns: Column[]; // typed output columns, in order
  /** Columns that identify a row (the grain). */
  key: string[];
  /**
   * The order rows are answered in (output columns, each optionally `desc`); default: the key.
   * Every answer is ordered, so the pages of one answer never overlap or miss a row.
   */
  order?: string[];
}

/** Parameters after validation against the dataset's allow-list (typed, defaults applied). */
export type DatasetParams = Record<string, string | number | boolean | null>;

export interface DatasetResult {
  dataset: string;
  params: DatasetParams;
  /** What the analyst should know about the data behind it (e.g. sources ending on other days). */
  warnings: string[];
  columns: Column[];
  rows: unknown[][]; // positional, in `columns` order
}

/** The engines a dataset's SQL renders for (pipeline/analytics/sqlRender.ts). */
export type SqlEngine = 'duckdb' | 'bigquery';

/**
 * A dataset module: `pipeline/analytics/datasets/<name>.ts` exports `dataset: DatasetDefinition`
 * and its SQL lives in `sql/analytics/<name>.sql` (or `sqlFile`). Every `$param` the SQL uses must
 * be declared in `params`, and `columns` must match what the SQL returns (a test checks both).
 */
export interface DatasetDefinition extends DatasetSpec {
  /** SQL file relative to sql/analytics (default `<name>.sql`). */
  sqlFile?: string;
  /** Reads the intermediate models (int_*), so they must be fresh (default true). */
  usesMarts?: boolean;
  /**
   * Store the result for the default parameters (as_of = last data day) as table mart_<name> at
   * each refresh, and answer default requests from it (default: true with usesMarts, else false).
   * A dataset of the live tables (usesMarts false) answers from its mart only while it was built
   * from the current data version: after any write it is answered live until the mart catches up.
   */
  materializeDefault?: boolean;
  /**
   * Whether an answer is fixed by the data version and the parameters (default true), so the
   * server may keep it by ETag. False for datasets of tables that change without a new data
   * version (the run log).
   */
  versioned?: boolean;
}

/** One chunk of a dataset's rows, positional in `columns` order. */
/**
 * The rows a caller needs of an answer, by position: `from` up to and including `to` (a page's
 * offset … offset + limit: the row after the page says whether another follows); `to` null: to
 * the end. A source may skip or leave out the rows outside it.
 */
export interface RowRange {
  from: number;
  to: number | null;
}

export interface DatasetChunk {
  columns: Column[];
  rows: unknown[][];
}
