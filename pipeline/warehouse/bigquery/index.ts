// The BigQuery warehouse engine: loading (loader.ts), reading (bigQueryWarehouse.ts), the
// datasets it serves (backend.ts), configuration.
export { BigQueryDatasets } from './backend';
export { BigQueryWarehouse, QueryTooExpensiveError, type BigQueryReadOptions } from './bigQueryWarehouse';
export { createBigQuery } from './client';
export { bigQueryConfig, warehouseConfig, type BigQueryConfig, type WarehouseConfig } from './config';
export { BigQueryJobError } from './jobs';
export { BigQuerySync, syncToBigQuery, type SyncResult } from './loader';
export { EXPORT_TABLES } from './tables';
