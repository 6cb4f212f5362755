// The demo seller's Mercado Libre and Shopee orders reach the warehouse the way a real seller's
// would: through the channels' APIs. A small demo is generated and loaded (report files), the two
// sandboxes start from its listings and take its sandbox-orders/ seed (the `npm start` hook's
// code), and one pipeline pass pulls them. The order lines in the warehouse are exactly the
// seeded ones, and their units are the ones the simulation took from OWN-CN's stock.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelById } from '../../../pipeline/channels';
import { parseSandboxOrders, SANDBOX_ORDERS_DIR, type SandboxOrder } from '../../../pipeline/channels/contract/sandboxOrders';
import { seedFromWarehouse, type StartedSandboxes } from '../../../pipeline/channels/sandbox/start';
import { parseConfig, type LoadedConfig } from '../../../pipeline/config/load';
import { demoIngestPlan, type DemoResult } from '../../../pipeline/demo';
import { ingestPaths } from '../../../pipeline/ingest';
import { applyConfigToWarehouse } from '../../../pipeline/scheduler/pipeline';
import { runPass, type RunnerDeps } from '../../../pipeline/scheduler/runner';
import { systemClock } from '../../../pipeline/channels/http';
import { seedSandboxOrders } from '../../../pipeline/server/hooks/sandboxes';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { generate, removeTempDirs } from '../../unit/demo/demoFixture';

// Ends before today so that every order is in the past for the pipeline's windows; 60 days, as
// the other small demos. Scale high enough for the two small markets to have a few hundred lines.
const DEMO = { seed: 7, days: 60, skus: 40, scale: 1.5, endDate: '2026-11-25' };

let dir: string;
let result: DemoResult;
let wh: DuckWarehouse;
let started: StartedSandboxes;
let stateDir: string;
const seeded: Record<string, SandboxOrder[]> = {};
const previousStateDir = process.env.CROSSDOCK_STATE_DIR;

beforeAll(async () => {
  ({ dir, result } = await generate(DEMO));
  wh = await DuckWarehouse.open(':memory:');
  for (const step of demoIngestPlan(dir)) await ingestPaths(wh, step.paths, { marketplace: step.marketplace });
  started = await seedFromWarehouse(wh, { quiet: true, channels: ['mercadolibre', 'shopee'], rateLimits: false });
  for (const channel of ['mercadolibre', 'shopee']) seeded[channel] = parseSandboxOrders(readFileSync(join(dir, SANDBOX_ORDERS_DIR, `${channel}.jsonl`), 'utf8'));
  // rotated refresh tokens go to a scratch folder, not the repository's .crossdock
  stateDir = mkdtempSync(join(tmpdir(), 'cd-demo-api-state-'));
  process.env.CROSSDOCK_STATE_DIR = stateDir;
}, 120_000);

afterAll(async () => {
  await started?.stop();
  wh?.close();
  removeTempDirs();
  rmSync(stateDir, { recursive: true, force: true });
  if (previousStateDir === undefined) delete process.env.CROSSDOCK_STATE_DIR;
  else process.env.CROSSDOCK_STATE_DIR = previousStateDir;
});

function loadedConfig(): LoadedConfig {
  const start = result.stats.firstDate;
  return {
    path: join(dir, 'crossdock.config.json'),
    dir,
    config: parseConfig({
      baseCurrency: 'USD',
      locations: [{ id: 'OWN-CN', name: 'Shenzhen Warehouse', kind: 'own', country: 'CN' }],
      feeds: [
        { channel: 'mercadolibre', location: 'OWN-CN' },
        { channel: 'shopee', location: 'OWN-CN' },
      ],
      channels: [
        {
          channel: 'mercadolibre', account: 'demo', baseUrl: started.urls.mercadolibre, authUrl: `${started.urls.mercadolibre}/oauth/token`, site: 'MLM', currency: 'MXN', sellerId: 123456789,
          clientIdEnv: 'T_ML_CLIENT_ID', clientSecretEnv: 'T_ML_CLIENT_SECRET', refreshTokenEnv: 'T_ML_REFRESH_TOKEN', streams: { orders: { startDate: start } },
        },
        {
          channel: 'shopee', account: 'demo', baseUrl: started.urls.shopee, region: 'SG', partnerId: 2000001, shopId: 100001,
          partnerKeyEnv: 'T_SHOPEE_PARTNER_KEY', refreshTokenEnv: 'T_SHOPEE_REFRESH_TOKEN', streams: { orders: { startDate: start }, returns: { startDate: start } },
        },
      ],
    }),
  };
}

describe('the demo seller on Mercado Libre and Shopee, through their APIs', () => {
  it('writes their orders as the sandbox seed, never as files the demo ingest loads', () => {
    expect(result.files).toEqual(expect.arrayContaining([`${SANDBOX_ORDERS_DIR}/mercadolibre.jsonl`, `${SANDBOX_ORDERS_DIR}/shopee.jsonl`]));
    expect(demoIngestPlan(dir).flatMap((s) => s.paths).some((p) => p.includes(SANDBOX_ORDERS_DIR))).toBe(false);
    for (const [channel, key] of [['mercadolibre', 'mercadolibre:MX'], ['shopee', 'shopee:SG']]) {
      expect(seeded[channel].length).toBeGreaterThan(50);
      expect(seeded[channel].reduce((n, o) => n + o.lines.length, 0)).toBe(result.stats.linesByStream[key]);
    }
    // a small market: a few % of all order lines
    const share = (result.stats.linesByStream['mercadolibre:MX'] + result.stats.linesByStream['shopee:SG']) / result.stats.orderLines;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.08);
  });

  it('seeds the sandboxes with them and pulls every line in one pass, in MXN for MX and SGD for SG', async () => {
    const seededLines = seedSandboxOrders(started, join(dir, SANDBOX_ORDERS_DIR));
    expect(seededLines.join('\n')).toMatch(/mercadolibre +\d[\d,]* orders/);
    const shopeeReturns = seeded.shopee.reduce((n, o) => n + (o.returns?.length ?? 0), 0);
    const loaded = loadedConfig();
    await applyConfigToWarehouse(wh, loaded);
    const env = {
      T_ML_CLIENT_ID: channelById('mercadolibre')!.sandbox!.secrets.clientId,
      T_ML_CLIENT_SECRET: channelById('mercadolibre')!.sandbox!.secrets.clientSecret,
      T_ML_REFRESH_TOKEN: channelById('mercadolibre')!.sandbox!.secrets.refreshToken,
      T_SHOPEE_PARTNER_KEY: channelById('shopee')!.sandbox!.secrets.partnerKey,
      T_SHOPEE_REFRESH_TOKEN: channelById('shopee')!.sandbox!.secrets.refreshToken,
    };
    const deps: RunnerDeps = {
      warehouse: wh,
      loaded,
      clock: systemClock,
      // a few days after the demo's last day, whatever today is
      now: () => new Date(Date.parse(`${result.stats.lastDate}T00:00:00Z`) + 4 * 86_400_000),
      env,
      rateLimits: false,
      workDir: mkdtempSync(join(tmpdir(), 'cd-demo-api-')),
      ingest: ingestPaths,
    };
    try {
      const pass = await runPass(deps, { trigger: 'cli', force: true, only: ['mercadolibre', 'shopee'] });
      expect(pass.streams.map((s) => [s.key, s.status, s.rowsRejected, s.error ?? null])).toEqual([
        ['mercadolibre/demo/orders', 'succeeded', 0, null],
        ['shopee/demo/orders', 'succeeded', 0, null],
        ['shopee/demo/returns', 'succeeded', 0, null],
      ]);
    } finally {
      rmSync(deps.workDir, { recursive: true, force: true });
    }

    const rows = await wh.all<{ channel: string; marketplace: string; currency_code: string; location_id: string; lines: number; orders: number; cancelled: number; units: number }>(
      `select channel, marketplace, currency_code, location_id, count(*)::int as lines, count(distinct order_id)::int as orders,
              count(*) filter (where order_status = 'cancelled')::int as cancelled,
              sum(quantity_units) filter (where order_status <> 'cancelled')::int as units
         from order_line where channel in ('mercadolibre', 'shopee')
        group by all order by channel`,
    );
    const expected = (channel: string, marketplace: string, currency: string) => {
      const orders = seeded[channel];
      const lines = orders.flatMap((o) => o.lines.map((l) => ({ ...l, status: o.status })));
      return {
        channel, marketplace, currency_code: currency, location_id: 'OWN-CN',
        lines: lines.length, orders: orders.length,
        // the mappings keep cancelled lines (order_status 'cancelled'), so every seeded line lands
        cancelled: lines.filter((l) => l.status === 'cancelled').length,
        units: lines.filter((l) => l.status !== 'cancelled').reduce((n, l) => n + l.quantity, 0),
      };
    };
    expect(rows).toEqual([expected('mercadolibre', 'MX', 'MXN'), expected('shopee', 'SG', 'SGD')]);
    expect(rows.every((r) => r.cancelled > 0)).toBe(true);

    // Their units are the ones the simulation took from the Shenzhen warehouse's stock (net of cancellations).
    expect(result.stats.unitsDrawn['mercadolibre:MX']).toEqual({ 'OWN-CN': rows[0].units });
    expect(result.stats.unitsDrawn['shopee:SG']).toEqual({ 'OWN-CN': rows[1].units });

    // Shopee serves returns too: each seeded return line is one return_line.
    const [ret] = await wh.all<{ n: number }>(`select count(*)::int as n from return_line where channel = 'shopee'`);
    expect(shopeeReturns).toBeGreaterThan(0);
    expect(ret.n).toBe(seeded.shopee.reduce((n, o) => n + (o.returns ?? []).reduce((m, r) => m + r.lines.length, 0), 0));
  }, 180_000);
});
