// Route guard: `{ preHandler: requireRole('analyst') }` authenticates the bearer token and checks
// the role. `manager` can do everything `analyst` can. app.ts refuses to start when an /api/
// route has neither a guard nor `config: { public: true }`, so a route cannot be left open by
// forgetting this line. Rejected credentials are counted per client IP (failureLimit.ts): past
// the limit they answer 429 instead of 401; a valid token always passes.
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AuthError, TooManyRequestsError } from '../../errors';
import type { Principal, Role, ServerDeps } from '../deps';
import type { AuthFailureLimiter } from './failureLimit';
import { bearerToken } from './tokens';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's dependencies (warehouse, datasets, auth, config, clock), for route plugins. */
    crossdock: ServerDeps;
    /** Rejected credentials per client IP (built by buildServer from config.authFailureLimit). */
    authFailures: AuthFailureLimiter;
  }
  interface FastifyRequest {
    /** Set by requireRole once the token is verified. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Marks an /api/ route that answers without a token (health). */
    public?: boolean;
  }
}

const ROLE_RANK: Record<Role, number> = { analyst: 1, manager: 2 };
const guards = new WeakSet<object>();

export function requireRole(role: Role): preHandlerAsyncHookHandler {
  const guard: preHandlerAsyncHookHandler = async function (request: FastifyRequest) {
    const header = request.headers.authorization;
    const token = bearerToken(header);
    const principal = token ? await request.server.crossdock.auth.verify(token) : null;
    if (!principal) {
      const howTo = 'send "Authorization: Bearer <token>"; create a token with `crossdock token create`';
      if (header === undefined) throw new AuthError(howTo, 401); // nothing presented: not a failed attempt
      // request.ip is the socket's peer address (trustProxy is off): a client cannot choose it.
      const retryAfterSeconds = request.server.authFailures.recordFailure(request.ip);
      if (retryAfterSeconds !== null) {
        throw new TooManyRequestsError(
          `too many failed authentications from ${request.ip}; retry in ${retryAfterSeconds} s with a valid token`,
          retryAfterSeconds,
          'CD_AUTH_RATE_LIMITED',
        );
      }
      if (!token) throw new AuthError(howTo, 401);
      throw new AuthError('the token is unknown or has been revoked', 401, 'CD_AUTH_INVALID');
    }
    request.principal = principal;
    if (ROLE_RANK[principal.role] < ROLE_RANK[role]) {
      throw new AuthError(`this needs the ${role} role; the token "${principal.name}" has the ${principal.role} role`, 403);
    }
  };
  guards.add(guard);
  return guard;
}

/** True when a route's preHandler list contains a guard made by requireRole. */
export function hasRoleGuard(preHandler: unknown): boolean {
  const handlers = Array.isArray(preHandler) ? preHandler : preHandler ? [preHandler] : [];
  return handlers.some((handler) => typeof handler === 'function' && guards.has(handler));
}
