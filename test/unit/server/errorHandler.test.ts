import { AuthError, ConflictError, NotFoundError, RetryLaterError, UsageError } from '../../../pipeline/errors';
import { toErrorResponse } from '../../../pipeline/server/errorHandler';

describe('error responses', () => {
  it('answers typed errors with their own status and code', () => {
    expect(toErrorResponse(new UsageError('bad window'), 'r1')).toEqual({ status: 400, body: { code: 'CD_USAGE', message: 'bad window' } });
    expect(toErrorResponse(new AuthError('who are you', 401), 'r1').status).toBe(401);
    expect(toErrorResponse(new AuthError('not yours', 403), 'r1').body.code).toBe('CD_AUTH_FORBIDDEN');
    expect(toErrorResponse(new NotFoundError('no such dataset'), 'r1').status).toBe(404);
    expect(toErrorResponse(new ConflictError('changed meanwhile'), 'r1').status).toBe(409);
    expect(toErrorResponse(new RetryLaterError('busy', 'CD_DB_LOCKED'), 'r1')).toEqual({ status: 503, body: { code: 'CD_DB_LOCKED', message: 'busy' } });
  });

  it("keeps Fastify's client errors (body too large) as they are", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toErrorResponse(tooLarge, 'r1')).toEqual({ status: 413, body: { code: 'CD_BODY_TOO_LARGE', message: 'Request body is too large' } });
  });

  it('hides everything about an unexpected error behind a 500 that names the request', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'secret') at /srv/app.ts:12");
    const { status, body } = toErrorResponse(bug, 'req-42');
    expect(status).toBe(500);
    expect(body.code).toBe('CD_INTERNAL');
    expect(body.message).toContain('req-42');
    expect(body.message).not.toMatch(/secret|srv/);
  });

  it('treats a thrown non-error value as a bug too', () => {
    expect(toErrorResponse('oops', 'r1').status).toBe(500);
    expect(toErrorResponse(Object.assign(new Error('upstream'), { statusCode: 502 }), 'r1').status).toBe(500);
  });

  it("does not pass on another library's 4xx error, whose message may hold a URL", () => {
    const clientError = Object.assign(new Error('GET https://shop.example/admin?access_token=abc failed: 404'), { statusCode: 404 });
    const { status, body } = toErrorResponse(clientError, 'r1');
    expect(status).toBe(500);
    expect(body.message).not.toContain('access_token');
  });
});
