// Browser-facing safety: a refusal of /api/ calls for a Host this server does not answer to (DNS
// rebinding), CORS for the add-in's origin only, a refusal of /api/ calls from any other web
// origin (defence in depth: bearer tokens already force a preflight), and response headers. The
// server's own origin comes from what it knows (hostNames.ts, the port the connection came in
// on), never from the request's Host header. The add-in pages under /addin/ must stay framable by
// Office on the web, so the strict frame and script policy applies to the API and the landing
// page only.
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, MisdirectedRequestError } from '../errors';
import { hostNameOf, isKnownHostName, isOwnOrigin, LOOPBACK_NAMES, OwnAddress } from './hostNames';

export const API_PREFIX = '/api/';

/** True when a browser request from `origin` may call the API: a configured origin, or the server's own. */
export function isOriginAllowed(origin: string, allowedOrigins: readonly string[], own: OwnAddress | null): boolean {
  return allowedOrigins.includes(origin) || (own !== null && isOwnOrigin(origin, own));
}

function ownAddressOf(request: FastifyRequest, https: boolean, hostNames: readonly string[]): OwnAddress | null {
  const port = request.socket.localPort; // where this server accepted the connection, not what the client claims
  return port === undefined ? null : { https, port, hostNames };
}

const isLocalHost = (host: string | undefined) => /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host ?? '');

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  const { allowedOrigins, https } = app.crossdock.config;
  const hostNames = [...LOOPBACK_NAMES, ...(app.crossdock.config.hostNames ?? [])];

  // Before CORS, so a preflight for a foreign Host is refused too. No Host at all (HTTP/1.0) is
  // let through: every browser sends one.
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host;
    if (host === undefined || !request.url.startsWith(API_PREFIX)) return;
    const name = hostNameOf(host);
    if (name === null || !isKnownHostName(name, hostNames)) {
      throw new MisdirectedRequestError(
        `this server does not answer to the host name ${JSON.stringify((name ?? host).slice(0, 100))} (a DNS rebinding attempt?); ` +
          `it answers to ${hostNames.slice(0, 8).join(', ')}; when that name is yours, start it with --origin https://<name> or a certificate for it`,
      );
    }
  });

  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.includes(origin)),
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match'],
    exposedHeaders: ['ETag', 'X-Data-Version', 'X-Request-Id'],
    credentials: false, // bearer tokens, no cookies
    maxAge: 600,
  });

  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (!origin || !request.url.startsWith(API_PREFIX) || request.method === 'OPTIONS') return;
    if (!isOriginAllowed(origin, allowedOrigins, ownAddressOf(request, https, hostNames))) {
      throw new AuthError(`requests from the web origin ${origin} are not allowed; start the server with --origin ${origin} to allow it`, 403, 'CD_ORIGIN_FORBIDDEN');
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(request, reply);
    return payload;
  });
}

/** The response headers of every answer (onSend; errorHandler.ts calls it for answers Fastify sends without hooks). */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-request-id', request.id);
  // HSTS on localhost would force HTTPS on every other local dev server too (it ignores ports).
  if (request.server.crossdock.config.https && !isLocalHost(request.headers.host)) reply.header('strict-transport-security', 'max-age=31536000');
  if (!request.url.startsWith('/addin/')) {
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
  }
  // Business data never goes into shared or disk caches; the add-in revalidates with If-None-Match.
  if (request.url.startsWith(API_PREFIX)) reply.header('cache-control', 'no-store');
}
