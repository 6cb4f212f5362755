// Starts the pipeline scheduler in every `crossdock serve` (and `npm start`): the server process
// owns the DuckDB file, so scheduled pulls and API triggers run here (docs/pipeline.md).
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfigIfPresent } from '../../config/load';
import { log } from '../../log';
import { applyConfigToWarehouse, pipelineDeps } from '../../scheduler/pipeline';
import { markInterruptedRuns } from '../../scheduler/runner';
import { PipelineService } from '../../scheduler/service';
import type { ServeHook } from '../hooks';

export const serveHook: ServeHook = {
  name: 'pipeline scheduler',
  async run({ deps, say }) {
    const loaded = loadConfigIfPresent();
    if (!loaded) {
      say(`Pipeline scheduler off: no ${resolve(DEFAULT_CONFIG_PATH)} (see docs/config.md).`);
      return;
    }
    const interrupted = await markInterruptedRuns(deps.warehouse);
    if (interrupted) log.warn({ runs: interrupted }, 'marked runs interrupted by the last stop as failed');
    await applyConfigToWarehouse(deps.warehouse, loaded);
    const service = new PipelineService(pipelineDeps(deps.warehouse, loaded), {
      retryAttempts: loaded.config.retries.attempts,
      retryBaseMs: loaded.config.retries.baseSeconds * 1000,
    });
    service.start();
    deps.pipeline = service;
    say(`Pipeline scheduler: ${service.targets.length} stream(s) from ${loaded.path}${loaded.config.inbox ? `, inbox ${loaded.config.inbox.dir}` : ''}.`);
    return async () => {
      deps.pipeline = undefined;
      await service.stop();
    };
  },
};
