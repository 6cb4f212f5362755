// Pipeline runs: what each scheduled pull, inbox file and manual ingest read, loaded and refused,
// and how far each stream's watermark got — the add-in shows data freshness from it.
// Written by pipeline/scheduler (docs/pipeline.md); SQL in sql/analytics/pipeline_runs.sql.
import { columns } from '../columns';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'pipeline_runs',
  title: 'Pipeline runs',
  description:
    'One row per run of one stream (an API pull, an inbox file, a manual ingest) started in the last `days` days, ' +
    'newest first: status, rows read/loaded/rejected, watermark before/after, error, and the hours since that stream last succeeded.',
  key: ['run_id'],
  order: ['started_at desc', 'run_id'],
  params: [
    { name: 'days', type: 'integer', description: 'Runs started in this many days before now', default: '7', min: 1, max: 3660 },
    { name: 'stream', type: 'string', description: 'Only this stream (e.g. shopify/orders, amazon/all_orders)', pattern: '^[a-z0-9_]+(/[a-z0-9_]+)?$' },
    { name: 'status', type: 'string', description: 'Only runs with this status', allowed: ['running', 'succeeded', 'partial', 'failed'] },
  ],
  usesMarts: false,
  versioned: false, // runs change state (running → succeeded) without a new data version
  columns: columns({
    run_id: 'string',
    pass_id: 'string',
    run_kind: 'string',
    stream: 'string',
    account: 'string',
    run_trigger: 'string',
    attempt: 'integer',
    started_at: 'timestamp',
    finished_at: 'timestamp',
    duration_s: 'number',
    run_status: 'string',
    rows_read: 'integer',
    rows_loaded: 'integer',
    rows_rejected: 'integer',
    watermark_before: 'string',
    watermark_after: 'string',
    error_message: 'string',
    hours_since_last_success: 'number',
  }),
};
