// `crossdock query`: runs one dataset and prints it, on the database file or, while a server
// holds it, through the server's admin socket (its dataset path). The command module
// (pipeline/commands/query.ts) parses flags; this file does the work.
import { TERMINAL_ROWS } from '../commands/query';
import { UsageError } from '../errors';
import { say } from '../log';
import { onDatabase, streamAdminSocket } from '../server/adminSocket';
import type { Column } from '../warehouse/values';
import { csvLine, fitTable, OUTPUT_FORMATS, type OutputFormat } from './format';
import { listDatasets, streamDataset, validateParams, type DatasetParams, type DatasetSpec } from './index';

export interface QueryOptions {
  db?: string;
  asOf?: string;
  window?: string;
  filter?: string[];
  format?: string;
  /** CSV without formula neutralisation (for machines). */
  raw?: boolean;
  /** `a,b,c`: only these columns, in this order. */
  columns?: string;
  /** At most this many rows (after --sort). */
  limit?: string;
  /** `col` or `col:desc`: the order of the rows (nulls last). */
  sort?: string;
}

/** Where the table goes: its width, and whether a person reads it (then long answers are cut). */
export interface Screen {
  columns?: number;
  isTTY?: boolean;
}

/**
 * The width to fit: the terminal's, else $COLUMNS, else 80. A terminal that reports no size (0:
 * some multiplexers and `script`) must not shrink the table to nothing.
 */
export function terminalWidth(reported: number | undefined, env: string | undefined): number {
  if (reported !== undefined && reported > 0) return reported;
  const fromEnv = Number(env);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

/** Rows of an answer with what the dataset says about it. */
interface Chunk {
  columns: Column[];
  rows: unknown[][];
  params: DatasetParams;
  warnings: string[];
}

/** --columns, --sort and --limit, checked against the dataset before anything runs. */
export interface Shape {
  /** Output column indexes into the dataset's columns, in output order. */
  pick: number[] | null;
  sort: { index: number; desc: boolean } | null;
  limit: number | null;
}

export function shapeFrom(spec: DatasetSpec, options: QueryOptions): Shape {
  const names = spec.columns.map((c) => c.name);
  const indexOf = (name: string, flag: string) => {
    const i = names.indexOf(name);
    if (i < 0) throw new UsageError(`${flag}: ${spec.name} has no column "${name}"; its columns: ${names.join(', ')}`, 'CD_BAD_PARAMETER');
    return i;
  };
  const pick = options.columns === undefined ? null : options.columns.split(',').map((n) => n.trim()).filter(Boolean).map((n) => indexOf(n, '--columns'));
  if (pick !== null && pick.length === 0) throw new UsageError('--columns takes column names separated by commas, e.g. --columns sku,on_hand_units');
  let sort: Shape['sort'] = null;
  if (options.sort !== undefined) {
    const [name, direction = 'asc', ...rest] = options.sort.split(':');
    if (rest.length || !['asc', 'desc'].includes(direction)) throw new UsageError(`--sort takes col or col:desc, got "${options.sort}"`);
    sort = { index: indexOf(name.trim(), '--sort'), desc: direction === 'desc' };
  }
  let limit: number | null = null;
  if (options.limit !== undefined) {
    if (!/^\d{1,9}$/.test(options.limit) || Number(options.limit) < 1) throw new UsageError(`--limit must be a whole number of rows, 1 or more, got "${options.limit}"`);
    limit = Number(options.limit);
  }
  return { pick, sort, limit };
}

/** Sorts rows by one column, nulls last in either direction (numbers as numbers, text by code point). */
export function sortRows(rows: unknown[][], index: number, desc: boolean): unknown[][] {
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[index];
    const y = b[index];
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

/** Key columns first (what a row is about), then the rest in dataset order. */
export function keyFirst(spec: DatasetSpec): number[] {
  const all = spec.columns.map((_, i) => i);
  const keys = spec.key.map((k) => spec.columns.findIndex((c) => c.name === k)).filter((i) => i >= 0);
  return [...keys, ...all.filter((i) => !keys.includes(i))];
}

/** Flags → the raw parameter map the datasets validate (`--filter k=v` may repeat). */
export function rawParamsFrom(options: QueryOptions): Record<string, string> {
  const raw: Record<string, string> = {};
  if (options.asOf !== undefined) raw.as_of = options.asOf;
  if (options.window !== undefined) raw.window_days = options.window;
  for (const item of options.filter ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--filter takes key=value, got "${item}"`);
    const key = item.slice(0, eq).trim();
    if (key in raw) throw new UsageError(`parameter "${key}" is given twice`);
    raw[key] = item.slice(eq + 1);
  }
  return raw;
}

export function describeDatasets(): string {
  return listDatasets()
    .map((d) => `${d.name.padEnd(16)} ${d.description}\n${' '.repeat(17)}parameters: ${d.params.map((p) => p.name).join(', ')}`)
    .join('\n');
}

/** Data warnings go to stderr, so a CSV/JSON piped to a file stays clean. */
const warnOnStderr = (warnings: string[]) => {
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
};

/**
 * Applies --sort/--limit to the stream: sorting needs every row first; a limit alone stops early.
 * `total` counts the rows the dataset had (for "showing 50 of 1,000").
 */
async function* shaped(chunks: AsyncIterable<Chunk>, shape: Shape, counter: { total: number }): AsyncGenerator<Chunk> {
  let left = shape.limit ?? Infinity;
  if (shape.sort) {
    let last: Chunk | undefined;
    const rows: unknown[][] = [];
    for await (const chunk of chunks) {
      last = chunk;
      rows.push(...chunk.rows);
    }
    counter.total = rows.length;
    yield { ...last!, rows: sortRows(rows, shape.sort.index, shape.sort.desc).slice(0, left) };
    return;
  }
  for await (const chunk of chunks) {
    counter.total += chunk.rows.length;
    if (left <= 0) continue; // keep counting (a limit never changes the total it reports)
    const rows = chunk.rows.length > left ? chunk.rows.slice(0, left) : chunk.rows;
    left -= rows.length;
    yield { ...chunk, rows };
  }
}

const project = (values: unknown[], pick: number[]) => pick.map((i) => values[i]);

export async function query(
  name: string | undefined,
  options: QueryOptions,
  out: (text: string) => void = (t) => process.stdout.write(t),
  warn: (warnings: string[]) => void = warnOnStderr,
  screen: Screen = { columns: terminalWidth(process.stdout.columns, process.env.COLUMNS), isTTY: process.stdout.isTTY },
): Promise<void> {
  if (!name) {
    say(describeDatasets());
    return;
  }
  const format = (options.format ?? 'table') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${options.format}"`);
  const raw = rawParamsFrom(options);
  validateParams(name, raw); // fail on bad input before opening the database
  const spec = listDatasets().find((d) => d.name === name)!;
  const shape = shapeFrom(spec, options);
  const terminal = format === 'table' && screen.isTTY === true;
  // At a terminal, a table without --limit shows its first rows (sorted first, when asked).
  if (terminal && shape.limit === null) shape.limit = TERMINAL_ROWS;
  const pick = shape.pick ?? (format === 'table' ? keyFirst(spec) : spec.columns.map((_, i) => i));
  const print = async (chunks: AsyncIterable<Chunk>) => {
    const counter = { total: 0 };
    if (format === 'table') {
      const rows: unknown[][] = [];
      let columns = spec.columns;
      let warnings: string[] = [];
      for await (const chunk of shaped(chunks, shape, counter)) {
        columns = chunk.columns;
        warnings = chunk.warnings;
        for (const row of chunk.rows) rows.push(project(row, pick));
      }
      warn(warnings);
      const shownColumns = project(columns, pick) as Column[];
      const keep = shape.pick ? shownColumns.map((c) => c.name) : spec.key;
      const table = fitTable(shownColumns, rows, { width: terminal ? screen.columns : undefined, keep, maxCellWidth: terminal ? 40 : Infinity });
      out(table.text);
      const count = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
      out(rows.length < counter.total ? `(${count(rows.length)} of ${counter.total.toLocaleString('en-US')}; --limit N for more, --format csv for all)\n` : `(${count(rows.length)})\n`);
      if (table.omitted.length) out(`(left out to fit ${screen.columns} characters: ${table.omitted.join(', ')}; choose with --columns)\n`);
    } else if (format === 'csv') {
      let header = false;
      for await (const chunk of shaped(chunks, shape, counter)) {
        if (!header) {
          warn(chunk.warnings);
          out(csvLine(project(chunk.columns.map((c) => c.name), pick)));
        }
        header = true;
        if (chunk.rows.length) out(chunk.rows.map((row) => csvLine(project(row, pick), { neutraliseFormulas: !options.raw })).join(''));
      }
    } else {
      let first = true;
      let started = false;
      for await (const chunk of shaped(chunks, shape, counter)) {
        if (!started) {
          warn(chunk.warnings);
          out(`{"dataset":${JSON.stringify(name)},"params":${JSON.stringify(chunk.params)},"warnings":${JSON.stringify(chunk.warnings)},"columns":${JSON.stringify(project(chunk.columns, pick))},"rows":[`);
          started = true;
        }
        for (const row of chunk.rows) {
          out((first ? '\n' : ',\n') + JSON.stringify(project(row, pick)));
          first = false;
        }
      }
      out('\n]}\n');
    }
    return true;
  };
  await onDatabase(
    options.db,
    (warehouse) => print(streamDataset(warehouse, name, raw)),
    async (dbPath) => {
      const lines = await streamAdminSocket(dbPath, '/query', { name, raw });
      return lines === null ? null : print(lines as AsyncIterable<Record<string, unknown>> as AsyncIterable<Chunk>);
    },
  );
}
