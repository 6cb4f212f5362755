// plan → apply → ledger through the HTTP API, with both roles, against the channel sandboxes.
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../pipeline/server/app';
import { createToken, TokenAuthenticator } from '../../../pipeline/server/auth/tokenStore';
import type { ServerDeps } from '../../../pipeline/server/deps';
import { routes as stockRoutes } from '../../../pipeline/server/routes/stock';
import type { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { StockWriteback } from '../../../pipeline/writeback/service';
import { versionOf } from '../../unit/writeback/fakes';
import { request } from '../server/http';
import { startWorld, type World } from './world';
import { landRows } from '../../support/landRows';

const SHOP = 'shopify:main:SKU-0:merchant';
const FBA = 'amazon:US:SKU-0:fba';
const NOW = new Date('2026-11-26T12:00:00Z');

interface Api {
  app: FastifyInstance;
  wh: DuckWarehouse;
  world: World;
  analyst: Record<string, string>;
  manager: Record<string, string>;
}

async function api(): Promise<Api> {
  const world = await startWorld({ shopify: 1 });
  const wh = world.wh;
  await wh.run("update listing set channel_quantity_units = 5, sku = 'MUG' where listing_id = $1", [SHOP]);
  world.sandboxes.shopify!.setQuantity(SHOP, 5);
  await wh.run(`insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable)
                values ('FBA-US', 'Amazon FBA US', 'fba', 'US', 'FBA-NA', false)`);
  await wh.run(`insert into listing (listing_id, channel, marketplace, sku, fulfilment, location_id, channel_quantity_units, channel_quantity_seen_at)
                values ($1, 'amazon', 'US', 'MUG', 'fba', 'FBA-US', 40, timestamp '2026-11-26 08:00:00')`, [FBA]);
  const analyst = await createToken(wh, { name: 'anna', role: 'analyst', now: NOW });
  const manager = await createToken(wh, { name: 'max', role: 'manager', now: NOW });
  const deps: ServerDeps = {
    warehouse: wh,
    datasets: { listDatasets: () => [], validateParams: () => ({}), streamDataset: async function* () {} },
    auth: new TokenAuthenticator(wh, () => NOW),
    config: { allowedOrigins: [], addinDir: '/nonexistent', bodyLimitBytes: 4 * 1024 * 1024, version: 'test', https: false, instanceId: 'test' },
    clock: () => new Date(),
    stock: new StockWriteback({ warehouse: wh, writers: world.writers, config: { verifyIntervalMs: 3_600_000 } }),
  };
  const app = await buildServer(deps, { routes: [stockRoutes] });
  await app.ready();
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  return { app, wh, world, analyst: auth(analyst.token), manager: auth(manager.token) };
}

describe('stock write-back over HTTP', () => {
  let t: Api;
  beforeEach(async () => {
    t = await api();
  });
  afterEach(async () => {
    await t.app.close();
    await t.world.close();
  });

  it('plans, applies and shows the change in the ledger for a manager', async () => {
    const version = await versionOf(t.wh, SHOP);
    const body = [
      { listing: SHOP, expected_version: version, new_quantity: 12 },
      { listing: FBA, expected_version: await versionOf(t.wh, FBA), new_quantity: 3 },
    ];
    const plan = await request(t.app, { method: 'POST', url: '/api/v1/stock/plan', headers: t.manager, payload: body });
    expect(plan.statusCode).toBe(200);
    expect(plan.json()).toMatchObject({
      rows: [
        { listing: SHOP, status: 'ok', current_quantity: 5, new_quantity: 12 },
        { listing: FBA, status: 'rejected', reason_code: 'FBA_NOT_SETTABLE' },
      ],
      batches: [{ channel: 'shopify', calls: 1, rows: 1 }],
    });
    expect(t.world.sandboxes.shopify!.callCount()).toBe(0); // planning sends nothing

    const apply = await request(t.app, { method: 'POST', url: '/api/v1/stock/apply', headers: { ...t.manager, 'idempotency-key': 'push-1' }, payload: body });
    expect(apply.statusCode).toBe(200);
    const answer = apply.json();
    expect(answer.rows).toMatchObject([
      { listing: SHOP, status: 'applied', channel_quantity: 12, version: await versionOf(t.wh, SHOP) },
      { listing: FBA, status: 'rejected', reason_code: 'FBA_NOT_SETTABLE' },
    ]);
    expect(t.world.sandboxes.shopify!.quantity(SHOP)).toBe(12);

    const again = await request(t.app, { method: 'POST', url: '/api/v1/stock/apply', headers: { ...t.manager, 'idempotency-key': 'push-1' }, payload: body });
    expect(again.json()).toEqual(answer);
    expect(t.world.sandboxes.shopify!.callCount()).toBe(1);

    const changes = await request(t.app, { method: 'GET', url: '/api/v1/stock/changes?since=2000-01-01T00:00:00Z', headers: t.analyst });
    expect(changes.statusCode).toBe(200);
    // Oldest status change first: the rejected row was final when written, the applied row later.
    expect(changes.json().changes).toMatchObject([
      { listing_id: FBA, change_status: 'rejected', reason_code: 'FBA_NOT_SETTABLE', sent_quantity_units: null },
      { listing_id: SHOP, requested_by: 'max', requested_role: 'manager', seen_quantity_units: 5, asked_quantity_units: 12, sent_quantity_units: 12, change_status: 'applied', channel_quantity_units: 12, verified_at: expect.any(String) },
    ]);
  });

  it('refuses plan and apply to an analyst with 403 and sends nothing', async () => {
    const body = [{ listing: SHOP, expected_version: await versionOf(t.wh, SHOP), new_quantity: 12 }];
    const plan = await request(t.app, { method: 'POST', url: '/api/v1/stock/plan', headers: t.analyst, payload: body });
    const apply = await request(t.app, { method: 'POST', url: '/api/v1/stock/apply', headers: { ...t.analyst, 'idempotency-key': 'k' }, payload: body });
    expect([plan.statusCode, apply.statusCode]).toEqual([403, 403]);
    expect(apply.json().code).toBe('CD_AUTH_FORBIDDEN');
    expect(t.world.sandboxes.shopify!.callCount()).toBe(0);
    expect(await t.wh.all('select * from stock_change')).toEqual([]);
  });

  it('refuses the ledger without a token (401)', async () => {
    const res = await request(t.app, { method: 'GET', url: '/api/v1/stock/changes' });
    expect(res.statusCode).toBe(401);
  });

  it('answers 400 for an apply without Idempotency-Key, 409 for a key reused with other edits', async () => {
    const version = await versionOf(t.wh, SHOP);
    const missing = await request(t.app, { method: 'POST', url: '/api/v1/stock/apply', headers: t.manager, payload: [{ listing: SHOP, expected_version: version, new_quantity: 12 }] });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'CD_IDEMPOTENCY_KEY_REQUIRED']);
    const headers = { ...t.manager, 'idempotency-key': 'push-2' };
    await request(t.app, { method: 'POST', url: '/api/v1/stock/apply', headers, payload: [{ listing: SHOP, expected_version: version, new_quantity: 12 }] });
    const reused = await request(t.app, { method: 'POST', url: '/api/v1/stock/apply', headers, payload: [{ listing: SHOP, expected_version: version, new_quantity: 13 }] });
    expect([reused.statusCode, reused.json().code]).toEqual([409, 'CD_IDEMPOTENCY_KEY_REUSED']);
  });

  it('answers 400 when the body is not an array of rows, or since is not a timestamp', async () => {
    const notArray = await request(t.app, { method: 'POST', url: '/api/v1/stock/plan', headers: t.manager, payload: { listing: SHOP } });
    expect([notArray.statusCode, notArray.json().code]).toEqual([400, 'CD_STOCK_BODY_INVALID']);
    for (const since of ['yesterday', '1', '12abc', '2025-13-45']) {
      const badSince = await request(t.app, { method: 'GET', url: `/api/v1/stock/changes?since=${since}`, headers: t.analyst });
      expect([since, badSince.statusCode]).toEqual([since, 400]); // "1" was read as 2001-01-01
    }
  });

  it('lets a manager set an allocation rule that the plan then suggests from, and an analyst read it', async () => {
    await landRows(t.wh, "insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units) values ('2026-11-25', 'MUG', 'WH-1', 100, 100)", [{ table: 'inventory_snapshot', skus: ['MUG'] }]);
    const put = await request(t.app, { method: 'PUT', url: '/api/v1/stock/rules/channel:shopify', headers: t.manager, payload: { reserve_units: 10, available_pct: 50, max_units: 30 } });
    expect(put.statusCode).toBe(200);
    const byAnalyst = await request(t.app, { method: 'PUT', url: '/api/v1/stock/rules/all', headers: t.analyst, payload: { floor_units: 2 } });
    expect(byAnalyst.statusCode).toBe(403);
    const rules = await request(t.app, { method: 'GET', url: '/api/v1/stock/rules', headers: t.analyst });
    expect(rules.json().rules).toMatchObject([{ rule_id: 'channel:shopify', rule_scope: 'channel', channel: 'shopify', reserve_units: 10, available_pct: 50, max_units: 30, floor_units: null, updated_by: 'max' }]);
    const plan = await request(t.app, { method: 'POST', url: '/api/v1/stock/plan', headers: t.manager, payload: [{ listing: SHOP, expected_version: await versionOf(t.wh, SHOP), new_quantity: 30 }] });
    expect(plan.json().rows[0].suggested_quantity).toBe(30); // (100 − 10) × 50% = 45, capped at 30
    const bad = await request(t.app, { method: 'PUT', url: '/api/v1/stock/rules/channel:etsy', headers: t.manager, payload: {} });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'CD_RULE_ID_INVALID']);
  });

  it('saves a rule only over the version that was read (If-Match), creates only when asked so (If-None-Match: *)', async () => {
    const url = '/api/v1/stock/rules/channel:ebay';
    const created = await request(t.app, { method: 'PUT', url, headers: { ...t.manager, 'if-none-match': '*' }, payload: { reserve_units: 2 } });
    expect(created.statusCode).toBe(200);
    const first = created.json().etag as string;
    expect(first).toMatch(/^"[0-9a-f]{20}"$/);
    // a second "create" of the same rule loses: someone made it meanwhile
    const again = await request(t.app, { method: 'PUT', url, headers: { ...t.manager, 'if-none-match': '*' }, payload: { reserve_units: 3 } });
    expect([again.statusCode, again.json().code]).toEqual([412, 'CD_RULE_CHANGED']);
    // two managers read the same version; the first save wins, the second is refused and names who changed it
    const mine = await request(t.app, { method: 'PUT', url, headers: { ...t.manager, 'if-match': first }, payload: { reserve_units: 4 } });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().etag).not.toBe(first);
    const theirs = await request(t.app, { method: 'PUT', url, headers: { ...t.manager, 'if-match': first }, payload: { reserve_units: 6 } });
    expect([theirs.statusCode, theirs.json().code]).toEqual([412, 'CD_RULE_CHANGED']);
    expect(theirs.json().message).toMatch(/^rule channel:ebay was changed by max at \d{4}-\d\d-\d\dT/);
    const stale = await request(t.app, { method: 'DELETE', url, headers: { ...t.manager, 'if-match': first } });
    expect(stale.statusCode).toBe(412);
    const listed = (await request(t.app, { method: 'GET', url: '/api/v1/stock/rules', headers: t.analyst })).json().rules.find((r: { rule_id: string }) => r.rule_id === 'channel:ebay');
    expect(listed).toMatchObject({ reserve_units: 4, etag: mine.json().etag });
    const gone = await request(t.app, { method: 'DELETE', url, headers: { ...t.manager, 'if-match': listed.etag } });
    expect(gone.statusCode).toBe(200);
  });
});
