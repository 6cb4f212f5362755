// The server's one error surface: every failure answers `{ code, message }`. Expected failures
// (CrossdockError) carry their own HTTP status; Fastify's own 4xx (bad JSON, body too large,
// a too long path segment) keep theirs; anything else is a bug: 500 with no internals, the
// details go to the log. Requests Node's HTTP parser refuses before Fastify sees them (headers
// over its 16 KiB limit, a timeout) get the same shape from answerClientError.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { CrossdockError, TooManyRequestsError } from '../errors';
import { log } from '../log';
import { setSecurityHeaders } from './security';

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
  414: 'CD_URL_TOO_LONG',
  415: 'CD_MEDIA_TYPE_UNSUPPORTED',
};

/** Fastify's message echoes the whole path; say what to change instead. */
const URL_TOO_LONG: ErrorBody = { code: 'CD_URL_TOO_LONG', message: 'a segment of the URL path is over 100 characters; use a shorter name' };

/** Maps any thrown value to a status and a body that is safe to show a client. */
export function toErrorResponse(err: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (err instanceof CrossdockError) return { status: err.httpStatus, body: { code: err.code, message: err.message } };
  const fastifyError = err as Partial<FastifyError> & { expose?: boolean };
  if (fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH') return { status: 414, body: URL_TOO_LONG };
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

function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = toErrorResponse(err, request.id);
  if (status >= 500) request.log.error({ err, reqId: request.id, url: request.routeOptions.url }, 'request failed');
  else request.log.info({ code: body.code, status, reqId: request.id }, body.message);
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="crossdock"');
  if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Fastify's `frameworkErrors`: errors raised before a route is found (FST_ERR_MAX_PARAM_LENGTH,
 * FST_ERR_BAD_URL). Such replies skip the onSend hooks, so the security headers are set here.
 */
export function sendFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  setSecurityHeaders(request, reply);
  sendError(err, request, reply);
}

export interface ClientError extends Error {
  code?: string;
  /** The chunk Node was parsing when it gave up (a Buffer; Fastify's types say otherwise). */
  rawPacket?: unknown;
}

/**
 * What to answer a request Node's parser refused. Node counts the request line into its header
 * limit; when the line alone is over it (seen in the chunk being parsed), the URL is what to
 * shorten: 414, else 431. Best effort: a request line split over many packets is reported as 431.
 */
export function clientErrorResponse(err: ClientError, headerLimitBytes: number = maxHeaderSize): { status: number; body: ErrorBody } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, body: { code: 'CD_REQUEST_TIMEOUT', message: 'the request took too long to arrive; send it again' } };
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
    const lineEnd = raw?.indexOf('\r\n') ?? -1;
    const isRequestLine = raw !== undefined && /^[A-Z]+ \S/.test(raw.subarray(0, 32).toString('latin1'));
    if (isRequestLine && (lineEnd === -1 || lineEnd > headerLimitBytes)) {
      return { status: 414, body: { code: 'CD_URL_TOO_LONG', message: `the URL is over ${headerLimitBytes} bytes; send fewer or shorter query parameters` } };
    }
    return { status: 431, body: { code: 'CD_HEADERS_TOO_LARGE', message: `the request line and headers are over ${headerLimitBytes} bytes; send fewer or smaller headers` } };
  }
  return { status: 400, body: { code: 'CD_USAGE', message: 'the request is not valid HTTP' } };
}

/** Fastify's `clientErrorHandler` (Node's `clientError` event): writes the JSON answer and closes the connection. */
export function answerClientError(err: ClientError, socket: Socket): void {
  // A reset connection has nobody to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = clientErrorResponse(err);
  log.debug({ code: body.code, status, parserCode: err.code }, body.message);
  if (socket.writable) {
    const text = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
        text,
    );
  }
  socket.destroy(err);
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => sendError(err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const body: ErrorBody = { code: 'CD_NOT_FOUND', message: `no route ${request.method} ${path}` };
    return reply.status(404).send(body);
  });
}
