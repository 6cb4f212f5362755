// `warehouse` in crossdock.config.json: which engine serves analytics, and the BigQuery target.
// Credentials are never configured here: the client uses Application Default Credentials from
// the environment (GOOGLE_APPLICATION_CREDENTIALS or the metadata server).
import { z } from 'zod';

const label = z.string().regex(/^[a-z0-9_-]{0,63}$/, 'BigQuery label values: lowercase letters, digits, _ and -, at most 63');

export const bigQueryConfig = z.strictObject({
  projectId: z.string().regex(/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/, 'a Google Cloud project id such as "acme-analytics"'),
  dataset: z.string().regex(/^[A-Za-z0-9_]{1,1024}$/, 'a BigQuery dataset name: letters, digits and _'),
  location: z.string().min(2).default('US'),
  /** Only for tests and emulators: a local endpoint instead of https://bigquery.googleapis.com. */
  apiEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** Every query job is capped at this many bytes billed; the API refuses queries estimated above it. */
  maximumBytesBilled: z.number().int().positive().default(10 * 1024 ** 3),
  labels: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/), label).default({ app: 'crossdock' }),
  /** A job still running after this long fails the step (the next run retries). */
  jobTimeoutSeconds: z.number().positive().max(6 * 3600).default(600),
});

export const warehouseConfig = z
  .strictObject({
    engine: z.enum(['duckdb', 'bigquery']).default('duckdb'),
    bigquery: bigQueryConfig.optional(),
  })
  .refine((w) => w.engine !== 'bigquery' || w.bigquery !== undefined, {
    message: 'warehouse.engine "bigquery" needs warehouse.bigquery { projectId, dataset, location }',
    path: ['bigquery'],
  });

export type BigQueryConfig = z.output<typeof bigQueryConfig>;
export type WarehouseConfig = z.output<typeof warehouseConfig>;
