// The contract between the ingest engine (pipeline/ingest) and the report modules that describe
// each native file format (pipeline/channels/<channel>/files/<report>.ts). A report module is
// data plus SQL text: which header identifies it, how each raw column is typed and validated, and
// how typed rows become canonical rows. The engine does the I/O: sniffing, DuckDB staging,
// quarantine, idempotent load, bookkeeping, all in one transaction per file.

import type { TargetTable } from '../../model/canonical';

/** Canonical tables a report can load into (pipeline/model/canonical.ts). */
export type { TargetTable };

/**
 * The staging column telling the files of a batch apart (a number; 0 when one file is loaded).
 * Windows in a staged spec's SQL partition by it first (see perFile), so that lines of two
 * files never mix.
 */
export const FILE_COLUMN = 'cd_file';

/** The staging column naming each row's file (its absolute path) when several files load together. */
export const SOURCE_FILE_COLUMN = 'cd_source_file';

/** A window's `partition by`, per file first: `partition by cd_file, <columns>`. */
export function perFile(...columns: string[]): string {
  return `partition by ${[FILE_COLUMN, ...columns].join(', ')}`;
}

/** How a raw text column is typed; decides the parse expression and the reject rule. */
export type FieldType = 'text' | 'integer' | 'decimal' | 'money' | 'timestamp' | 'date' | 'boolean';

/**
 * One typed column of a report. `source` is the header name (matched case-insensitively); the
 * engine builds `try_…` parse SQL for it and a reject rule: a non-empty value that does not parse
 * is refused ("not a number", "unparseable date"…), an empty `required` value is refused
 * ("missing …"), and a negative `nonNegative` number is refused ("negative quantity").
 */
export interface FieldDef {
  /** Column name in the typed staging table (snake_case, referenced by `output`). */
  name: string;
  /** Header column it comes from. Omit when `expr` computes it from other columns. */
  source?: string;
  type: FieldType;
  required?: boolean;
  nonNegative?: boolean;
  /** Must be greater than zero (an FX rate). */
  positive?: boolean;
  /** Allowed values (compared lower-case), e.g. a template's `kind` column. */
  allowed?: readonly string[];
  /** Raw SQL over the staging columns replacing the source column (carry-down, coalesce…). */
  expr?: string;
  /** Text used when the value is empty (before parsing), e.g. '0' for an empty MYI quantity. */
  emptyAs?: string;
  /** date/timestamp formats for strptime, tried after the ISO cast (e.g. eBay's '%b-%d-%y'). */
  formats?: string[];
}

/** Everything a report's SQL may depend on besides the file's own rows. */
export interface LoadContext {
  /** Absolute path of the file (stored as source_file). */
  sourceFile: string;
  /** --snapshot-date, or the file's modification date (UTC) for stock reports. */
  snapshotDate: string;
  /** --marketplace (default US): used where the file does not say. */
  marketplace: string;
  /** Whether --marketplace was given explicitly (eBay otherwise infers it from the currency). */
  marketplaceExplicit: boolean;
  /** Location id of Amazon FBA stock for `marketplace` (FBA-US unless configured). */
  fbaLocationId: string;
  baseCurrency: string;
  /** The locations known before this file (to map channel location names onto them). */
  locations: Array<{ location_id: string; location_name: string }>;
  /** Ids of the channels a listing, order or return may belong to (the channel list's, pipeline/channels/index.ts). */
  salesChannels: readonly string[];
}

/** What the engine needs to know about a report file format. */
export interface ReportSpec {
  /** Stable id, `<channel>/<report>` (what `--json` prints as kind). */
  kind: string;
  channel: string;
  /** Human name used in messages ("Amazon All Orders report"). */
  label: string;
  delimiter: ',' | '\t';
  /**
   * Whether `"` quotes fields. Amazon flat files are not quoted (a product name may start with a
   * quote character), so their TSVs read with quoting off.
   */
  quoted: boolean;
  /**
   * Whether cells may carry stray spaces (hand-edited CSVs). Trimming every cell is the most
   * expensive step on big files, so machine-written reports (Amazon TSVs) turn it off.
   */
  trimCells?: boolean;
  /** Header columns that must all be present (case-insensitive) for the file to be this kind. */
  required: string[];
  /** Groups of alternative header names; one of each group must be present. */
  oneOf?: string[][];
  /** Columns that are used when present (missing ones read as empty). */
  optional?: string[];
  /** Header columns whose presence rules this kind out (tells two similar layouts apart). */
  forbidden?: string[];
  target: TargetTable;
  /** Typed columns (see FieldDef). */
  fields(ctx: LoadContext, header: string[]): FieldDef[];
  /**
   * SQL boolean over the staging columns: false for lines that are not records (eBay footers and
   * multi-item summary rows, blank padding rows). Such lines are neither read nor rejected.
   */
  isRecord?(header: string[]): string;
  /** Column → SQL over the typed columns (and `line_number`) producing the target row. */
  output(ctx: LoadContext): Record<string, string>;
  /**
   * Whether rows depend on other rows (carry-down of order-level columns, summary rows): the
   * file is then staged as text first and field expressions may use window functions ordered
   * by `line_number`. The engine stages several files of one layout together, so such a window
   * partitions by file first: write `over (${perFile('"name"')} order by line_number)`. A spec
   * with a window that does not is loaded one file at a time.
   */
  staged?: boolean;
  /**
   * Reshapes the staged rows before typing (e.g. Shopify's older inventory export has one
   * column per location, unpivoted here to one row per SKU × location). Returns SQL statements
   * run in order; they read `source` (all columns plus line_number and FILE_COLUMN) and must
   * create a table `cd_reshaped` keeping line_number and FILE_COLUMN (several files may be
   * reshaped at once).
   */
  reshape?(header: string[], source: string, originalHeader: string[]): string[];
  /** Statements run after the rows landed (e.g. make sure the FBA location exists). */
  afterLoad?(ctx: LoadContext): string[];
  /**
   * Output columns summed over the good lines of one natural key in one file (stock exports list
   * a SKU once per variant: two variants sharing a SKU are one stock row holding both). Without
   * it, the last line of a key wins.
   */
  sumOnSameKey?: string[];
}

/** One loaded file, as `--json` prints it. */
export interface FileSummary {
  file: string;
  kind: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** Loaded lines that were summed into another line's row (ReportSpec.sumOnSameKey). */
  rows_summed?: number;
}

export interface ProgressEvent {
  file: string;
  kind: string;
  /** 'staging' while DuckDB reads the file, 'loading' while rows are checked and written. */
  phase: 'staging' | 'loading' | 'done';
  /** 0–100 within the phase, when DuckDB reports it. */
  percent: number;
}

export interface IngestOptions {
  /** YYYY-MM-DD for stock reports that carry no date (Amazon MYI, Shopify inventory). */
  snapshotDate?: string;
  /** Marketplace code used where a file does not say (default US). */
  marketplace?: string;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * The kind the caller expects (an API connector that downloaded an All Orders report): a file
   * detected as another kind is refused instead of loaded.
   */
  expectKind?: string;
}
