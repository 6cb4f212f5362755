// The BigQuery client, configured from `warehouse.bigquery`. Production authenticates with
// Application Default Credentials; tests pass `authClient` (a fake token) and a local apiEndpoint.
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import type { BigQueryConfig } from './config';

export function createBigQuery(config: BigQueryConfig, options: { authClient?: BigQueryOptions['authClient'] } = {}): BigQuery {
  return new BigQuery({
    projectId: config.projectId,
    location: config.location,
    ...(config.apiEndpoint ? { apiEndpoint: config.apiEndpoint } : {}),
    ...(options.authClient ? { authClient: options.authClient } : {}),
  });
}
