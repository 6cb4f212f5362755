// One SQL text for two engines. Models are written in a neutral subset of SQL plus a few
// `{{ macro(args) }}` placeholders for the places where DuckDB and BigQuery really differ
// (pipeline.md §4.1), `{{ ref('model') }}` for relations, and `$name` parameters. This module
// renders that text for one engine. Pure: no I/O, no warehouse.
import { UsageError } from '../errors';

export type SqlEngine = 'duckdb' | 'bigquery';
export const SQL_ENGINES: readonly SqlEngine[] = ['duckdb', 'bigquery'];

export interface RenderOptions {
  engine: SqlEngine;
  /** BigQuery: `project.dataset` that relations live in (rendered as `project.dataset.name`). */
  relationPrefix?: string;
  /**
   * DuckDB, a partial rebuild (models.ts): the SQL list of the SKUs whose rows are redone, as
   * `('A', 'B')`; `changed_skus()` and `changed_orders()` then filter on it. Otherwise they are `true`.
   */
  changedSkus?: string;
  /**
   * A partial rebuild: the models it already redid, each with the temp table that holds just the
   * changed SKUs' new rows of it (`ref_skus()` and `changed_orders()` read those instead of
   * scanning the model: a few thousand rows instead of 14M).
   */
  changedRelations?: ReadonlyMap<string, string>;
}

type MacroBody = (args: string[], options: RenderOptions) => string;

interface Macro {
  arity: number;
  duckdb: MacroBody;
  bigquery: MacroBody;
  doc: string;
}

/** Neutral type names accepted by `try_cast(x, type)`; everything else is written directly. */
const TYPE_NAMES: Record<string, Record<SqlEngine, string>> = {
  string: { duckdb: 'varchar', bigquery: 'string' },
  bigint: { duckdb: 'bigint', bigquery: 'int64' },
  float: { duckdb: 'double', bigquery: 'float64' },
  date: { duckdb: 'date', bigquery: 'date' },
  timestamp: { duckdb: 'timestamp', bigquery: 'timestamp' },
  bool: { duckdb: 'boolean', bigquery: 'bool' },
};

function typeName(arg: string, engine: SqlEngine): string {
  const name = unquote(arg);
  const mapped = TYPE_NAMES[name];
  if (!mapped) throw new UsageError(`unknown SQL type "${name}" in a macro; use one of ${Object.keys(TYPE_NAMES).join(', ')}`);
  return mapped[engine];
}

/** A literal probability such as 0.9 → the integer percent BigQuery's APPROX_QUANTILES needs. */
function percentOffset(arg: string): number {
  const p = Number(arg);
  if (!Number.isFinite(p) || p < 0 || p > 1 || Math.round(p * 100) !== p * 100) {
    throw new UsageError(`percentile() needs a literal probability with at most two decimals, got "${arg}"`);
  }
  return Math.round(p * 100);
}

export const MACROS: Record<string, Macro> = {
  days_between: {
    arity: 2,
    doc: 'whole days from a to b (b - a) for two DATEs',
    duckdb: ([a, b]) => `date_diff('day', ${a}, ${b})`,
    bigquery: ([a, b]) => `date_diff(${b}, ${a}, day)`,
  },
  hours_between: {
    arity: 2,
    doc: 'hours (fractional) from timestamp a to timestamp b',
    duckdb: ([a, b]) => `(date_diff('second', ${a}, ${b}) / 3600.0)`,
    bigquery: ([a, b]) => `(timestamp_diff(${b}, ${a}, second) / 3600.0)`,
  },
  add_days: {
    arity: 2,
    doc: 'DATE d plus n days (n may be negative); stays a DATE in both engines',
    duckdb: ([d, n]) => `(${d} + cast(${n} as integer))`,
    bigquery: ([d, n]) => `date_add(${d}, interval cast(${n} as int64) day)`,
  },
  trunc_month: {
    arity: 1,
    doc: 'first day of the month of DATE d, as a DATE',
    duckdb: ([d]) => `cast(date_trunc('month', ${d}) as date)`,
    bigquery: ([d]) => `date_trunc(${d}, month)`,
  },
  trunc_iso_week: {
    arity: 1,
    doc: 'the Monday starting the ISO week of DATE d',
    duckdb: ([d]) => `cast(date_trunc('week', ${d}) as date)`,
    bigquery: ([d]) => `date_trunc(${d}, isoweek)`,
  },
  fmt_month: {
    arity: 1,
    doc: "DATE d as 'YYYY-MM'",
    duckdb: ([d]) => `strftime(${d}, '%Y-%m')`,
    bigquery: ([d]) => `format_date('%Y-%m', ${d})`,
  },
  iso_dow: {
    arity: 1,
    doc: 'ISO day of week of DATE d: Monday 1 … Sunday 7',
    duckdb: ([d]) => `isodow(${d})`,
    bigquery: ([d]) => `(mod(extract(dayofweek from ${d}) + 5, 7) + 1)`,
  },
  make_date: {
    arity: 3,
    doc: 'DATE from year, month, day numbers',
    duckdb: ([y, m, d]) => `make_date(cast(${y} as bigint), cast(${m} as bigint), cast(${d} as bigint))`,
    bigquery: ([y, m, d]) => `date(${y}, ${m}, ${d})`,
  },
  split_nth: {
    arity: 3,
    doc: 'the n-th (1-based) part of s split on a delimiter, null when absent',
    duckdb: ([s, delim, n]) => `nullif(split_part(${s}, ${delim}, ${n}), '')`,
    bigquery: ([s, delim, n]) => `split(${s}, ${delim})[safe_offset(${n} - 1)]`,
  },
  regex_extract1: {
    arity: 2,
    doc: 'capture group 1 of a regex (the pattern must have exactly one group), null when no match',
    duckdb: ([s, re]) => `nullif(regexp_extract(${s}, ${re}, 1), '')`,
    bigquery: ([s, re]) => `regexp_extract(${s}, ${re})`,
  },
  try_cast: {
    arity: 2,
    doc: "cast that yields null instead of failing; type is a neutral name: 'string', 'bigint', 'float', 'date', 'timestamp', 'bool'",
    duckdb: ([x, t]) => `try_cast(${x} as ${typeName(t, 'duckdb')})`,
    bigquery: ([x, t]) => `safe_cast(${x} as ${typeName(t, 'bigquery')})`,
  },
  recompute: {
    arity: 0,
    doc: 'between a CTE name and its body (`x as {{ recompute() }} (…)`): compute the CTE where each reader reads it instead of storing it first — cheaper for a scan and filter that two CTEs read (DuckDB stores a CTE read twice; BigQuery never does)',
    duckdb: () => 'not materialized',
    bigquery: () => '',
  },
  changed_skus: {
    arity: 1,
    doc: "in a model with `-- incremental: sku`, a condition on a row's SKU column: true in a full build; in a partial rebuild, true for the changed SKUs only. Put it where a CTE reads a per-SKU input",
    duckdb: ([column], options) => (options.changedSkus ? `(${unquote(column)} in ${options.changedSkus})` : 'true'),
    bigquery: () => 'true',
  },
  changed_orders: {
    arity: 2,
    doc: "like changed_skus for whole orders: changed_orders(alias, order-lines relation) keeps the rows of `alias` (channel, order_id) whose order has a line of a changed SKU",
    duckdb: ([alias, lines], options) =>
      options.changedSkus
        ? // an uncorrelated IN: a hash semi join on the few changed orders (a correlated EXISTS
          // became a delim join that grouped every order: 1.5 s against 0.3 s at 10M lines)
          `((${unquote(alias)}.channel, ${unquote(alias)}.order_id) in (select changed_lines.channel, changed_lines.order_id from ${changedRowsOf(lines, options)} as changed_lines where changed_lines.sku in ${options.changedSkus}))`
        : 'true',
    bigquery: () => 'true',
  },
  interval_overlap: {
    arity: 4,
    doc: 'length of the overlap of two intervals given as (end, length): (a_end - a_len, a_end] and (b_end - b_len, b_end]; 0 or less when they do not overlap',
    duckdb: (args) => intervalOverlap(args),
    bigquery: (args) => intervalOverlap(args),
  },
  float_type: {
    arity: 0,
    doc: 'the 64-bit floating point type name',
    duckdb: () => 'double',
    bigquery: () => 'float64',
  },
  percentile: {
    arity: 2,
    doc: 'aggregate: continuous percentile p (a literal such as 0.9) of x; BigQuery uses APPROX_QUANTILES at 1 % resolution',
    duckdb: ([x, p]) => `quantile_cont(${x}, ${percentOffset(p) / 100})`,
    bigquery: ([x, p]) => `approx_quantiles(${x}, 100)[offset(${percentOffset(p)})]`,
  },
  stddev: {
    arity: 1,
    doc: 'aggregate: sample standard deviation (n - 1), null for fewer than two values',
    duckdb: ([x]) => `stddev_samp(${x})`,
    bigquery: ([x]) => `stddev_samp(${x})`,
  },
  bool_or: {
    arity: 1,
    doc: 'aggregate: true when any value is true',
    duckdb: ([x]) => `bool_or(${x})`,
    bigquery: ([x]) => `logical_or(${x})`,
  },
  date_spine: {
    arity: 2,
    doc: 'a subquery with one row per day, column date_day, from DATE a to DATE b inclusive',
    duckdb: ([a, b]) =>
      `(select cast(spine_ts as date) as date_day from generate_series(cast(${a} as timestamp), cast(${b} as timestamp), interval 1 day) as spine_series(spine_ts))`,
    bigquery: ([a, b]) => `(select date_day from unnest(generate_date_array(${a}, ${b}, interval 1 day)) as date_day)`,
  },
  ref_skus: {
    arity: 1,
    doc: "in a model with `-- incremental: sku`, a relation of which the model reads only the changed SKUs' rows (every reader filters it with changed_skus()): the relation itself in a full build; in a partial rebuild just those rows, from the copy the rebuild kept of a model it already redid, else filtered in the scan",
    duckdb: ([name], options) => (options.changedSkus ? changedRowsOf(name, options) : relationName(name)),
    bigquery: (args, options) => MACROS.ref.bigquery(args, options),
  },
  latest_snapshots: {
    arity: 0,
    doc: 'a relation: the latest snapshot of each sku at each location (sku, location_id, snapshot_date, available_units) — DuckDB keeps it as inventory_latest while loading; BigQuery, which has no such table, aggregates the partitioned snapshots',
    duckdb: (_args, options) => MACROS.ref.duckdb(["'inventory_latest'"], options),
    bigquery: (_args, options) =>
      `(select sku, location_id, max(snapshot_date) as snapshot_date, max_by(available_units, snapshot_date) as available_units from ${MACROS.ref.bigquery(["'inventory_snapshot'"], options)} group by sku, location_id)`,
  },
  ref: {
    arity: 1,
    doc: "a relation: a canonical table (sql/schema) or a model (sql/staging, sql/intermediate)",
    duckdb: ([name]) => relationName(name),
    bigquery: ([name], options) => {
      const rel = relationName(name);
      return options.relationPrefix ? `\`${options.relationPrefix}.${rel}\`` : rel;
    },
  },
};

/** Same text in both engines; written with CASE because GREATEST/LEAST treat NULL differently in the two. */
function intervalOverlap([aEnd, aLen, bEnd, bLen]: string[]): string {
  const aStart = `(${aEnd}) - (${aLen})`;
  const bStart = `(${bEnd}) - (${bLen})`;
  return `((case when ${aEnd} < ${bEnd} then ${aEnd} else ${bEnd} end) - (case when ${aStart} > ${bStart} then ${aStart} else ${bStart} end))`;
}

function unquote(arg: string): string {
  const m = /^'([^']*)'$/.exec(arg.trim());
  return m ? m[1] : arg.trim();
}

/** A partial rebuild's rows of the changed SKUs of a relation: the kept copy of a redone model, else a filtered scan. */
function changedRowsOf(arg: string, options: RenderOptions): string {
  const name = relationName(arg);
  return options.changedRelations?.get(name) ?? `(select * from ${name} as changed_rows where changed_rows.sku in ${options.changedSkus})`;
}

function relationName(arg: string): string {
  const name = unquote(arg);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new UsageError(`invalid relation name "${name}" in ref()`);
  return name;
}

/** Splits a macro argument list on top-level commas (nested parentheses and quotes respected). */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '' || args.length > 0) args.push(current.trim());
  if (depth !== 0 || quoted) throw new UsageError(`unbalanced parentheses or quotes in macro arguments "${text}"`);
  return args;
}

const INCLUDE = /\{\{\s*include\(\s*'([a-z][a-z0-9_]*)'\s*\)\s*\}\}/g;

/**
 * Pastes shared SQL fragments: `{{ include('name') }}` becomes the text `read('name')` returns
 * (itself expanded, so fragments may include fragments). Datasets that must agree on a figure
 * (days of supply, the transfer plan) compute it with one text instead of two copies. A fragment
 * that includes itself, directly or not, is refused.
 */
export function expandIncludes(text: string, read: (name: string) => string, seen: readonly string[] = []): string {
  return text.replace(INCLUDE, (_whole, name: string) => {
    if (seen.includes(name)) throw new UsageError(`SQL fragment "${name}" includes itself (${[...seen, name].join(' → ')})`);
    return expandIncludes(read(name), read, [...seen, name]);
  });
}

/** Names of the fragments a SQL text includes directly. */
export function sqlIncludes(sql: string): string[] {
  return [...new Set([...sql.matchAll(INCLUDE)].map((m) => m[1]))];
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\(([\s\S]*?)\)\s*\}\}/y;

/** Renders neutral SQL for one engine. Placeholders may nest: the innermost (last) renders first. */
export function renderSql(text: string, options: RenderOptions): string {
  let sql = text;
  for (let at = sql.lastIndexOf('{{'); at >= 0; at = sql.lastIndexOf('{{')) {
    PLACEHOLDER.lastIndex = at;
    const match = PLACEHOLDER.exec(sql);
    if (!match) throw new UsageError(`malformed macro placeholder near "${sql.slice(at, at + 60)}"`);
    const [whole, name, argText] = match;
    const macro = MACROS[name];
    if (!macro) throw new UsageError(`unknown SQL macro "${name}"; known macros: ${Object.keys(MACROS).join(', ')}`);
    const args = splitArgs(argText);
    if (args.length !== macro.arity) {
      throw new UsageError(`SQL macro ${name}() takes ${macro.arity} argument(s), got ${args.length}: "${argText}"`);
    }
    sql = sql.slice(0, at) + macro[options.engine](args, options) + sql.slice(at + whole.length);
  }
  return options.engine === 'bigquery' ? sql.replace(/\$([a-z_][a-z0-9_]*)/g, '@$1') : inlineImportCtes(sql);
}

/**
 * DuckDB materialises a CTE that is referenced more than once, so an import CTE
 * (`x as (select * from table)`) read by two logical CTEs would copy the whole table before any
 * filter applies. Import CTEs are only renames: mark them NOT MATERIALIZED so filters reach the
 * scan. (BigQuery inlines CTEs anyway.)
 */
export function inlineImportCtes(sql: string): string {
  return sql.replace(/\b([a-z_][a-z0-9_]*) as \(\s*select \* from ([a-z_][a-z0-9_]*)\s*\)/g, '$1 as not materialized (select * from $2)');
}

/** Names of the `$name` parameters a (neutral or DuckDB) SQL text uses, in first-use order. */
export function sqlParamNames(sql: string): string[] {
  const withoutComments = sql.replace(/--[^\n]*/g, '');
  return [...new Set([...withoutComments.matchAll(/\$([a-z_][a-z0-9_]*)/g)].map((m) => m[1]))];
}

/** Relations a model refers to through `{{ ref('name') }}` or `{{ ref_skus('name') }}`. */
export function sqlRefs(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\{\{\s*ref(?:_skus)?\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}/g)].map((m) => m[1]))];
}
