// Reading long-format series files and the `crossdock forecast` command's output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectCadence, nextDates, parseIsoDay } from '../../../pipeline/forecast/calendar';
import { readSeriesFile } from '../../../pipeline/forecast/seriesFile';
import { parseQuantiles, runForecastCommand } from '../../../pipeline/forecast/command';
import { DataError, UsageError } from '../../../pipeline/errors';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'crossdock-forecast-test-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const day = (iso: string) => parseIsoDay(iso)!;
const days = (...isos: string[]) => isos.map(day);

describe('period detection', () => {
  it('tells daily, weekly and monthly (month starts or month ends) from the dates', () => {
    expect(detectCadence([days('2024-01-01', '2024-01-02', '2024-01-04')]).period).toBe('day');
    expect(detectCadence([days('2024-01-01', '2024-01-08', '2024-01-22')]).period).toBe('week');
    expect(detectCadence([days('2024-01-01', '2024-02-01', '2024-03-01')])).toEqual({ period: 'month', month: { kind: 'day', day: 1 } });
    expect(detectCadence([days('2024-01-31', '2024-02-29', '2024-03-31')])).toEqual({ period: 'month', month: { kind: 'end' } });
  });

  it('writes the next periods the way the series writes its dates', () => {
    expect(nextDates({ period: 'day' }, day('2024-02-28'), 2)).toEqual(['2024-02-29', '2024-03-01']);
    expect(nextDates({ period: 'week' }, day('2024-12-30'), 1)).toEqual(['2025-01-06']);
    expect(nextDates({ period: 'month', month: { kind: 'end' } }, day('2024-01-31'), 2)).toEqual(['2024-02-29', '2024-03-31']);
    expect(nextDates({ period: 'month', month: { kind: 'day', day: 1 } }, day('2024-12-01'), 1)).toEqual(['2025-01-01']);
  });

  it('refuses dates that do not exist', () => {
    expect(parseIsoDay('2023-02-29')).toBeNull();
    expect(parseIsoDay('2024-1-01')).toBeNull();
  });
});

describe('readSeriesFile', () => {
  it('reads rows in any order into one value per period, a missing day and an empty cell as NaN', async () => {
    const path = file('gap.csv', 'series_id,date,units\nA,2024-01-03,3\nA,2024-01-01,1\nB,2024-01-01,\nA,2024-01-05,0\nB,2024-01-02,7\n');
    const read = await readSeriesFile(path);
    expect(read.cadence.period).toBe('day');
    expect(read.gapPeriods).toBe(2); // A's 01-02 and 01-04
    const [a, b] = read.series;
    expect(a.input.id).toBe('A');
    expect(Array.from(a.input.values)).toEqual([1, NaN, 3, NaN, 0]);
    expect(a.lastDay).toBe(day('2024-01-05'));
    expect(Array.from(b.input.values)).toEqual([NaN, 7]);
  });

  it.each([
    ['a header without units', 'series_id,date,qty\nA,2024-01-01,1\n', /line 1: the header needs columns series_id,date,units; missing units/],
    ['a date that is not ISO', 'series_id,date,units\nA,2024-01-01,1\nA,01/02/2024,1\n', /line 3: field date "01\/02\/2024" is not an ISO date/],
    ['negative units', 'series_id,date,units\nA,2024-01-01,-2\n', /line 2: field units "-2" is not a number ≥ 0/],
    ['units that are not a number', 'series_id,date,units\nA,2024-01-01,two\n', /line 2: field units "two"/],
    ['an empty series id', 'series_id,date,units\n,2024-01-01,1\n', /line 2: field series_id is empty/],
    ['two rows for one date', 'series_id,date,units\nA,2024-01-01,1\nA,2024-01-02,1\nA,2024-01-01,2\n', /line 4: series A has a second row for date 2024-01-01 \(also line 2\)/],
    ['an empty file', '', /the file is empty/],
    ['a row without its units field', 'series_id,date,units\nA,2024-01-01\n', /line 2: field units is missing \(the row has 2 fields\)/],
    ['a bad date after an empty line and a quoted two-line id', 'series_id,date,units\r\n\r\n"A\r\nB",2024-01-01,1\r\nA,2024-13-01,1\r\n', /line 5: field date "2024-13-01"/],
  ])('refuses %s with a DataError naming the file and line', async (_name, text, message) => {
    const path = file('bad.csv', text);
    const err = await readSeriesFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.startsWith(path)).toBe(true);
  });

  it('says which file does not exist', async () => {
    await expect(readSeriesFile(join(dir, 'none.csv'))).rejects.toThrow(/none\.csv: no such file/);
  });
});

describe('crossdock forecast', () => {
  const weekly = ['series_id,date,units'];
  for (let t = 0; t < 60; t++) {
    const date = new Date(Date.UTC(2023, 0, 2 + 7 * t)).toISOString().slice(0, 10);
    weekly.push(`"S,1",${date},${10 + (t % 4)}`, `S2,${date},${t % 3 === 0 ? 0 : 2}`);
  }

  async function run(opts: Record<string, string>): Promise<{ out: string; notes: string[] }> {
    let out = '';
    const notes: string[] = [];
    await runForecastCommand({ series: file('weekly.csv', weekly.join('\n')), workers: '1', ...opts }, { write: (t) => (out += t), note: (t) => notes.push(t) });
    return { out, notes };
  }

  it('prints H rows per series after its last date, with quantile columns and the model', async () => {
    const { out, notes } = await run({ horizon: '3' });
    const lines = out.trim().split('\r\n');
    expect(lines[0]).toBe('series_id,date,forecast_units,q0.1,q0.5,q0.9,model');
    expect(lines).toHaveLength(1 + 2 * 3);
    // the last week is 2023-01-02 + 59 weeks = 2024-02-19
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['"S,1",2024-02-26', '"S,1",2024-03-04', '"S,1",2024-03-11']);
    for (const line of lines.slice(1)) {
      const cells = line.replace('"S,1"', 'S1').split(',');
      const [f, q1, q5, q9] = cells.slice(2, 6).map(Number);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(q1).toBeLessThanOrEqual(q5);
      expect(q5).toBeLessThanOrEqual(q9);
    }
    expect(notes).toEqual([]);
  });

  it('prints JSON with the backtest scores of the chosen model and of seasonal naive', async () => {
    const { out } = await run({ horizon: '2', format: 'json', quantiles: '0.25,0.75', season: '4' });
    const parsed = JSON.parse(out) as { series_id: string; period: string; origins: number; backtest: { mase: number }; snaive: { mase: number }; forecast: Record<string, unknown>[] }[];
    expect(parsed.map((p) => p.series_id)).toEqual(['S,1', 'S2']);
    expect(parsed[0].period).toBe('week');
    expect(parsed[0].origins).toBe(4);
    expect(Object.keys(parsed[0].forecast[0])).toEqual(['date', 'forecast_units', 'q0.25', 'q0.75']);
    // S,1 repeats 10,11,12,13 every 4 weeks: with --season 4 it is forecast exactly
    expect(parsed[0].backtest.mase).toBeCloseTo(0, 6);
    expect(parsed[0].forecast.map((p) => p.forecast_units)).toEqual([10, 11]);
  });

  it('refuses bad flags with a usage error', async () => {
    await expect(run({ horizon: '0' })).rejects.toThrow(UsageError);
    await expect(run({ horizon: '2', format: 'xml' })).rejects.toThrow('--format must be csv or json');
    expect(() => parseQuantiles('0.5,1')).toThrow('--quantiles needs numbers strictly between 0 and 1');
    await expect(runForecastCommand({ horizon: '2' }, { write: () => undefined, note: () => undefined })).rejects.toThrow('--series FILE.csv is required');
  });
});
