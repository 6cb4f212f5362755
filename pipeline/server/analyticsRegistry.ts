// The real datasets: pipeline/analytics/index.ts, adapted to the server's DatasetRegistry port.
// Loaded when the server starts (not at import) so that tests of the HTTP layer never pay for it.
import type { DatasetRegistry } from './deps';

export function loadAnalyticsRegistry(): DatasetRegistry {
  const { listDatasets, validateParams, streamDataset, answerVersion, ensureMartsFresh, getDataset } = require('../analytics') as typeof import('../analytics');
  return {
    listDatasets,
    validateParams,
    // A refresh answers from the previous consistent build while a rebuild runs (models.ts).
    streamDataset: (warehouse, name, raw) => streamDataset(warehouse, name, raw, { waitForNewData: false }),
    answerVersion,
    // the marts' datasets answer from tables rebuilt per data version
    isVersioned: (name) => getDataset(name).usesMarts !== false,
    prepare: (warehouse) => ensureMartsFresh(warehouse),
  };
}
