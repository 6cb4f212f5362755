// Failed authentication is limited per client IP: after 10 rejected tokens within a minute, 429
// with Retry-After until the minute ends. Valid tokens always pass. The clock is the test's.
import { request } from './http';
import { bearer, buildTestServer, NOW, TestServer } from './fakes';

describe('failed authentication limit', () => {
  let server: TestServer;
  let now: Date;
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const forged = () => bearer(server.analystToken.slice(0, -4) + 'AAAA');
  const me = (headers: Record<string, string> = {}) => request(server.app, { url: '/api/v1/me', headers });

  beforeEach(async () => {
    now = NOW;
    server = await buildTestServer({ clock: () => now });
  });
  afterEach(async () => {
    await server.app.close();
    server.warehouse.close();
  });

  it('answers 429 CD_AUTH_RATE_LIMITED with Retry-After after 10 failed tokens in a minute, until the minute ends', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) expect((await me(forged())).statusCode).toBe(401);
    const limited = await me(forged());
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json()).toEqual({ code: 'CD_AUTH_RATE_LIMITED', message: expect.stringContaining('too many failed authentications') });
    advance(45);
    const later = await me({ authorization: 'Bearer not-a-token' });
    expect(later.statusCode).toBe(429);
    expect(later.headers['retry-after']).toBe('15');
    advance(15);
    expect((await me(forged())).statusCode).toBe(401);
  });

  it('counts malformed tokens and other auth schemes as failures too', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      await me(attempt % 2 ? { authorization: 'Basic YTpi' } : { authorization: 'Bearer not-a-token' });
    }
    expect((await me({ authorization: 'Basic YTpi' })).statusCode).toBe(429);
  });

  it('never limits a valid token, even from an address over the limit', async () => {
    for (let attempt = 1; attempt <= 12; attempt++) await me(forged());
    const valid = await me(bearer(server.analystToken));
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toMatchObject({ name: 'anna (analyst)' });
  });

  it('does not count requests that send no token or a valid one', async () => {
    for (let attempt = 1; attempt <= 15; attempt++) {
      expect((await me()).statusCode).toBe(401);
      expect((await me(bearer(server.managerToken))).statusCode).toBe(200);
    }
    expect((await me(forged())).statusCode).toBe(401);
  });

  it('uses the configured limit and window', async () => {
    await server.app.close();
    server.warehouse.close();
    server = await buildTestServer({ clock: () => now, config: { authFailureLimit: { maxFailures: 2, windowSeconds: 10, maxTrackedClients: 100 } } });
    expect((await me(forged())).statusCode).toBe(401);
    expect((await me(forged())).statusCode).toBe(401);
    const limited = await me(forged());
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('10');
  });
});
