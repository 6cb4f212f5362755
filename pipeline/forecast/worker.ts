// Worker thread: forecasts the chunks of series index.ts sends it.
import { parentPort } from 'node:worker_threads';
import { forecastSeries, type EngineSettings } from './engine';
import type { SeriesInput } from './types';

interface Job {
  id: number;
  inputs: SeriesInput[];
  settings: EngineSettings;
}

parentPort?.on('message', (job: Job) => {
  try {
    parentPort!.postMessage({ id: job.id, results: job.inputs.map((input) => forecastSeries(input, job.settings)) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
