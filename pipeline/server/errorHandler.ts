// The server's one error surface: every failure answers `{ code, message }`. Expected failures
// (CrossdockError) carry their own HTTP status; Fastify's own 4xx (bad JSON, body too large)
// keep theirs; anything else is a bug: 500 with no internals, the details go to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CrossdockError } from '../errors';

export interface ErrorBody {
  code: string;
  message: string;
}

const FASTIFY_CODES: Record<number, string> = {
  400: 'CD_USAGE',
  404: 'CD_NOT_FOUND',
  405: 'CD_METHOD_NOT_ALLOWED',
  406: 'CD_NOT_ACCEPTABLE',
  413: 'CD_BODY_TOO_LARGE',
  415: 'CD_MEDIA_TYPE_UNSUPPORTED',
};

/** Maps any thrown value to a status and a body that is safe to show a client. */
export function toErrorResponse(err: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (err instanceof CrossdockError) return { status: err.httpStatus, body: { code: err.code, message: err.message } };
  const fastifyError = err as Partial<FastifyError> & { expose?: boolean };
  const status = fastifyError.statusCode;
  const isClientStatus = typeof status === 'number' && status >= 400 && status < 500;
  // Only errors known to carry client-safe messages keep them: Fastify's own (FST_…), schema
  // validation, bad JSON, and http-errors marked `expose` (static files). An HTTP client's error
  // with a 4xx status (a channel API said 404) is ours to handle: unhandled, it is a 500.
  const isSafeClientError =
    fastifyError.validation !== undefined ||
    (isClientStatus && (String(fastifyError.code ?? '').startsWith('FST_') || err instanceof SyntaxError || fastifyError.expose === true));
  if (isSafeClientError) {
    const clientStatus = isClientStatus ? status : 400;
    return {
      status: clientStatus,
      body: { code: FASTIFY_CODES[clientStatus] ?? 'CD_REQUEST_REJECTED', message: fastifyError.message ?? 'bad request' },
    };
  }
  return { status: 500, body: { code: 'CD_INTERNAL', message: `internal error (request ${requestId}); the server log has the details` } };
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(err, request.id);
    if (status >= 500) request.log.error({ err, reqId: request.id, url: request.routeOptions.url }, 'request failed');
    else request.log.info({ code: body.code, status, reqId: request.id }, body.message);
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="crossdock"');
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const body: ErrorBody = { code: 'CD_NOT_FOUND', message: `no route ${request.method} ${path}` };
    return reply.status(404).send(body);
  });
}
