// Where the `warehouse.engine` setting takes effect: after `crossdock run` (copy the run's
// changes to BigQuery) and when the server starts (which registry answers dataset requests).
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { DEFAULT_CONFIG_PATH, loadConfigIfPresent } from '../../config/load';
import type { DatasetRegistry } from '../../server/deps';
import type { Warehouse } from '../types';
import { BigQueryDatasets } from './backend';
import { createBigQuery } from './client';
import type { WarehouseConfig } from './config';
import { syncToBigQuery, type SyncResult } from './loader';

/** Lines for the terminal about one sync. */
export function formatSync(result: SyncResult): string[] {
  const lines = result.tables
    .filter((t) => t.status !== 'skipped')
    .map((t) => `bigquery ${t.status.padEnd(9)} ${t.table}: ${t.rows} row(s)${t.error ? ` — ${t.error}` : ''}`);
  if (result.martsBuilt) lines.push('bigquery succeeded marts rebuilt');
  if (lines.length === 0) lines.push('bigquery: nothing changed since the last export');
  return lines;
}

/**
 * After a pipeline pass: with `warehouse.engine: bigquery`, copies the changes to BigQuery.
 * Answers null on DuckDB; otherwise the result (a failed sync is retried by the next run).
 */
export async function syncAfterRun(warehouse: Warehouse, config: WarehouseConfig, workDir: string = tmpdir()): Promise<SyncResult | null> {
  if (config.engine !== 'bigquery' || !config.bigquery) return null;
  const runId = `${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '')}_${randomUUID().slice(0, 8)}`;
  return syncToBigQuery(warehouse, createBigQuery(config.bigquery), config.bigquery, { runId, workDir });
}

/** The dataset registry for the configured engine, or null for DuckDB (the default registry). */
export function datasetRegistryFor(config: WarehouseConfig): DatasetRegistry | null {
  if (config.engine !== 'bigquery' || !config.bigquery) return null;
  return new BigQueryDatasets(createBigQuery(config.bigquery), config.bigquery);
}

/** The server's registry from crossdock.config.json when it exists and selects BigQuery. */
export function configuredDatasetRegistry(path: string = DEFAULT_CONFIG_PATH): DatasetRegistry | null {
  const loaded = loadConfigIfPresent(path);
  return loaded ? datasetRegistryFor(loaded.config.warehouse) : null;
}
