// The forecasting engine: forecastMany() backtests, chooses and forecasts every series (worker
// threads when asked), then pools the series too short to backtest (docs/forecasting.md).
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ForecastOptions, SeriesForecast, SeriesInput } from './types';
import { DEFAULT_QUANTILES, forecastSeries, type EngineSettings } from './engine';
import { groupAggregate, groupShare, meanFallback, pooledForecast } from './pooled';

export * from './types';

const CHUNK = 64;

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`forecast option ${name} must be a positive whole number, got ${value}`);
  return value;
}

export function engineSettings(opts: ForecastOptions): EngineSettings {
  const horizon = positiveInt('horizon', opts.horizon);
  const quantiles = opts.quantiles ?? DEFAULT_QUANTILES;
  for (const q of quantiles) if (!(q > 0 && q < 1)) throw new RangeError(`forecast quantiles must lie strictly between 0 and 1, got ${q}`);
  return {
    horizon,
    quantiles,
    origins: positiveInt('origins', opts.origins ?? 4),
    backtestHorizon: positiveInt('backtestHorizon', opts.backtestHorizon ?? horizon),
  };
}

function inProcess(inputs: SeriesInput[], s: EngineSettings): (SeriesForecast | null)[] {
  return inputs.map((input) => forecastSeries(input, s));
}

function startWorker(): Worker {
  const file = join(__dirname, `worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  // TypeScript sources run through tsx (bin/crossdock.js); a compiled build loads worker.js itself
  return __filename.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true }) : new Worker(file);
}

/** Chunks handed to a pool of workers as each finishes its previous one. */
async function inWorkers(inputs: SeriesInput[], s: EngineSettings, workers: number): Promise<(SeriesForecast | null)[]> {
  const results = new Array<SeriesForecast | null>(inputs.length);
  const chunks: number[] = [];
  for (let from = 0; from < inputs.length; from += CHUNK) chunks.push(from);
  const pool = Array.from({ length: Math.min(workers, chunks.length) }, startWorker);
  let next = 0;
  try {
    await Promise.all(pool.map((worker) => new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= chunks.length) return resolve();
        const from = chunks[next++];
        worker.postMessage({ id: from, inputs: inputs.slice(from, from + CHUNK), settings: s });
      };
      worker.on('message', (msg: { id: number; results?: (SeriesForecast | null)[]; error?: string }) => {
        if (msg.error) return reject(new Error(`forecast worker failed: ${msg.error}`));
        msg.results!.forEach((r, i) => (results[msg.id + i] = r));
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`forecast worker exited with code ${code} before its work was done`)));
      send();
    })));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

function run(inputs: SeriesInput[], s: EngineSettings, workers: number): Promise<(SeriesForecast | null)[]> | (SeriesForecast | null)[] {
  return workers > 1 && inputs.length > CHUNK ? inWorkers(inputs, s, workers) : inProcess(inputs, s);
}

export async function forecastMany(inputs: SeriesInput[], opts: ForecastOptions): Promise<SeriesForecast[]> {
  const s = engineSettings(opts);
  const workers = Math.min(positiveInt('workers', opts.workers ?? 1), Math.max(1, cpus().length));
  const results = await run(inputs, s, workers);

  // series too short to backtest borrow their group's forecast
  const groups = new Map<string, SeriesInput[]>();
  for (const input of inputs) {
    if (input.group === undefined) continue;
    const members = groups.get(input.group);
    if (members) members.push(input);
    else groups.set(input.group, [input]);
  }
  const needed = [...new Set(inputs.filter((input, i) => !results[i] && input.group !== undefined).map((input) => input.group!))];
  const aggregates = needed.map((g) => groupAggregate(g, groups.get(g)!));
  const groupResults = new Map<string, { forecast: SeriesForecast | null; values: Float64Array }>();
  (await run(aggregates, s, workers)).forEach((r, i) => groupResults.set(needed[i], { forecast: r, values: aggregates[i].values }));

  return inputs.map((input, i) => {
    const own = results[i];
    if (own) return own;
    const group = input.group === undefined ? undefined : groupResults.get(input.group);
    if (group?.forecast) return pooledForecast(input, group.forecast, groupShare(input, group.values, groups.get(input.group!)!.length));
    return meanFallback(input, s.horizon, s.quantiles);
  });
}
