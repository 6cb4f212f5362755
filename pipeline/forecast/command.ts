// `crossdock forecast --series FILE.csv --horizon H`: forecasts every series of a long-format
// file and prints, per series, the H periods after its last date (docs/forecasting.md).
import { availableParallelism } from 'node:os';
import { UsageError } from '../errors';
import { csvLine } from '../analytics/format';
import { forecastMany, type SeriesForecast } from './index';
import { nextDates } from './calendar';
import { readSeriesFile, type SeriesFile } from './seriesFile';

export interface ForecastCommandOptions {
  series?: string;
  horizon?: string;
  season?: string;
  format?: string;
  quantiles?: string;
  origins?: string;
  workers?: string;
}

export interface ForecastCommandIo {
  write(text: string): void;
  note(text: string): void;
}

function wholeNumber(flag: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a positive whole number${value === undefined ? '' : `, got "${value}"`}`);
  return n;
}

export function parseQuantiles(text: string | undefined): number[] {
  if (text === undefined) return [0.1, 0.5, 0.9];
  const qs = text.split(',').map((s) => Number(s.trim()));
  if (!qs.length || qs.some((q) => !(q > 0 && q < 1))) throw new UsageError(`--quantiles needs numbers strictly between 0 and 1, comma separated, got "${text}"`);
  return [...new Set(qs)].sort((a, b) => a - b);
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** CSV: one row per series × future period. */
export function forecastCsv(file: SeriesFile, results: SeriesForecast[], quantiles: number[], write: (text: string) => void): void {
  write(csvLine(['series_id', 'date', 'forecast_units', ...quantiles.map((q) => `q${q}`), 'model']));
  results.forEach((r, i) => {
    const dates = nextDates(file.cadence, file.series[i].lastDay, r.forecast.length);
    dates.forEach((date, j) => write(csvLine([r.id, date, round(r.forecast[j]), ...r.quantiles.map((b) => round(b.values[j])), r.model])));
  });
}

/** JSON: one object per series with its backtest scores and its future periods. */
export function forecastJson(file: SeriesFile, results: SeriesForecast[], write: (text: string) => void): void {
  write('[\n');
  results.forEach((r, i) => {
    const dates = nextDates(file.cadence, file.series[i].lastDay, r.forecast.length);
    const periods = dates.map((date, j) => ({
      date,
      forecast_units: round(r.forecast[j]),
      ...Object.fromEntries(r.quantiles.map((b) => [`q${b.q}`, round(b.values[j])])),
    }));
    const body = { series_id: r.id, period: file.cadence.period, model: r.model, origins: r.origins, backtest: r.chosen, snaive: r.snaive, error_sd_units: r.errorSd, forecast: periods };
    write(`${JSON.stringify(body)}${i < results.length - 1 ? ',' : ''}\n`);
  });
  write(']\n');
}

export async function runForecastCommand(opts: ForecastCommandOptions, io: ForecastCommandIo): Promise<void> {
  if (!opts.series) throw new UsageError('--series FILE.csv is required (columns series_id,date,units)');
  const horizon = wholeNumber('--horizon', opts.horizon);
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, got "${format}"`);
  const quantiles = parseQuantiles(opts.quantiles);
  const origins = wholeNumber('--origins', opts.origins, 4);
  const workers = wholeNumber('--workers', opts.workers, availableParallelism());
  const seasonLength = opts.season === undefined ? undefined : wholeNumber('--season', opts.season);

  const file = await readSeriesFile(opts.series, { seasonLength });
  if (file.gapPeriods > 0) io.note(`note: ${file.gapPeriods} ${file.cadence.period} periods without a row were read as missing (censored), not as zero`);
  const results = await forecastMany(file.series.map((s) => s.input), { horizon, quantiles, origins, workers });
  if (format === 'csv') forecastCsv(file, results, quantiles, io.write);
  else forecastJson(file, results, io.write);
}
