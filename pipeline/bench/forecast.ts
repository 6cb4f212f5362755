// `npm run bench -- forecast [--skip-demo] [--series N] [--days N] [--workers N] [--holdout N]`
// (a) accuracy on the demo seller (seed 42, as `npm start` builds it): censored daily demand per
//     SKU × pool read the way the forecast build reads it (pipeline/analytics/forecastSeries.ts),
//     the last --holdout days (default 56 = 8 weeks) held out, forecast from the rest with peak
//     events, scored against what happened, beside seasonal naive from the same history:
//     `BENCH forecast series_scored=… mase=… mase_snaive=… wape=… wape_snaive=…`
// (b) speed: backtest + forecast of --series (10,000) synthetic series × --days (730) on --workers
//     (2) threads: `BENCH forecast series=10000 days=730 wall_s=…`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors';
import { log, say } from '../log';
import { forecastMany, type SeriesInput } from '../forecast';
import { holdoutScore, splitHoldout } from '../forecast/holdout';
import { syntheticSeries } from '../forecast/synthetic';

interface BenchArgs {
  skipDemo: boolean;
  series: number;
  days: number;
  workers: number;
  holdout: number;
}

function parseArgs(args: string[]): BenchArgs {
  const out: BenchArgs = { skipDemo: false, series: 10_000, days: 730, workers: 2, holdout: 56 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const int = () => {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} needs a positive whole number`);
      return value;
    };
    if (flag === '--skip-demo') out.skipDemo = true;
    else if (flag === '--series') out.series = int();
    else if (flag === '--days') out.days = int();
    else if (flag === '--workers') out.workers = int();
    else if (flag === '--holdout') out.holdout = int();
    else throw new UsageError(`unknown option ${flag}; options: --skip-demo --series N --days N --workers N --holdout N`);
  }
  return out;
}

const fixed = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : 'nan');

/** The demo seller's censored demand series ending on its default as-of date. */
async function demoSeries(holdout: number): Promise<SeriesInput[]> {
  const { DuckWarehouse } = require('../warehouse/duckdb') as typeof import('../warehouse/duckdb');
  const { loadDemoData } = require('../server/start') as typeof import('../server/start');
  const { renderModelStatements } = require('../analytics/models') as typeof import('../analytics/models');
  const { defaultAsOf } = require('../analytics/dataDates') as typeof import('../analytics/dataDates');
  const fs = require('../analytics/forecastSeries') as typeof import('../analytics/forecastSeries');
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-bench-forecast-'));
  const wh = await DuckWarehouse.open(':memory:');
  try {
    await loadDemoData(wh, join(dir, 'demo'), say);
    return await wh.withConnection(async (conn) => {
      // the staging and intermediate models only: the marts are not needed here
      for (const statement of renderModelStatements('duckdb')) await conn.run(statement.sql);
      const origin = await defaultAsOf(conn);
      if (!origin) throw new UsageError('the demo database has no data dates');
      const series = await fs.readDemandSeries(conn, origin, null);
      const events = await fs.readPeakEvents(conn);
      say(`demo seller: ${series.length} sku × pool series up to ${origin}`);
      // the calendar spans history + holdout, so the held-out peak days carry their event keys
      return series.map((s) => fs.toSeriesInput(s, events, holdout));
    });
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function accuracy(args: BenchArgs): Promise<void> {
  const inputs = await demoSeries(args.holdout);
  const split = inputs.map((input) => splitHoldout({ ...input, events: input.events?.slice(0, input.values.length) }, args.holdout));
  const kept = split.flatMap((s) => (s ? [s] : []));
  const trains = kept.map((s) => s.train);
  const t = performance.now();
  const results = await forecastMany(trains, { horizon: args.holdout, workers: args.workers });
  const wall = (performance.now() - t) / 1000;
  const score = holdoutScore(trains, results, kept.map((s) => s.actual));
  const models = new Map<string, number>();
  for (const r of results) models.set(r.model, (models.get(r.model) ?? 0) + 1);
  say(`models chosen: ${[...models].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}; forecast in ${wall.toFixed(1)} s`);
  say(`holdout ${args.holdout} days: mase ${fixed(score.mase)} vs seasonal naive ${fixed(score.maseSnaive)} (ratio ${fixed(score.mase / score.maseSnaive)}, goal ≤ 0.9); wape ${fixed(score.wape)} vs ${fixed(score.wapeSnaive)}; bias ${fixed(score.bias)}`);
  process.stdout.write(
    `BENCH forecast series_scored=${score.seriesScored} holdout_days=${args.holdout} mase=${fixed(score.mase)} mase_snaive=${fixed(score.maseSnaive)} ` +
      `wape=${fixed(score.wape)} wape_snaive=${fixed(score.wapeSnaive)} bias=${fixed(score.bias)}\n`,
  );
}

async function speed(args: BenchArgs): Promise<void> {
  const inputs = syntheticSeries(args.series, args.days);
  const t = performance.now();
  const results = await forecastMany(inputs, { horizon: 56, workers: args.workers });
  const wall = (performance.now() - t) / 1000;
  const scored = results.filter((r) => r.origins > 0).length;
  say(`${args.series} synthetic series × ${args.days} days, ${scored} backtested on ${args.workers} worker(s)`);
  process.stdout.write(`BENCH forecast series=${args.series} days=${args.days} workers=${args.workers} wall_s=${wall.toFixed(1)}\n`);
}

export async function run(rawArgs: string[]): Promise<void> {
  const args = parseArgs(rawArgs);
  log.level = 'warn';
  if (!args.skipDemo) await accuracy(args);
  await speed(args);
}
