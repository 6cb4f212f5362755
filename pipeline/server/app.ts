// The HTTP app: buildServer(deps) wires the error handler, CORS and security headers, and every
// route module in pipeline/server/routes/. It opens nothing itself (see serve.ts for that), so
// tests build it on an in-memory warehouse with fake datasets and inject requests.
//
// Adding routes (write-back, pipeline runs, …): create `pipeline/server/routes/<area>.ts` that
// exports `routes`, a Fastify plugin. It is loaded automatically; nothing here needs editing.
//
//   import type { FastifyInstance } from 'fastify';
//   import { requireRole } from '../auth/requireRole';
//   export async function routes(app: FastifyInstance): Promise<void> {
//     const { warehouse, clock } = app.crossdock;                 // ServerDeps (deps.ts)
//     app.post('/api/v1/stock/plan', { preHandler: requireRole('manager') }, async (request) => {
//       const who = request.principal!;                            // { tokenId, name, role }
//       return planStock(warehouse, request.body, who.name);       // throw CrossdockError subclasses
//     });
//   }
//
// Every /api/ route needs `preHandler: requireRole('analyst' | 'manager')` or
// `config: { public: true }`; buildServer fails at startup otherwise. Throw the typed errors of
// pipeline/errors.ts: the handler answers `{ code, message }` with their HTTP status. Need another
// dependency (channel writers, a scheduler)? Add an optional field to ServerDeps by declaration
// merging in your route file (see routes/stock.ts) and build it when absent. Work that must run
// in the server process goes in pipeline/server/hooks/ (hooks.ts). More in docs/server.md.
import Fastify, { FastifyInstance, FastifyPluginAsync, FastifyServerOptions, LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../log';
import { AuthFailureLimiter, DEFAULT_AUTH_FAILURE_LIMIT } from './auth/failureLimit';
import { hasRoleGuard } from './auth/requireRole';
import type { ServerDeps } from './deps';
import { answerClientError, registerErrorHandlers, sendFrameworkError } from './errorHandler';
import { API_PREFIX, registerSecurity } from './security';

export const ROUTES_DIR = join(__dirname, 'routes');

export interface BuildServerOptions {
  /** PEM key and certificate: serve HTTPS. Without them, plain HTTP (tests, behind a TLS proxy). */
  https?: { key: Buffer | string; cert: Buffer | string };
  /** Route plugins to use instead of every module in routes/ (tests of one area). */
  routes?: FastifyPluginAsync[];
  /** Extra route plugins (tests add routes of their own). */
  extraRoutes?: FastifyPluginAsync[];
}

/** The `routes` plugins of pipeline/server/routes/*.ts, in file name order. */
export function loadRouteModules(dir: string = ROUTES_DIR): FastifyPluginAsync[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => {
      const mod = require(join(dir, file)) as { routes?: FastifyPluginAsync };
      if (typeof mod.routes !== 'function') throw new Error(`${join(dir, file)} must export \`routes\`, a Fastify plugin`);
      return mod.routes;
    });
}

export async function buildServer(deps: ServerDeps, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions & { https?: BuildServerOptions['https'] } = {
    loggerInstance: log.child({ component: 'server' }),
    logController: new LogController({ disableRequestLogging: true }), // one line per request below, no headers (tokens)
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // Requests refused before routing (a URL path segment over 100 characters, a bad URL) and by
    // Node's parser (headers over 16 KiB) answer { code, message } like every other error.
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: answerClientError,
    ...(options.https ? { https: options.https } : {}),
  };
  const app = Fastify(serverOptions) as unknown as FastifyInstance;
  app.decorate('crossdock', deps);
  app.decorate('authFailures', new AuthFailureLimiter(deps.config.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT, deps.clock));
  registerErrorHandlers(app);

  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith(API_PREFIX);
    const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
    if (isApi && route.method !== 'OPTIONS' && route.method !== 'HEAD' && !isPublic && !hasRoleGuard(route.preHandler)) {
      throw new Error(`route ${String(route.method)} ${route.url} has no requireRole() preHandler; add one or mark it config.public`);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        who: request.principal?.name,
      },
      'request',
    );
  });

  await registerSecurity(app);
  for (const plugin of [...(options.routes ?? loadRouteModules()), ...(options.extraRoutes ?? [])]) await app.register(plugin);
  return app;
}
