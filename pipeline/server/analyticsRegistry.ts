// The real datasets: pipeline/analytics/index.ts, adapted to the server's DatasetRegistry port.
// Loaded when the server starts (not at import) so that tests of the HTTP layer never pay for it.
import type { ParamCatalogue } from '../analytics/paramCatalogue';
import type { AnswerBasis as AnalyticsBasis } from '../analytics';
import type { DatasetRegistry } from './deps';

/** How long a refresh waits for the analytics models to catch up with new data. */
export const REFRESH_WAIT_MS = 1000;

export function loadAnalyticsRegistry(): DatasetRegistry {
  const { listDatasets, validateParams, streamDatasetJson, answerBasis, ensureMartsFresh, getDataset, warmLineage, paramCatalogue, isRebuilding, stopRebuilds } =
    require('../analytics') as typeof import('../analytics');
  // the catalogue's choices and dates change only when the models are rebuilt: read once per build
  let catalogue: { version: string; answer: Promise<ParamCatalogue> } | undefined;
  return {
    listDatasets,
    validateParams,
    // A refresh waits up to a second for the models to catch up with a change (a push rebuilds
    // none), else answers from the previous consistent build while the rebuild runs (models.ts).
    // Rows come encoded as JSON by the warehouse (warehouse/jsonRows.ts): the bytes the API sends.
    // The bases handed back are the ones answerBasis made (the server does not look inside).
    streamDataset: (warehouse, name, raw, rows, basis) => streamDatasetJson(warehouse, name, raw, { waitForNewData: REFRESH_WAIT_MS }, rows, basis as AnalyticsBasis | undefined),
    answerBasis: (warehouse, name) => answerBasis(warehouse, name, { waitForNewData: REFRESH_WAIT_MS }),
    // every write that changes what a dataset reads bumps the data version (but the run log)
    isVersioned: (name) => getDataset(name).versioned !== false,
    catalogue: async (warehouse) => {
      const state = await ensureMartsFresh(warehouse, { waitForNewData: REFRESH_WAIT_MS });
      const version = state.builtFor ?? state.dataVersion;
      if (catalogue?.version !== version) {
        const answer = warehouse.withConnection(paramCatalogue);
        catalogue = { version, answer };
        answer.catch(() => {
          if (catalogue?.answer === answer) catalogue = undefined; // not kept: the next request asks again
        });
      }
      return catalogue.answer;
    },
    // a refresh leaves the marts' rebuild running after it has its answer: a stop waits for it
    background: { running: isRebuilding, stop: stopRebuilds },
    // build the models, and learn what each reads so the first push's refresh need not
    prepare: async (warehouse) => {
      await ensureMartsFresh(warehouse);
      await warmLineage(warehouse);
    },
  };
}
