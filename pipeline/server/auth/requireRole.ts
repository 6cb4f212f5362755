// Route guard: `{ preHandler: requireRole('analyst') }` authenticates the bearer token and checks
// the role. `manager` can do everything `analyst` can. app.ts refuses to start when an /api/
// route has neither a guard nor `config: { public: true }`, so a route cannot be left open by
// forgetting this line.
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AuthError } from '../../errors';
import type { Principal, Role, ServerDeps } from '../deps';
import { bearerToken } from './tokens';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's dependencies (warehouse, datasets, auth, config, clock), for route plugins. */
    crossdock: ServerDeps;
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
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new AuthError('send "Authorization: Bearer <token>"; create a token with `crossdock token create`', 401);
    }
    const principal = await request.server.crossdock.auth.verify(token);
    if (!principal) throw new AuthError('the token is unknown or has been revoked', 401, 'CD_AUTH_INVALID');
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
