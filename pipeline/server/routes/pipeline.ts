// Pipeline runs (docs/api.md, docs/pipeline.md):
//   GET  /api/v1/pipeline/runs  analyst  recent runs per stream (?limit=&pass_id=&stream=), each
//                                        stream's schedule and next run, and the data version
//   POST /api/v1/pipeline/run   manager  starts a pass now (body { only?: ["shopify/orders"] });
//                                        202 { pass_id } at once, or with ?wait=true 200 when done
// The scheduler itself is started by the serve hook (pipeline/server/hooks/scheduler.ts), which
// sets `deps.pipeline`; without a crossdock.config.json there is none and POST answers 503.
import type { FastifyInstance } from 'fastify';
import { RetryLaterError, UsageError } from '../../errors';
import { newPassId, recentRuns, type PassResult } from '../../scheduler/runner';
import type { StreamStatus } from '../../scheduler/service';
import { dataVersion } from '../../warehouse/duckdb';
import { requireRole } from '../auth/requireRole';

export interface PipelineControl {
  /** `trigger: 'cli'`: `crossdock run` beside the server, through its admin socket. */
  runNow(options: { only?: string[]; passId?: string; trigger?: 'api' | 'cli'; skipInbox?: boolean }): Promise<PassResult>;
  status(): StreamStatus[];
}

declare module '../deps' {
  interface ServerDeps {
    /** The in-process scheduler, once the serve hook started it. */
    pipeline?: PipelineControl;
  }
}

function limitOf(raw: unknown): number {
  if (raw === undefined || raw === '') return 100;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new UsageError('limit must be a whole number from 1 to 5000');
  return limit;
}

function onlyOf(body: unknown): string[] | undefined {
  const only = (body as { only?: unknown } | undefined)?.only;
  if (only === undefined) return undefined;
  if (!Array.isArray(only) || !only.every((o) => typeof o === 'string' && /^[a-z]+(\/[A-Za-z0-9._-]+){0,2}$/.test(o))) {
    throw new UsageError('only must be a list of "<channel>", "<channel>/<stream>" or "<channel>/<account>/<stream>" names');
  }
  return only;
}

export async function routes(app: FastifyInstance): Promise<void> {
  const deps = app.crossdock;

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/pipeline/runs', { preHandler: requireRole('analyst') }, async (request) => ({
    runs: await recentRuns(deps.warehouse, { limit: limitOf(request.query.limit), passId: request.query.pass_id || undefined, stream: request.query.stream || undefined }),
    streams: deps.pipeline?.status() ?? [],
    data_version: await dataVersion(deps.warehouse),
  }));

  app.post<{ Querystring: { wait?: string } }>('/api/v1/pipeline/run', { preHandler: requireRole('manager') }, async (request, reply) => {
    const pipeline = deps.pipeline;
    if (!pipeline) throw new RetryLaterError('the pipeline scheduler is not running on this server (no crossdock.config.json: see docs/config.md)', 'CD_PIPELINE_OFF');
    const only = onlyOf(request.body);
    const passId = newPassId(new Date());
    const pass = pipeline.runNow({ only, passId, trigger: 'api' });
    if (request.query.wait !== 'true') {
      pass.catch(() => undefined); // failures land in pipeline_run
      return reply.code(202).send({ pass_id: passId, run_ids: [] });
    }
    const result = await pass;
    return { pass_id: passId, run_ids: result.streams.map((s) => s.runId), streams: result.streams, inbox: result.inbox };
  });
}
