// Stock write-back routes (docs/api.md, docs/writeback.md):
//   POST /api/v1/stock/plan    manager  validate edits, show the calls per channel; sends nothing
//   POST /api/v1/stock/apply   manager  Idempotency-Key header; pushes and answers per row
//   GET  /api/v1/stock/changes analyst  the stock ledger, ?since=<ISO timestamp>&limit=
//   GET  /api/v1/stock/rules   analyst  allocation rules; PUT/DELETE /rules/:rule_id manager
// The write-back is built from server config (writers from CROSSDOCK_<CHANNEL>_* env, see
// pipeline/writeback/writers.ts) unless ServerDeps.stock hands one in (tests). On ready it first
// reconciles what a stopped server left unfinished, then starts the verification loop.
import type { FastifyInstance } from 'fastify';
import { loadConfigIfPresent } from '../../config/load';
import { UsageError } from '../../errors';
import { deleteRule, listRules, putRule, type RulePrecondition } from '../../writeback/rules';
import { StockWriteback, writebackConfigFromEnv } from '../../writeback/service';
import { writersFor } from '../../writeback/writers';
import { requireRole } from '../auth/requireRole';

declare module '../deps' {
  interface ServerDeps {
    /** The stock write-back; built from the environment when absent. */
    stock?: StockWriteback;
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function idempotencyKeyOf(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) throw new UsageError('send an Idempotency-Key header (a new random id per push, the same one when resending it)', 'CD_IDEMPOTENCY_KEY_REQUIRED');
  if (!KEY_PATTERN.test(key)) throw new UsageError('Idempotency-Key must be 1–200 visible ASCII characters', 'CD_IDEMPOTENCY_KEY_INVALID');
  return key;
}

/** An ISO-8601 date or date-time (Date.parse alone takes "1" for 2001-01-01). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function sinceOf(raw: unknown): string | null {
  if (raw === undefined || raw === '') return null;
  const at = typeof raw === 'string' && ISO_TIMESTAMP.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(at)) throw new UsageError(`since must be an ISO-8601 timestamp, got ${JSON.stringify(raw)}`, 'CD_USAGE');
  return new Date(at).toISOString();
}

function limitOf(raw: unknown): number {
  if (raw === undefined || raw === '') return 5000;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50_000) throw new UsageError('limit must be a whole number from 1 to 50000', 'CD_USAGE');
  return limit;
}

export async function routes(app: FastifyInstance): Promise<void> {
  const deps = app.crossdock;
  const stock =
    deps.stock ??
    new StockWriteback({ warehouse: deps.warehouse, writers: writersFor(loadConfigIfPresent()?.config ?? null, process.env), config: writebackConfigFromEnv(process.env), clock: deps.clock });

  app.addHook('onReady', async () => {
    await stock.start();
  });
  app.addHook('onClose', async () => {
    await stock.stop();
  });

  app.post('/api/v1/stock/plan', { preHandler: requireRole('manager') }, async (request) => stock.plan(request.body));

  app.post('/api/v1/stock/apply', { preHandler: requireRole('manager') }, async (request) => {
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const who = request.principal!;
    return stock.apply(request.body, key, { name: who.name, role: who.role });
  });

  app.get('/api/v1/stock/changes', { preHandler: requireRole('analyst') }, async (request) => {
    const query = request.query as Record<string, unknown>;
    return stock.changes(sinceOf(query.since), limitOf(query.limit));
  });

  app.get('/api/v1/stock/rules', { preHandler: requireRole('analyst') }, async () => ({ rules: await listRules(deps.warehouse) }));

  app.put('/api/v1/stock/rules/:rule_id', { preHandler: requireRole('manager') }, async (request) => {
    const { rule_id } = request.params as { rule_id: string };
    return putRule(deps.warehouse, rule_id, request.body, request.principal!.name, deps.clock(), preconditionOf(request.headers));
  });

  app.delete('/api/v1/stock/rules/:rule_id', { preHandler: requireRole('manager') }, async (request) => {
    const { rule_id } = request.params as { rule_id: string };
    await deleteRule(deps.warehouse, rule_id, preconditionOf(request.headers));
    return { deleted: rule_id };
  });
}

/** If-Match / If-None-Match of a rule write (a header sent twice counts as its first value). */
function preconditionOf(headers: Record<string, string | string[] | undefined>): RulePrecondition {
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return { ifMatch: one(headers['if-match']), ifNoneMatch: one(headers['if-none-match']) };
}
