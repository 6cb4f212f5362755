// The real datasets: pipeline/analytics/index.ts, adapted to the server's DatasetRegistry port.
// Loaded when the server starts (not at import) so that tests of the HTTP layer never pay for it.
import type { DatasetRegistry } from './deps';

/** How long a refresh waits for the analytics models to catch up with new data. */
export const REFRESH_WAIT_MS = 1000;

export function loadAnalyticsRegistry(): DatasetRegistry {
  const { listDatasets, validateParams, streamDatasetJson, answerVersion, ensureMartsFresh, getDataset, warmLineage } = require('../analytics') as typeof import('../analytics');
  return {
    listDatasets,
    validateParams,
    // A refresh waits up to a second for the models to catch up with a change (a push rebuilds
    // none), else answers from the previous consistent build while the rebuild runs (models.ts).
    // Rows come encoded as JSON by the warehouse (warehouse/jsonRows.ts): the bytes the API sends.
    streamDataset: (warehouse, name, raw) => streamDatasetJson(warehouse, name, raw, { waitForNewData: REFRESH_WAIT_MS }),
    answerVersion: (warehouse, name) => answerVersion(warehouse, name, { waitForNewData: REFRESH_WAIT_MS }),
    // every write that changes what a dataset reads bumps the data version (but the run log)
    isVersioned: (name) => getDataset(name).versioned !== false,
    // build the models, and learn what each reads so the first push's refresh need not
    prepare: async (warehouse) => {
      await ensureMartsFresh(warehouse);
      await warmLineage(warehouse);
    },
  };
}
