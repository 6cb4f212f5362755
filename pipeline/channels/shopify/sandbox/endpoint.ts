// POST /admin/api/{version}/graphql.json: auth, parse, cost (requested cost checked against the
// leaky bucket before execution, THROTTLED with throttleStatus when short), then every root field
// resolved through the store's registry. Errors follow Shopify's shapes: HTTP 200 with
// `errors` for GraphQL-level failures, userErrors inside data for business rules.
import type { FastifyReply } from 'fastify';
import { TokenBucket } from '../../http/tokenBucket';
import type { SandboxContext, SandboxRoutes } from '../../sandbox/server';
import { parseOperation, project, requestedCost, resolveArgs, GqlSyntaxError, type GqlField } from './graphql';
import { GqlRequestError, type ShopifyStore } from './store';

export interface ShopifyCostOptions {
  maximumAvailable: number;
  restoreRate: number;
  /** Largest cost a single query may request. */
  maxQueryCost: number;
}

export const DEFAULT_SHOPIFY_COST: ShopifyCostOptions = { maximumAvailable: 1000, restoreRate: 100, maxQueryCost: 1000 };

const THROTTLE_DOC = 'https://shopify.dev/api/usage/rate-limits';

export function graphqlEndpoint(options: { accessToken: string | null; cost: ShopifyCostOptions }): SandboxRoutes<ShopifyStore> {
  return (app, ctx: SandboxContext<ShopifyStore>) => {
    const bucket = new TokenBucket({ ratePerSecond: options.cost.restoreRate, burst: options.cost.maximumAvailable }, ctx.clock);
    const throttleStatus = () => ({
      maximumAvailable: options.cost.maximumAvailable,
      currentlyAvailable: ctx.rateLimits ? Math.floor(bucket.available()) : options.cost.maximumAvailable,
      restoreRate: options.cost.restoreRate,
    });

    app.post<{ Params: { version: string }; Body: { query?: string; variables?: Record<string, unknown> } }>(
      '/admin/api/:version/graphql.json',
      async (request, reply) => {
        ctx.countCall('graphql');
        const token = request.headers['x-shopify-access-token'];
        if (!token || (options.accessToken !== null && token !== options.accessToken)) {
          return reply.code(401).send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
        }
        const version = request.params.version;
        if (!/^\d{4}-(01|04|07|10)$/.test(version) && version !== 'unstable') {
          return reply.code(404).send({ errors: 'Not Found' });
        }
        const variables = request.body?.variables ?? {};
        let operation;
        try {
          operation = parseOperation(String(request.body?.query ?? ''));
        } catch (err) {
          if (!(err instanceof GqlSyntaxError)) throw err;
          return { errors: [{ message: `Parse error: ${err.message}`, extensions: { code: 'PARSE_ERROR' } }] };
        }
        const cost = requestedCost(operation, variables);
        if (cost > options.cost.maxQueryCost) {
          return {
            errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${options.cost.maxQueryCost}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: options.cost.maxQueryCost } }],
          };
        }
        if (ctx.rateLimits && !bucket.tryTake(cost)) {
          ctx.countCall('graphql:throttled');
          return throttled(reply, 200, cost, throttleStatus());
        }
        if (ctx.faults.rowError()) {
          return { errors: [{ message: 'Internal error. Looks like something went wrong on our end.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
        }
        const data: Record<string, unknown> = {};
        try {
          for (const selection of operation.selections) {
            if (selection.kind !== 'field') continue;
            data[selection.alias ?? selection.name] = resolveField(ctx.store, operation.type, selection, version, variables);
          }
        } catch (err) {
          if (!(err instanceof GqlRequestError)) throw err;
          return { errors: [{ message: err.message, extensions: { code: err.code, ...err.extra } }], extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } } };
        }
        return { data, extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() } } };
      },
    );
  };
}

function resolveField(store: ShopifyStore, type: 'query' | 'mutation', field: GqlField, version: string, variables: Record<string, unknown>): unknown {
  const resolver = store.graphql[type].get(field.name);
  if (!resolver) throw new GqlRequestError(`Field '${field.name}' doesn't exist on type '${type === 'query' ? 'QueryRoot' : 'Mutation'}'`, 'undefinedField');
  const idempotent = field.directives.find((d) => d.name === 'idempotent');
  const key = idempotent ? resolveArgs(idempotent.args, variables).key : null;
  const value = resolver(resolveArgs(field.args, variables), { version, variables, idempotencyKey: typeof key === 'string' ? key : null });
  return project(value, field.selections, variables);
}

export function throttled(reply: FastifyReply, status: number, requestedQueryCost: number, throttleStatus: Record<string, number>): unknown {
  return reply.code(status).send({
    errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: THROTTLE_DOC } }],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } },
  });
}
