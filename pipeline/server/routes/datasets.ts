// GET /api/v1/datasets: what can be asked for (parameters with allow-lists, typed columns).
// GET /api/v1/datasets/:name: one dataset, streamed (see datasetBody.ts), tagged with the data
// version so the add-in can skip a refresh when nothing changed (If-None-Match → 304). Answers
// are kept in memory by ETag (answerCache.ts): analysts refreshing the same sheet share one query.
import type { FastifyInstance } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { NotFoundError } from '../../errors';
import { dataVersion } from '../../warehouse/duckdb';
import { requireRole } from '../auth/requireRole';
import { AnswerCache } from '../answerCache';
import { PagedAnswers, replay } from '../pagedAnswers';
import { encodeDatasetBody, encodeDatasetBodyParts, partText, type BodyPart, type Page } from '../datasetBody';
import { GzipParts } from '../../warehouse/gzipParts';
import type { RowRange } from '../../analytics/types';
import type { AnswerBasis, DatasetChunk } from '../deps';
import { datasetEtag, etagMatches, parseDatasetQuery } from '../datasetQuery';
import { acceptsGzip, gzipEtag, gzipText } from '../encoding';

export async function routes(app: FastifyInstance): Promise<void> {
  const { datasets, warehouse, config } = app.crossdock;
  const answers = new AnswerCache({ maxBytes: config.answerCacheBytes });
  const pagedAnswers = new PagedAnswers({ maxBytes: config.pagedAnswerBytes });

  app.get('/api/v1/datasets', { preHandler: requireRole('analyst') }, async () => {
    // choices and data dates are a help, not the answer: without them the add-in shows free-text fields
    const known = await datasets.catalogue?.(warehouse).catch(() => undefined);
    return { datasets: datasets.listDatasets(), ...(known ?? {}) };
  });

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
      // The rows are read with the same basis: the build state is read once per request.
      const basis = await (datasets.answerBasis?.(warehouse, name) ?? dataVersion(warehouse).then((version) => ({ version })));
      const { version } = basis;
      const etag = datasetEtag(config.instanceId, version, name, params, page);
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      reply.header('etag', gzip ? gzipEtag(etag) : etag).header('x-data-version', version).header('vary', 'accept-encoding');
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
      reply.type('application/json; charset=utf-8');

      // The same ETag is the same answer: send the kept bytes, or wait for the request building them.
      const versioned = datasets.isVersioned?.(name) ?? false;
      const hit = versioned ? answers.lookup(etag) : undefined;
      const kept = typeof hit === 'string' ? hit : hit ? await hit : null;
      if (kept !== null) return gzip ? reply.header('content-encoding', 'gzip').send(await (answers.gzipped(etag) ?? gzipText(kept))) : reply.send(kept);

      const claim = versioned ? answers.claim(etag) : { record: (parts: AsyncIterable<string>) => parts, abandon: () => undefined };
      reply.raw.once('close', () => claim.abandon());
      try {
        const rows = { from: page.offset, to: page.limit === null ? null : page.offset + page.limit };
        const source = await pageSource(name, raw, rows, basis, versioned && page.limit !== null ? datasetEtag(config.instanceId, version, name, params, WHOLE) : null);
        const first = await source.next(); // a failing query still gets a proper error status
        // The source may resolve defaults (as_of → latest data date); show what was actually run.
        const ranWith = (!first.done && first.value.params) || params;
        const warnings = (!first.done && first.value.warnings) || [];
        const head = { dataset: name, params: ranWith, data_version: version, warnings };
        if (gzip && isMartSource(first)) {
          // a mart's blocks were deflated when it was built: only the head and tail are compressed now
          const zipped = new GzipParts();
          const parts = encodeDatasetBodyParts(head, spec.columns, source, first, page);
          for await (const text of claim.record(zipAlong(parts, zipped))) void text; // kept as text for clients without gzip
          const body = zipped.finish();
          if (versioned) answers.keepGzipped(etag, body);
          return reply.header('content-encoding', 'gzip').send(body);
        }
        const stream = Readable.from(claim.record(encodeDatasetBody(head, spec.columns, source, first, page)));
        // level 1 while streaming: the first answer is compressed as it is written
        if (!gzip) return reply.send(stream);
        return reply.header('content-encoding', 'gzip').send(pipeline(stream, createGzip({ level: 1 }), () => undefined));
      } catch (err) {
        claim.abandon();
        throw err;
      }
    },
  );

  /**
   * The rows of one page's answer: cut from the whole answer when an earlier page kept it, else
   * the query's, recorded so that a page ending before the answer does keeps the rest
   * (`wholeKey`: the answer's key without the page; null: not paged or not fixed by its version).
   */
  async function pageSource(name: string, raw: Record<string, string>, rows: RowRange, basis: AnswerBasis, wholeKey: string | null): Promise<AsyncIterator<DatasetChunk>> {
    // a mart's blocks outside `rows` are not read (and not kept: pagedAnswers keeps live rows only)
    const query = () => datasets.streamDataset(warehouse, name, raw, rows, basis)[Symbol.asyncIterator]();
    if (wholeKey === null) return query();
    const hit = pagedAnswers.lookup(wholeKey);
    const kept = hit instanceof Promise ? await hit : hit;
    return kept ? replay(kept) : pagedAnswers.record(wholeKey, query());
  }
}

const WHOLE: Page = { offset: 0, limit: null };

/** An answer read from a mart's stored blocks (its first chunk is a block, or the rows a page skips). */
function isMartSource(first: IteratorResult<DatasetChunk>): boolean {
  return !first.done && (first.value.jsonChunk !== undefined || first.value.skippedRows !== undefined);
}

/** The parts' texts, each also added to `zipped` (a block as deflated at build time). */
async function* zipAlong(parts: AsyncIterable<BodyPart>, zipped: GzipParts): AsyncGenerator<string> {
  for await (const part of parts) {
    const text = partText(part);
    zipped.push(text, typeof part === 'string' ? undefined : part.deflated);
    yield text;
  }
}
