// GET /api/v1/health (no token: load balancers and the add-in's "is the server up?" probe) and
// GET /api/v1/me (who the presented token belongs to; the add-in shows it after Connect).
import type { FastifyInstance } from 'fastify';
import { dataVersion } from '../../warehouse/duckdb';
import { requireRole } from '../auth/requireRole';

export async function routes(app: FastifyInstance): Promise<void> {
  const { warehouse, config } = app.crossdock;

  app.get('/api/v1/health', { config: { public: true } }, async () => ({
    status: 'ok',
    version: config.version,
    data_version: await dataVersion(warehouse),
  }));

  app.get('/api/v1/me', { preHandler: requireRole('analyst') }, async (request) => {
    const principal = request.principal!;
    return { name: principal.name, role: principal.role, token_id: principal.tokenId };
  });
}
