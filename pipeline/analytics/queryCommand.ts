// `crossdock query`: runs one dataset on a database file and prints it. The command module
// (pipeline/commands/query.ts) parses flags; this file does the work.
import { UsageError } from '../errors';
import { say } from '../log';
import { DEFAULT_DB_PATH, DuckWarehouse } from '../warehouse/duckdb';
import { csvLine, formatTable, OUTPUT_FORMATS, type OutputFormat } from './format';
import { listDatasets, streamDataset, validateParams } from './index';

export interface QueryOptions {
  db?: string;
  asOf?: string;
  window?: string;
  filter?: string[];
  format?: string;
  /** CSV without formula neutralisation (for machines). */
  raw?: boolean;
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

export async function query(
  name: string | undefined,
  options: QueryOptions,
  out: (text: string) => void = (t) => process.stdout.write(t),
  warn: (warnings: string[]) => void = warnOnStderr,
): Promise<void> {
  if (!name) {
    say(describeDatasets());
    return;
  }
  const format = (options.format ?? 'table') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${options.format}"`);
  const raw = rawParamsFrom(options);
  validateParams(name, raw); // fail on bad input before opening the database
  const warehouse = await DuckWarehouse.open(options.db ?? DEFAULT_DB_PATH);
  try {
    if (format === 'table') {
      const rows: unknown[][] = [];
      let columns = listDatasets().find((d) => d.name === name)!.columns;
      let warnings: string[] = [];
      for await (const chunk of streamDataset(warehouse, name, raw)) {
        columns = chunk.columns;
        warnings = chunk.warnings;
        rows.push(...chunk.rows);
      }
      warn(warnings);
      out(formatTable(columns, rows));
      out(`(${rows.length} row${rows.length === 1 ? '' : 's'})\n`);
    } else if (format === 'csv') {
      let header = false;
      for await (const chunk of streamDataset(warehouse, name, raw)) {
        if (!header) {
          warn(chunk.warnings);
          out(csvLine(chunk.columns.map((c) => c.name)));
        }
        header = true;
        out(chunk.rows.map((row) => csvLine(row, { neutraliseFormulas: !options.raw })).join(''));
      }
    } else {
      let first = true;
      let started = false;
      for await (const chunk of streamDataset(warehouse, name, raw)) {
        if (!started) {
          warn(chunk.warnings);
          out(`{"dataset":${JSON.stringify(name)},"params":${JSON.stringify(chunk.params)},"warnings":${JSON.stringify(chunk.warnings)},"columns":${JSON.stringify(chunk.columns)},"rows":[`);
          started = true;
        }
        for (const row of chunk.rows) {
          out((first ? '\n' : ',\n') + JSON.stringify(row));
          first = false;
        }
      }
      out('\n]}\n');
    }
  } finally {
    warehouse.close();
  }
}
