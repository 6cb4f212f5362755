// The server's own origin comes from what it knows (its names, the port it accepted the
// connection on), never from the Host header; /api/ calls for a Host it does not answer to are
// refused (DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1).
import { originOf, request } from './http';
import { bearer, buildTestServer, TestServer } from './fakes';

describe('host and origin checks', () => {
  let server: TestServer;
  let port: string;
  beforeEach(async () => {
    server = await buildTestServer({ config: { hostNames: ['crossdock.example.com'] } });
    port = new URL(await originOf(server.app)).port;
  });
  afterEach(async () => {
    await server.app.close();
    server.warehouse.close();
  });

  it('refuses an API call whose Host is a foreign name, even when its Origin matches that Host', async () => {
    const res = await request(server.app, {
      url: '/api/v1/me',
      headers: { ...bearer(server.analystToken), host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
    });
    expect(res.statusCode).toBe(421);
    expect(res.json()).toEqual({ code: 'CD_HOST_UNKNOWN', message: expect.stringContaining('evil.example') });
  });

  it('refuses a foreign Host without a token and on a preflight too', async () => {
    const health = await request(server.app, { url: '/api/v1/health', headers: { host: 'evil.example' } });
    expect(health.statusCode).toBe(421);
    const preflight = await request(server.app, {
      method: 'OPTIONS',
      url: '/api/v1/datasets',
      headers: { host: 'evil.example', origin: 'https://addin.example.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(421);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a Host header that is not a host name', async () => {
    const res = await request(server.app, { url: '/api/v1/health', headers: { host: 'localhost/evil' } });
    expect(res.statusCode).toBe(421);
  });

  it('answers to localhost, 127.0.0.1, [::1] and its configured host names, in any case and with any port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST', 'crossdock.example.com', 'Crossdock.Example.com.:443']) {
      const res = await request(server.app, { url: '/api/v1/health', headers: { host } });
      expect([host, res.statusCode]).toEqual([host, 200]);
    }
  });

  it('does not take its own origin from the Host header: a claimed port it is not on is refused', async () => {
    const res = await request(server.app, {
      url: '/api/v1/me',
      headers: { ...bearer(server.analystToken), host: 'localhost:9', origin: 'http://localhost:9' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CD_ORIGIN_FORBIDDEN');
  });

  it('accepts its own origin under each name it answers to, on the port it listens on', async () => {
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://crossdock.example.com:${port}`]) {
      const res = await request(server.app, { url: '/api/v1/me', headers: { ...bearer(server.analystToken), origin } });
      expect([origin, res.statusCode]).toEqual([origin, 200]);
    }
  });

  it('refuses an own-looking origin with the wrong scheme', async () => {
    const res = await request(server.app, { url: '/api/v1/me', headers: { ...bearer(server.analystToken), origin: `https://localhost:${port}` } });
    expect(res.statusCode).toBe(403);
  });

  it('serves the add-in pages whatever the Host (only /api/ is checked)', async () => {
    const res = await request(server.app, { url: '/', headers: { host: 'evil.example' } });
    expect(res.statusCode).toBe(200);
  });
});
