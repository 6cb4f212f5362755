// The analytics datasets: what exists (listDatasets), its parameters (validateParams), and its
// rows (runDataset / streamDataset). The CLI `query` command and the HTTP server use this module.
import { allDatasets } from './registry';
import type { DatasetSpec } from './types';

export { ensureMartsFresh, isRebuilding, refreshMarts, renderModelStatements, stopRebuilds, warmLineage } from './models';
export { getDataset, renderDatasetSql } from './registry';
export { paramCatalogue, type ParamCatalogue } from './paramCatalogue';
export { answerBasis, answerVersion, runDataset, streamDataset, streamDatasetJson, validateParams, type AnswerBasis } from './run';
export type { RawParams } from './run';
export { renderSql } from './sqlRender';
export type * from './types';

/** Every dataset's public description: name, parameters, typed columns, key. */
export function listDatasets(): DatasetSpec[] {
  return allDatasets().map(({ name, title, description, params, columns, key }) => ({ name, title, description, params, columns, key }));
}
