// Reads a long-format series file (`series_id,date,units`, one row per series × period, zeros
// present as rows) into engine inputs, streaming: files may hold tens of millions of rows (M5:
// 30k series × 1,941 days). A period with no row is a gap: missing (NaN, censored), not zero.
// An empty units cell is missing too. Anything else unreadable is a DataError naming the line.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { DataError } from '../errors';
import type { Period, SeriesInput } from './types';
import { detectCadence, isoOfDay, parseIsoDay, periodIndex, type Cadence } from './calendar';

export const SERIES_COLUMNS = ['series_id', 'date', 'units'] as const;

/** Growable typed columns of one series: day numbers, units and source lines. */
export class SeriesRows {
  days = new Int32Array(64);
  units = new Float64Array(64);
  lines = new Int32Array(64);
  length = 0;
  push(day: number, units: number, line: number): void {
    if (this.length === this.days.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.days = grow(this.days, (n) => new Int32Array(n));
      this.units = grow(this.units, (n) => new Float64Array(n));
      this.lines = grow(this.lines, (n) => new Int32Array(n));
    }
    this.days[this.length] = day;
    this.units[this.length] = units;
    this.lines[this.length] = line;
    this.length++;
  }
}

export interface SeriesFile {
  cadence: Cadence;
  series: { input: SeriesInput; lastDay: number }[];
  /** Periods with no row inside a series' span, read as missing. */
  gapPeriods: number;
}

export interface ReadSeriesOptions {
  seasonLength?: number;
}

/** Line breaks inside the (quoted) fields of a record: they move the next record's line down. */
function innerBreaks(record: string[]): number {
  let n = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Collects rows from csv-parse records. Line numbers are counted here (a record is a line plus
 * the line breaks inside its quoted fields, an empty line is a record of one empty field):
 * csv-parse's `info` option would allocate an object per record and halve the reading speed.
 */
export async function collectSeriesRows(file: string, records: AsyncIterable<string[]>): Promise<Map<string, SeriesRows>> {
  const rows = new Map<string, SeriesRows>();
  let columns: number[] | null = null;
  let next = 1;
  for await (const record of records) {
    const line = next;
    next += 1 + innerBreaks(record);
    if (record.length === 1 && record[0] === '') continue;
    if (!columns) {
      const header = record.map((h) => h.trim().toLowerCase());
      columns = SERIES_COLUMNS.map((name) => header.indexOf(name));
      const missing = SERIES_COLUMNS.filter((_, i) => columns![i] < 0);
      if (missing.length) throw new DataError(`${file}: line ${line}: the header needs columns ${SERIES_COLUMNS.join(',')}; missing ${missing.join(', ')} (found: ${record.join(',')})`, 'CD_SERIES_HEADER');
      continue;
    }
    const [idCol, dateCol, unitsCol] = columns;
    const short = SERIES_COLUMNS.find((_, i) => record.length <= columns![i]);
    if (short) throw new DataError(`${file}: line ${line}: field ${short} is missing (the row has ${record.length} fields)`, 'CD_SERIES_ROW');
    const id = record[idCol]?.trim() ?? '';
    if (!id) throw new DataError(`${file}: line ${line}: field series_id is empty`, 'CD_SERIES_ROW');
    const dateText = record[dateCol]?.trim() ?? '';
    const day = parseIsoDay(dateText);
    if (day === null) throw new DataError(`${file}: line ${line}: field date "${dateText}" is not an ISO date (YYYY-MM-DD)`, 'CD_SERIES_ROW');
    const unitsText = record[unitsCol]?.trim() ?? '';
    const units = unitsText === '' ? NaN : Number(unitsText);
    if (unitsText !== '' && !(Number.isFinite(units) && units >= 0)) {
      throw new DataError(`${file}: line ${line}: field units "${unitsText}" is not a number ≥ 0 (leave it empty for a missing period)`, 'CD_SERIES_ROW');
    }
    let series = rows.get(id);
    if (!series) rows.set(id, (series = new SeriesRows()));
    series.push(day, units, line);
  }
  if (!columns) throw new DataError(`${file}: the file is empty; expected a header ${SERIES_COLUMNS.join(',')}`, 'CD_SERIES_HEADER');
  return rows;
}

/** Sorted by day; a second row for the same series and date is an error naming both lines. */
function sortRows(file: string, id: string, rows: SeriesRows): { days: Int32Array; units: Float64Array } {
  const order = Array.from({ length: rows.length }, (_, i) => i).sort((a, b) => rows.days[a] - rows.days[b]);
  const days = new Int32Array(rows.length);
  const units = new Float64Array(rows.length);
  order.forEach((from, to) => {
    days[to] = rows.days[from];
    units[to] = rows.units[from];
    if (to > 0 && days[to] === days[to - 1]) {
      throw new DataError(`${file}: line ${rows.lines[from]}: series ${id} has a second row for date ${isoOfDay(days[to])} (also line ${rows.lines[order[to - 1]]})`, 'CD_SERIES_ROW');
    }
  });
  return { days, units };
}

/** Rows → one value per period from the series' first to its last, gaps NaN. */
export function toSeriesFile(file: string, rows: Map<string, SeriesRows>, options: ReadSeriesOptions = {}): SeriesFile {
  // each series' growable buffers go as soon as it is sorted: a large file is held once, not twice
  const sorted: { id: string; days: Int32Array; units: Float64Array }[] = [];
  for (const [id, r] of rows) {
    sorted.push({ id, ...sortRows(file, id, r) });
    rows.delete(id);
  }
  const cadence = detectCadence(sorted.map((s) => s.days));
  let gapPeriods = 0;
  const series = sorted.map(({ id, days, units }) => {
    const first = periodIndex(cadence, days[0]);
    const values = new Float64Array(periodIndex(cadence, days[days.length - 1]) - first + 1).fill(NaN);
    for (let i = 0; i < days.length; i++) values[periodIndex(cadence, days[i]) - first] = units[i];
    gapPeriods += values.length - days.length;
    const period: Period = cadence.period;
    const input: SeriesInput = { id, values, period, ...(options.seasonLength ? { seasonLength: options.seasonLength } : {}) };
    return { input, lastDay: days[days.length - 1] };
  });
  return { cadence, series, gapPeriods };
}

export async function readSeriesFile(file: string, options: ReadSeriesOptions = {}): Promise<SeriesFile> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true }));
  stream.on('error', (err) => parser.destroy(err));
  try {
    return toSeriesFile(file, await collectSeriesRows(file, parser), options);
  } catch (err) {
    if (err instanceof DataError) throw err;
    const e = err as NodeJS.ErrnoException & { lines?: number };
    if (e.code === 'ENOENT') throw new DataError(`${file}: no such file`, 'CD_SERIES_FILE', { cause: err });
    if (e.code?.startsWith('CSV_')) throw new DataError(`${file}: line ${e.lines ?? '?'}: not valid CSV: ${e.message}`, 'CD_SERIES_CSV', { cause: err });
    throw err;
  }
}
