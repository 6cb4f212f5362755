// POST /sync: the AliExpress gateway. Checks app key, session and the HMAC-SHA256 signature, then
// dispatches `method` to the store's registry. Answers `{ <method>_response: {...}, code: "0",
// request_id }`, or `{ type, code, message, request_id }` for gateway errors (HTTP 200), as the
// SDKs expose them.
import { randomUuid } from '../../sandbox/rng';
import type { SandboxRoutes } from '../../sandbox/server';
import { responseKey, signParams } from '../api/gateway';
import { GatewayFault, type AliExpressStore } from './store';

export interface GatewayOptions {
  appKey: string | null;
  appSecret: string | null;
  session: string | null;
}

export function gatewayRoutes(options: GatewayOptions): SandboxRoutes<AliExpressStore> {
  return (app, ctx) => {
    app.post<{ Body: Record<string, string> | undefined; Querystring: Record<string, string> }>('/sync', async (request) => {
      const params = { ...request.query, ...(typeof request.body === 'object' && request.body !== null && !Buffer.isBuffer(request.body) ? request.body : {}) };
      const requestId = randomUuid(() => ctx.faults.next()).replace(/-/g, '').slice(0, 13);
      const fail = (type: string, code: string, message: string) => ({ type, code, message, request_id: requestId });
      const method = params.method;
      ctx.countCall(method ?? 'unknown');
      if (!params.app_key || (options.appKey !== null && params.app_key !== options.appKey)) return fail('ISV', 'InvalidAppKey', 'The specified app key is invalid');
      if (!params.session || (options.session !== null && params.session !== options.session)) return fail('ISV', 'IllegalAccessToken', 'The specified access token is invalid or expired');
      if (!params.sign || (options.appSecret !== null && params.sign !== signParams(params, options.appSecret))) return fail('ISV', 'IncompleteSignature', 'The request signature does not conform to platform standards');
      const handler = method ? ctx.store.methods.get(method) : undefined;
      if (!handler) return fail('ISV', 'InvalidApiPath', `The specified API method ${String(method)} does not exist`);
      try {
        return { [responseKey(method!)]: { ...(handler(params) as object), request_id: requestId }, code: '0', request_id: requestId };
      } catch (err) {
        if (err instanceof GatewayFault) return fail(err.type, err.code, err.message);
        throw err;
      }
    });
  };
}
