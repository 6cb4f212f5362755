// The BigQuery warehouse engine: loading (loader.ts), querying (backend.ts), configuration.
export { BigQueryDatasets, QueryTooExpensiveError } from './backend';
export { createBigQuery } from './client';
export { bigQueryConfig, warehouseConfig, type BigQueryConfig, type WarehouseConfig } from './config';
export { BigQueryJobError } from './jobs';
export { BigQuerySync, syncToBigQuery, type SyncResult } from './loader';
export { EXPORT_TABLES } from './tables';
