// GET /api/v1/datasets: what can be asked for (parameters with allow-lists, typed columns).
// GET /api/v1/datasets/:name: one dataset, streamed (see datasetBody.ts), tagged with the data
// version so the add-in can skip a refresh when nothing changed (If-None-Match → 304).
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { NotFoundError } from '../../errors';
import { dataVersion } from '../../warehouse/duckdb';
import { requireRole } from '../auth/requireRole';
import { encodeDatasetBody } from '../datasetBody';
import { datasetEtag, etagMatches, parseDatasetQuery } from '../datasetQuery';

export async function routes(app: FastifyInstance): Promise<void> {
  const { datasets, warehouse, config } = app.crossdock;

  app.get('/api/v1/datasets', { preHandler: requireRole('analyst') }, async () => ({ datasets: datasets.listDatasets() }));

  app.get<{ Params: { name: string }; Querystring: Record<string, unknown> }>(
    '/api/v1/datasets/:name',
    { preHandler: requireRole('analyst') },
    async (request, reply) => {
      const { name } = request.params;
      const specs = datasets.listDatasets();
      const spec = specs.find((candidate) => candidate.name === name);
      if (!spec) {
        throw new NotFoundError(
          `unknown dataset "${name.slice(0, 64)}"; valid datasets: ${specs.map((s) => s.name).join(', ')}`,
          'CD_DATASET_UNKNOWN',
        );
      }
      const { raw, page } = parseDatasetQuery(request.query);
      const params = datasets.validateParams(name, raw);
      // Read the version before the rows: if data lands in between, the answer is labelled
      // older than it is and the next refresh fetches again; never the other way round.
      const version = await (datasets.answerVersion?.(warehouse, name) ?? dataVersion(warehouse));
      const etag = datasetEtag(config.instanceId, version, name, params, page);
      reply.header('etag', etag).header('x-data-version', version);
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();

      const source = datasets.streamDataset(warehouse, name, raw)[Symbol.asyncIterator]();
      const first = await source.next(); // a failing query still gets a proper error status
      // The source may resolve defaults (as_of → latest data date); show what was actually run.
      const ranWith = (!first.done && first.value.params) || params;
      const warnings = (!first.done && first.value.warnings) || [];
      const body = encodeDatasetBody({ dataset: name, params: ranWith, data_version: version, warnings }, spec.columns, source, first, page);
      return reply.type('application/json; charset=utf-8').send(Readable.from(body));
    },
  );
}
