// Requests refused before a route runs still answer { code, message }: headers over Node's
// limit (431, refused by its parser), a URL over it (414), a path segment over Fastify's
// 100-character limit (414).
import { maxHeaderSize } from 'node:http';
import { parseRawResponse, request, sendRaw } from './http';
import { bearer, buildTestServer, TestServer } from './fakes';

describe('oversized requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await buildTestServer();
  });
  afterAll(async () => {
    await server.app.close();
    server.warehouse.close();
  });

  it('answers 431 CD_HEADERS_TOO_LARGE as JSON when the headers are over the limit', async () => {
    const raw = await sendRaw(server.app, `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(maxHeaderSize + 1)}\r\n\r\n`);
    const res = parseRawResponse(raw);
    expect(res.statusCode).toBe(431);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ code: 'CD_HEADERS_TOO_LARGE', message: expect.stringContaining('headers') });
  });

  it('answers 414 CD_URL_TOO_LONG as JSON when the URL alone is over the header limit', async () => {
    const raw = await sendRaw(server.app, `GET /api/v1/datasets?x=${'a'.repeat(maxHeaderSize + 1)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const res = parseRawResponse(raw);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ code: 'CD_URL_TOO_LONG', message: expect.stringContaining('URL') });
  });

  it('answers 400 as JSON for a request that is not HTTP', async () => {
    const res = parseRawResponse(await sendRaw(server.app, 'HELLO\r\n\r\n'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'CD_USAGE', message: expect.any(String) });
  });

  it('answers 414 CD_URL_TOO_LONG as JSON, without echoing the path, for a path segment over 100 characters', async () => {
    const name = 'x'.repeat(101);
    const res = await request(server.app, { url: `/api/v1/datasets/${name}`, headers: bearer(server.analystToken) });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ code: 'CD_URL_TOO_LONG', message: expect.stringContaining('100 characters') });
    expect(res.body).not.toContain(name);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a badly encoded URL in the same shape', async () => {
    const res = await request(server.app, { url: '/api/v1/datasets/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json()).sort()).toEqual(['code', 'message']);
  });
});
