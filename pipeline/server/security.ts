// Browser-facing safety: CORS for the add-in's origin only, a refusal of /api/ calls from any
// other web origin (defence in depth: bearer tokens already force a preflight), and response
// headers. The add-in pages under /addin/ must stay framable by Office on the web, so the strict
// frame and script policy applies to the API and the landing page only.
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthError } from '../errors';

export const API_PREFIX = '/api/';

/** True when a browser request from `origin` may call the API. Same-origin is always allowed. */
export function isOriginAllowed(origin: string, allowedOrigins: string[], ownOrigin: string | null): boolean {
  return allowedOrigins.includes(origin) || origin === ownOrigin;
}

function ownOriginOf(request: FastifyRequest, https: boolean): string | null {
  const host = request.headers.host;
  return host ? `${https ? 'https' : 'http'}://${host}` : null;
}

const isLocalHost = (host: string | undefined) => /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host ?? '');

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  const { allowedOrigins, https } = app.crossdock.config;

  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.includes(origin)),
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match'],
    exposedHeaders: ['ETag', 'X-Data-Version', 'X-Request-Id'],
    credentials: false, // bearer tokens, no cookies
    maxAge: 600,
  });

  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (!origin || !request.url.startsWith(API_PREFIX) || request.method === 'OPTIONS') return;
    if (!isOriginAllowed(origin, allowedOrigins, ownOriginOf(request, https))) {
      throw new AuthError(`requests from the web origin ${origin} are not allowed; start the server with --origin ${origin} to allow it`, 403, 'CD_ORIGIN_FORBIDDEN');
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-request-id', request.id);
    // HSTS on localhost would force HTTPS on every other local dev server too (it ignores ports).
    if (https && !isLocalHost(request.headers.host)) reply.header('strict-transport-security', 'max-age=31536000');
    if (!request.url.startsWith('/addin/')) {
      reply.header('x-frame-options', 'DENY');
      if (!reply.hasHeader('content-security-policy')) {
        reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      }
    }
    // Business data never goes into shared or disk caches; the add-in revalidates with If-None-Match.
    if (request.url.startsWith(API_PREFIX)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
