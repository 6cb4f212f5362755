// Dry-runs every dataset (and its mart read) against a real BigQuery project: validates the SQL
// BigQuery will run and prints the bytes each would scan. Dry runs are free.
//   GOOGLE_APPLICATION_CREDENTIALS=key.json CROSSDOCK_BQ_PROJECT=my-project \
//   CROSSDOCK_BQ_DATASET=crossdock CROSSDOCK_BQ_LOCATION=EU npx jest -c jest.bigquery-live.config.js
// The dataset must already hold the tables (one `crossdock run` with warehouse.engine bigquery).
jest.mock('teeny-request', () => require('../support/bigqueryStub').nativeTeenyRequest());
import { renderDatasetSql } from '../../pipeline/analytics';
import { getDataset } from '../../pipeline/analytics/registry';
import { datasetNames } from '../../pipeline/analytics/registry';
import { bigQueryConfig, createBigQuery } from '../../pipeline/warehouse/bigquery';
import { defaultParams, servedFromBigQuery } from '../../pipeline/warehouse/bigquery/marts';
import { bigQueryParamValues, queryParams, queryParamTypes } from '../../pipeline/warehouse/bigquery/params';

const project = process.env.CROSSDOCK_BQ_PROJECT;
const missing = [!process.env.GOOGLE_APPLICATION_CREDENTIALS && 'GOOGLE_APPLICATION_CREDENTIALS', !project && 'CROSSDOCK_BQ_PROJECT'].filter(Boolean);
if (missing.length > 0) console.log(`BigQuery live suite skipped: ${missing.join(' and ')} not set (see docs/bigquery.md)`);
const suite = missing.length > 0 ? describe.skip : describe;

suite('datasets on a real BigQuery project (dry run)', () => {
  const config = bigQueryConfig.parse({
    projectId: project ?? 'unset-project',
    dataset: process.env.CROSSDOCK_BQ_DATASET ?? 'crossdock',
    location: process.env.CROSSDOCK_BQ_LOCATION ?? 'US',
  });
  const bq = createBigQuery(config);

  it.each(datasetNames().filter(servedFromBigQuery))('%s is valid BigQuery SQL', async (name) => {
    const definition = getDataset(name);
    const params = queryParams(definition, defaultParams(definition, '2025-06-30'));
    const [job] = await bq.createQueryJob({
      query: renderDatasetSql(name, 'bigquery', { relationPrefix: `${config.projectId}.${config.dataset}` }),
      params: bigQueryParamValues(definition, params),
      types: queryParamTypes(definition, params),
      dryRun: true,
      location: config.location,
      labels: config.labels,
    });
    const bytes = Number(job.metadata.statistics.totalBytesProcessed);
    console.log(`${name}: would scan ${bytes} bytes`);
    expect(bytes).toBeGreaterThanOrEqual(0);
  });
});
