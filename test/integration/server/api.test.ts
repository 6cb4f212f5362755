import type { FastifyPluginAsync } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../../pipeline/server/app';
import { createToken, revokeTokens } from '../../../pipeline/server/auth/tokenStore';
import type { DatasetRegistry } from '../../../pipeline/server/deps';
import { bumpDataVersion } from '../../../pipeline/warehouse/duckdb';
import { originOf, request } from './http';
import { bearer, buildTestServer, NOW, SERVER_ROUTES, stockRegistry, TestServer } from './fakes';

describe('server API', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(async () => {
    await server.app.close();
    server.warehouse.close();
  });

  describe('health and identity', () => {
    it('answers health without a token, with the version and data version', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', version: '0.0.0-test', data_version: '0' });
    });

    it('tells a token holder their name and role', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/me', headers: bearer(server.managerToken) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: 'max (manager)', role: 'manager' });
    });
  });

  describe('auth', () => {
    it('answers 401 with a JSON error and a Bearer challenge when no token is sent', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/datasets' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json()).toEqual({ code: 'CD_AUTH_REQUIRED', message: expect.stringContaining('Authorization: Bearer') });
    });

    it('answers 401 for a token that was never issued', async () => {
      const forged = server.analystToken.slice(0, -4) + 'AAAA';
      const res = await request(server.app, { method: 'GET', url: '/api/v1/datasets', headers: bearer(forged) });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('CD_AUTH_INVALID');
    });

    it('answers 401 for a malformed token and for another auth scheme', async () => {
      for (const authorization of ['Bearer not-a-token', `Basic ${Buffer.from('a:b').toString('base64')}`, `Token ${server.analystToken}`]) {
        const res = await request(server.app, { method: 'GET', url: '/api/v1/me', headers: { authorization } });
        expect(res.statusCode).toBe(401);
      }
    });

    it('answers 401 once a token has been revoked', async () => {
      const first = await request(server.app, { method: 'GET', url: '/api/v1/me', headers: bearer(server.analystToken) });
      expect(first.statusCode).toBe(200);
      await revokeTokens(server.warehouse, { name: 'anna (analyst)' }, NOW);
      const res = await request(server.app, { method: 'GET', url: '/api/v1/me', headers: bearer(server.analystToken) });
      expect(res.statusCode).toBe(401);
    });

    it('answers 403 when an analyst calls a manager route, and lets a manager through', async () => {
      const analyst = await request(server.app, { method: 'POST', url: '/api/v1/test/manager-only', headers: bearer(server.analystToken), payload: {} });
      expect(analyst.statusCode).toBe(403);
      expect(analyst.json()).toEqual({ code: 'CD_AUTH_FORBIDDEN', message: expect.stringContaining('manager role') });
      const manager = await request(server.app, { method: 'POST', url: '/api/v1/test/manager-only', headers: bearer(server.managerToken), payload: {} });
      expect(manager.statusCode).toBe(200);
      expect(manager.json()).toEqual({ ok: true, who: 'max (manager)' });
    });

    it('guards the HEAD twin of a GET route like the GET itself', async () => {
      const res = await request(server.app, { method: 'HEAD', url: '/api/v1/datasets' });
      expect(res.statusCode).toBe(401);
    });

    it('records when a token was last used', async () => {
      await request(server.app, { method: 'GET', url: '/api/v1/me', headers: bearer(server.analystToken) });
      const rows = await server.warehouse.all("select last_used_at from api_token where token_name = 'anna (analyst)'");
      expect(rows).toEqual([{ last_used_at: NOW.toISOString() }]);
    });

    it('refuses to start when an /api/ route has no role guard', async () => {
      const open: FastifyPluginAsync = async (app) => {
        app.get('/api/v1/oops', async () => ({ leaked: true }));
      };
      await expect(buildServer(server.deps, { routes: SERVER_ROUTES, extraRoutes: [open] }).then((app) => app.ready())).rejects.toThrow(/no requireRole/);
    });
  });

  describe('datasets', () => {
    it('lists datasets with their parameters and typed columns', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/datasets', headers: bearer(server.analystToken) });
      expect(res.statusCode).toBe(200);
      const [spec] = res.json().datasets;
      expect(spec.name).toBe('channel_stock');
      expect(spec.params.map((p: { name: string }) => p.name)).toEqual(['as_of', 'window_days', 'channel', 'sku_prefix']);
      expect(spec.columns).toContainEqual({ name: 'on_hand_units', type: 'integer' });
    });

    it('returns columns, positional rows, validated params and the data version', async () => {
      const res = await request(server.app, {
        method: 'GET',
        url: '/api/v1/datasets/channel_stock?channel=amazon&window_days=30',
        headers: bearer(server.analystToken),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-data-version']).toBe('0');
      expect(res.json()).toEqual({
        dataset: 'channel_stock',
        params: { as_of: null, window_days: 30, channel: 'amazon', sku_prefix: null },
        data_version: '0',
        warnings: [],
        columns: [
          { name: 'sku', type: 'string' },
          { name: 'channel', type: 'string' },
          { name: 'on_hand_units', type: 'integer' },
        ],
        rows: [
          ['MUG-01', 'amazon', 12],
          ['MUG-02', 'amazon', 0],
        ],
        total_rows: 2,
        offset: 0,
        next_offset: null,
      });
    });

    it('pages with offset and limit and says where the next page starts', async () => {
      const page1 = await request(server.app, { method: 'GET', url: '/api/v1/datasets/channel_stock?limit=3', headers: bearer(server.analystToken) });
      expect(page1.json()).toMatchObject({ rows: [['MUG-01', 'amazon', 12], ['MUG-01', 'ebay', 3], ['MUG-02', 'amazon', 0]], offset: 0, next_offset: 3 });
      expect(page1.json()).not.toHaveProperty('total_rows');
      const page2 = await request(server.app, { method: 'GET', url: '/api/v1/datasets/channel_stock?limit=3&offset=3', headers: bearer(server.analystToken) });
      expect(page2.json()).toMatchObject({ rows: [['TEE-01', 'shopify', 40]], total_rows: 4, offset: 3, next_offset: null });
    });

    it('answers an empty result with the declared columns and no rows', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/datasets/channel_stock?channel=aliexpress', headers: bearer(server.analystToken) });
      expect(res.json()).toMatchObject({ columns: [{ name: 'sku' }, { name: 'channel' }, { name: 'on_hand_units' }], rows: [], total_rows: 0 });
    });

    it('answers 304 to If-None-Match while the data version is unchanged, and 200 once data lands', async () => {
      const url = '/api/v1/datasets/channel_stock?channel=ebay';
      const first = await request(server.app, { method: 'GET', url, headers: bearer(server.analystToken) });
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"test\.0\./);
      const again = await request(server.app, { method: 'GET', url, headers: { ...bearer(server.analystToken), 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      await server.warehouse.transaction((conn) => bumpDataVersion(conn));
      const after = await request(server.app, { method: 'GET', url, headers: { ...bearer(server.analystToken), 'if-none-match': etag } });
      expect(after.statusCode).toBe(200);
      expect(after.json().data_version).toBe('1');
      expect(after.headers.etag).not.toBe(etag);
    });

    it('gives different tags to different parameters of the same dataset', async () => {
      const a = await request(server.app, { method: 'GET', url: '/api/v1/datasets/channel_stock?channel=ebay', headers: bearer(server.analystToken) });
      const b = await request(server.app, { method: 'GET', url: '/api/v1/datasets/channel_stock?channel=amazon', headers: bearer(server.analystToken) });
      expect(a.headers.etag).not.toBe(b.headers.etag);
    });

    it('answers 404 naming the valid datasets for an unknown one', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/datasets/nope', headers: bearer(server.analystToken) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'CD_DATASET_UNKNOWN', message: 'unknown dataset "nope"; valid datasets: channel_stock' });
    });

    it('answers 400 with a message for an unknown parameter, a bad value, a repeated one and a bad limit', async () => {
      const cases: [string, RegExp][] = [
        ['colour=red', /unknown parameter "colour".*valid parameters: as_of, window_days, channel, sku_prefix/],
        ['as_of=yesterday', /as_of must be a date/],
        ['channel=amazon&channel=ebay', /give the parameter "channel" once/],
        ['limit=0', /limit must be a whole number from 1/],
        ['offset=-1', /offset must be a whole number/],
      ];
      for (const [query, message] of cases) {
        const res = await request(server.app, { method: 'GET', url: `/api/v1/datasets/channel_stock?${query}`, headers: bearer(server.analystToken) });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(message);
      }
    });

    it('treats SQL in a filter value as a literal that matches nothing', async () => {
      const attempts = ["amazon' or 1=1 --", "amazon'; drop table fake_stock; --", 'amazon" or "1"="1'];
      for (const channel of attempts) {
        const res = await request(server.app, {
          method: 'GET',
          url: `/api/v1/datasets/channel_stock?channel=${encodeURIComponent(channel)}`,
          headers: bearer(server.analystToken),
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ params: { channel }, rows: [], total_rows: 0 });
      }
      expect(await server.warehouse.all('select count(*) as n from fake_stock')).toEqual([{ n: 4 }]);
    });
  });

  describe('errors', () => {
    it('answers 500 without internals when a dataset fails unexpectedly', async () => {
      const broken: DatasetRegistry = {
        ...stockRegistry(),
        // eslint-disable-next-line require-yield
        async *streamDataset() {
          throw new Error('Binder Error: table secret_internal_table does not exist at /srv/crossdock/sql');
        },
      };
      const app = await buildServer({ ...server.deps, datasets: broken }, { routes: SERVER_ROUTES });
      const res = await request(app, { method: 'GET', url: '/api/v1/datasets/channel_stock', headers: bearer(server.analystToken) });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('CD_INTERNAL');
      expect(res.body).not.toMatch(/secret_internal_table|Binder|\/srv/);
      await app.close();
    });

    it('answers 404 JSON for an unknown route', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/nothing-here?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'CD_NOT_FOUND', message: 'no route GET /api/v1/nothing-here' });
    });

    it('answers 413 to a body over the limit and 400 to malformed JSON', async () => {
      const big = await request(server.app, {
        method: 'POST',
        url: '/api/v1/test/manager-only',
        headers: { ...bearer(server.managerToken), 'content-type': 'application/json' },
        payload: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }),
      });
      expect(big.statusCode).toBe(413);
      expect(big.json().code).toBe('CD_BODY_TOO_LARGE');
      const bad = await request(server.app, {
        method: 'POST',
        url: '/api/v1/test/manager-only',
        headers: { ...bearer(server.managerToken), 'content-type': 'application/json' },
        payload: '{"rows": [',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('CD_USAGE');
    });
  });

  describe('browser safety', () => {
    it('answers a preflight from the add-in origin with that exact origin allowed', async () => {
      const res = await request(server.app, {
        method: 'OPTIONS',
        url: '/api/v1/datasets/channel_stock',
        headers: { origin: 'https://addin.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://addin.example.com');
      expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    });

    it('gives another origin no CORS permission and refuses its API calls', async () => {
      const preflight = await request(server.app, {
        method: 'OPTIONS',
        url: '/api/v1/datasets',
        headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const call = await request(server.app, { method: 'GET', url: '/api/v1/datasets', headers: { ...bearer(server.analystToken), origin: 'https://evil.example.net' } });
      expect(call.statusCode).toBe(403);
      expect(call.json().code).toBe('CD_ORIGIN_FORBIDDEN');
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('accepts calls from its own origin (the add-in served by this server)', async () => {
      const { port } = new URL(await originOf(server.app));
      const res = await request(server.app, {
        method: 'GET',
        url: '/api/v1/me',
        headers: { ...bearer(server.analystToken), host: `localhost:${port}`, origin: `http://localhost:${port}` },
      });
      expect(res.statusCode).toBe(200);
    });

    it('sends security headers and no-store on API answers', async () => {
      const res = await request(server.app, { method: 'GET', url: '/api/v1/health' });
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'cache-control': 'no-store',
      });
    });
  });

  describe('add-in hosting', () => {
    it('serves the task pane as revalidated HTML and hashed assets as immutable', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cd-addin-'));
      writeFileSync(join(dir, 'taskpane.html'), '<!doctype html><title>Crossdock</title>');
      writeFileSync(join(dir, 'taskpane.3f9a2c1b7d.js'), 'console.log(1)');
      writeFileSync(join(dir, 'assets.css'), 'body{}');
      const hosted = await buildTestServer({ config: { addinDir: dir } });
      const html = await request(hosted.app, { method: 'GET', url: '/addin/taskpane.html' });
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(html.headers['cache-control']).toBe('no-cache');
      expect(html.headers['x-frame-options']).toBeUndefined(); // Office on the web frames the pane
      const index = await request(hosted.app, { method: 'GET', url: '/addin/' });
      expect(index.body).toContain('<title>Crossdock</title>');
      const js = await request(hosted.app, { method: 'GET', url: '/addin/taskpane.3f9a2c1b7d.js' });
      expect(js.headers['content-type']).toMatch(/^(application|text)\/javascript/);
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const css = await request(hosted.app, { method: 'GET', url: '/addin/assets.css' });
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.headers['cache-control']).toBe('no-cache');
      const traversal = await request(hosted.app, { method: 'GET', url: '/addin/..%2f..%2fetc%2fpasswd' });
      expect(traversal.statusCode).toBe(404);
      const root = await request(hosted.app, { method: 'GET', url: '/' });
      expect(root.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(root.body).toContain('/addin/taskpane.html');
      await hosted.app.close();
      hosted.warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('says how to build the add-in when the bundle is missing', async () => {
      const res = await request(server.app, { method: 'GET', url: '/addin/taskpane.html' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'CD_ADDIN_NOT_BUILT', message: expect.stringContaining('npm run build:addin') });
      const root = await request(server.app, { method: 'GET', url: '/' });
      expect(root.body).toContain('npm run build:addin');
    });
  });

  it('creates tokens that the running server accepts at once', async () => {
    const fresh = await createToken(server.warehouse, { name: 'new-hire', role: 'analyst', now: NOW });
    const res = await request(server.app, { method: 'GET', url: '/api/v1/me', headers: bearer(fresh.token) });
    expect(res.json()).toMatchObject({ name: 'new-hire', role: 'analyst', token_id: fresh.tokenId });
  });
});
