// Mercado Libre as the engines see it once it is in the channel list: its config accounts are
// accepted, the writer its sandbox variables configure pushes and reads back (as the channel
// contract test checks for every channel), and the scheduler loads a pull into the warehouse.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNELS } from '../../../pipeline/channels';
import { systemClock } from '../../../pipeline/channels/http/clock';
import { resetMercadoLibreTokens } from '../../../pipeline/channels/mercadolibre/client';
import { createMercadoLibreSandbox, SANDBOX_SELLER_ID, type MercadoLibreSandbox } from '../../../pipeline/channels/mercadolibre/sandbox';
import type { MlOrder } from '../../../pipeline/channels/mercadolibre/streams/orders';
import { pushesFor } from '../../../pipeline/channels/sandbox/listings';
import { syntheticListings } from '../../../pipeline/channels/sandbox/seedListings';
import { startSandboxes, type StartedSandboxes } from '../../../pipeline/channels/sandbox/start';
import { KNOWN_STREAMS, parseConfig, type LoadedConfig } from '../../../pipeline/config/load';
import { ingestPaths } from '../../../pipeline/ingest';
import { runPass } from '../../../pipeline/scheduler/runner';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { sandboxWriterEnv, writersFromEnv } from '../../../pipeline/writeback/writers';

const iso = (ms: number) => new Date(ms).toISOString();

describe('mercadolibre in the channel list', () => {
  let started: StartedSandboxes | undefined;
  afterEach(async () => {
    await started?.stop();
    started = undefined;
    resetMercadoLibreTokens();
  });

  it('sits just before crossdock and offers the orders stream', () => {
    const ids = CHANNELS.map((c) => c.id);
    expect(ids.indexOf('mercadolibre')).toBe(ids.indexOf('crossdock') - 1);
    expect(KNOWN_STREAMS.mercadolibre).toEqual(['orders']);
  });

  it('takes a push from the writer its sandbox variables configure, reads it back, and writes no token file', async () => {
    const listings = syntheticListings('mercadolibre', 3);
    started = await startSandboxes(listings, { channels: ['mercadolibre'], quiet: true, rateLimits: true });
    const writer = writersFromEnv(sandboxWriterEnv(started.urls)).mercadolibre!;
    const rows = pushesFor(listings, (i) => 20 + i, 'contract-ml');
    const outcomes = await writer.push(rows, { idempotencyKey: 'contract-ml' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
    expect((await writer.read(rows)).map((r) => r.quantity)).toEqual([20, 21, 22]);
    expect(listings.map((l) => started!.sandboxes.mercadolibre!.quantity(l.listing_id))).toEqual([20, 21, 22]);
    const dir = join(process.cwd(), '.crossdock');
    expect(existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('mercadolibre-')) : []).toEqual([]);
  });
});

describe('mercadolibre through the scheduler', () => {
  let sandbox: MercadoLibreSandbox;
  let warehouse: DuckWarehouse;
  let workDir: string;
  const nowMs = Date.now();
  const SECRETS = { T_ML_ID: 'app-3', T_ML_SECRET: 'app-secret-3', T_ML_REFRESH: 'TG-initial-refresh-3' };

  beforeEach(async () => {
    resetMercadoLibreTokens();
    sandbox = createMercadoLibreSandbox([], { clientId: SECRETS.T_ML_ID, clientSecret: SECRETS.T_ML_SECRET, refreshToken: SECRETS.T_ML_REFRESH, rateLimits: true });
    await sandbox.start();
    workDir = mkdtempSync(join(tmpdir(), 'cd-ml-run-'));
    process.env.CROSSDOCK_STATE_DIR = join(workDir, 'state');
    warehouse = await DuckWarehouse.open(':memory:');
  });
  afterEach(async () => {
    warehouse.close();
    await sandbox.stop();
    delete process.env.CROSSDOCK_STATE_DIR;
    rmSync(workDir, { recursive: true, force: true });
  });

  it('loads the orders of the window into order_line, one row per order item', async () => {
    const order = (n: number, ms: number): MlOrder => ({
      id: 3000000000 + n, status: n === 2 ? 'cancelled' : 'paid', date_created: iso(ms - 60_000), date_last_updated: iso(ms), currency_id: 'MXN',
      order_items: [{ item: { id: 'MLM1', seller_sku: 'SKU-1' }, quantity: 2, unit_price: 150, currency_id: 'MXN' }, { item: { id: 'MLM2', seller_sku: 'SKU-2', variation_id: 9 }, quantity: 1, unit_price: 80, currency_id: 'MXN' }],
      tags: ['paid'],
    });
    sandbox.store.orders.load([order(1, nowMs - 86_400_000), order(2, nowMs - 80_000_000)]);
    const loaded: LoadedConfig = {
      path: join(workDir, 'c.json'),
      dir: workDir,
      config: parseConfig({
        timezone: 'America/Mexico_City',
        baseCurrency: 'MXN',
        locations: [{ id: 'MX-WH', name: 'CDMX', kind: '3pl', country: 'MX' }],
        feeds: [{ location: 'MX-WH', channel: 'mercadolibre' }],
        channels: [{ channel: 'mercadolibre', account: 'mx', site: 'MLM', currency: 'MXN', sellerId: SANDBOX_SELLER_ID, baseUrl: sandbox.url, authUrl: `${sandbox.url}/oauth/token`, clientIdEnv: 'T_ML_ID', clientSecretEnv: 'T_ML_SECRET', refreshTokenEnv: 'T_ML_REFRESH', streams: { orders: { startDate: iso(nowMs - 3 * 86_400_000).slice(0, 10) } } }],
      }),
    };
    const result = await runPass({ warehouse, loaded, clock: systemClock, now: () => new Date(nowMs), env: SECRETS, rateLimits: true, workDir, ingest: ingestPaths }, { trigger: 'cli', force: true, only: ['mercadolibre/orders'] });
    expect(result.streams[0]).toMatchObject({ status: 'succeeded', rowsRead: 2, rowsLoaded: 4 });
    expect(await warehouse.all(`select order_id, line_id, sku, quantity_units, item_price_amount::double as amount, order_status, location_id from order_line where channel = 'mercadolibre' order by order_id, line_id`)).toEqual([
      { order_id: '3000000001', line_id: 'MLM1', sku: 'SKU-1', quantity_units: 2, amount: 300, order_status: 'unshipped', location_id: 'MX-WH' },
      { order_id: '3000000001', line_id: 'MLM2-9', sku: 'SKU-2', quantity_units: 1, amount: 80, order_status: 'unshipped', location_id: 'MX-WH' },
      { order_id: '3000000002', line_id: 'MLM1', sku: 'SKU-1', quantity_units: 2, amount: 300, order_status: 'cancelled', location_id: 'MX-WH' },
      { order_id: '3000000002', line_id: 'MLM2-9', sku: 'SKU-2', quantity_units: 1, amount: 80, order_status: 'cancelled', location_id: 'MX-WH' },
    ]);
  });
});
