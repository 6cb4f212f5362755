// The orders stream against the sandbox, driven the way the runner drives a connector: windows
// planned from the stream's rules, an authenticated API built by the connector from an account's
// secrets, every page read through to canonical rows (and an access token expiring mid-pull).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamSink } from '../../../pipeline/channels/contract/streams';
import { planWindows } from '../../../pipeline/channels/contract/window';
import { systemClock } from '../../../pipeline/channels/http/clock';
import { resetMercadoLibreTokens } from '../../../pipeline/channels/mercadolibre/client';
import { mercadolibreChannel } from '../../../pipeline/channels/mercadolibre/config';
import { createMercadoLibreSandbox, SANDBOX_SELLER_ID, type MercadoLibreSandbox } from '../../../pipeline/channels/mercadolibre/sandbox';
import { connector } from '../../../pipeline/channels/mercadolibre/streams';
import type { MlOrder } from '../../../pipeline/channels/mercadolibre/streams/orders';
import type { OrderLineRow, RejectedRecord } from '../../../pipeline/model/rows';

const SECRETS = { clientId: 'app-1', clientSecret: 'app-secret-1', refreshToken: 'TG-initial-refresh-1' };
const iso = (ms: number) => new Date(ms).toISOString();

function order(n: number, updatedMs: number, extra: Partial<MlOrder> = {}): MlOrder {
  return {
    id: 2000000000 + n, status: 'paid', date_created: iso(updatedMs - 3_600_000), date_last_updated: iso(updatedMs), currency_id: 'MXN', pack_id: null,
    order_items: [{ item: { id: `MLM${100 + (n % 4)}`, title: `Item ${n}`, seller_sku: `SKU-${n % 4}`, variation_id: null }, quantity: 1 + (n % 3), unit_price: 100, currency_id: 'MXN' }],
    payments: [{ id: n, status: 'approved' }], tags: ['paid'], seller: { id: SANDBOX_SELLER_ID },
    ...extra,
  };
}

describe('mercadolibre orders stream against the sandbox', () => {
  let sandbox: MercadoLibreSandbox;
  let stateDir: string;
  const nowMs = Date.now();

  beforeEach(async () => {
    resetMercadoLibreTokens();
    stateDir = mkdtempSync(join(tmpdir(), 'cd-ml-state-'));
    process.env.CROSSDOCK_STATE_DIR = stateDir;
    sandbox = createMercadoLibreSandbox([], { ...SECRETS, rateLimits: true });
    await sandbox.start();
  });
  afterEach(async () => {
    await sandbox.stop();
    delete process.env.CROSSDOCK_STATE_DIR;
    rmSync(stateDir, { recursive: true, force: true });
  });

  const account = () => mercadolibreChannel.parse({ channel: 'mercadolibre', account: 'mx', site: 'MLM', currency: 'MXN', sellerId: SANDBOX_SELLER_ID, baseUrl: sandbox.url, authUrl: `${sandbox.url}/oauth/token`, clientIdEnv: 'ML_ID', clientSecretEnv: 'ML_SECRET', refreshTokenEnv: 'ML_REFRESH' });

  async function pullAll() {
    const channel = account();
    const api = connector.createApi(channel, SECRETS, { clock: systemClock, rateLimits: true });
    const rows: OrderLineRow[] = [];
    const rejects: RejectedRecord[] = [];
    let read = 0;
    const sink: StreamSink = {
      read: (n) => (read += n),
      rows: (_table, r) => rows.push(...(r as unknown as OrderLineRow[])),
      rejects: (r) => rejects.push(...r),
      file: () => {
        throw new Error('no files from this stream');
      },
    };
    const stream = connector.streams.find((s) => s.name === 'orders')!;
    const windows = planWindows({ watermark: null, startDate: iso(nowMs - 3 * 86_400_000), now: new Date(nowMs), rules: stream.rules });
    const ctx = { api, channel, config: { timezone: 'America/Mexico_City', baseCurrency: 'MXN', feeds: [{ location: 'MX-WH', channel: 'mercadolibre' }] }, clock: systemClock, now: new Date(nowMs), workDir: stateDir, signal: new AbortController().signal, progress: () => undefined };
    for (const window of windows) await stream.pull(ctx, window, sink);
    return { rows, rejects, read, api, windows };
  }

  it('pages 120 orders updated in the window (50 per page) into order lines, rejecting the one without SKU', async () => {
    const base = nowMs - 2 * 86_400_000;
    sandbox.store.orders.load([
      ...Array.from({ length: 119 }, (_, i) => order(i, base + i * 60_000)),
      order(500, base + 200 * 60_000, { order_items: [{ item: { id: 'MLM9', title: 'no sku' }, quantity: 1, unit_price: 5 }] }),
      order(600, nowMs - 10 * 86_400_000), // updated before the window: not read
    ]);
    const { rows, rejects, read, api, windows } = await pullAll();
    expect(windows).toHaveLength(1);
    expect(read).toBe(120);
    expect(rows).toHaveLength(119);
    expect(sandbox.callCount('ordersSearch')).toBe(3); // 50 + 50 + 20
    expect(rows[7]).toMatchObject({ channel: 'mercadolibre', marketplace: 'MX', order_id: '2000000007', line_id: 'MLM103', sku: 'SKU-3', quantity_units: 2, item_price_amount: 200, currency_code: 'MXN', order_status: 'unshipped', location_id: 'MX-WH', last_updated_at: iso(base + 7 * 60_000) });
    expect(rejects).toEqual([expect.objectContaining({ record: 'order 2000000500 line MLM9', field: 'item.seller_sku' })]);
    // One token renewal for the whole pull, and the connector's credential check names the seller.
    expect(sandbox.callCount('oauthToken')).toBe(1);
    await expect(connector.checkCredentials(api, account())).resolves.toMatch(/CROSSDOCK_SANDBOX/);
  });

  it('renews an access token that expires mid-pull (401) once, with the rotated refresh token, and loses no page', async () => {
    const base = nowMs - 86_400_000;
    sandbox.store.orders.load(Array.from({ length: 75 }, (_, i) => order(i, base + i * 60_000)));
    let pages = 0;
    const expireOnSecondPage = () => {
      pages += 1;
      if (pages === 2) sandbox.auth.expireAccessTokens();
      else sandbox.onNextCall('ordersSearch', expireOnSecondPage);
    };
    sandbox.onNextCall('ordersSearch', expireOnSecondPage);
    const { rows, api } = await pullAll();
    expect(rows).toHaveLength(75);
    expect(sandbox.callCount('unauthorized')).toBe(1);
    expect(sandbox.callCount('oauthToken')).toBe(2);
    expect(sandbox.auth.spent.has(SECRETS.refreshToken)).toBe(true);
    expect(api.client.currentRefreshToken).not.toBe(SECRETS.refreshToken);
  });

  it('fails the credential check when the token belongs to another seller', async () => {
    const api = connector.createApi(account(), SECRETS, { clock: systemClock, rateLimits: true });
    await expect(connector.checkCredentials(api, { ...account(), sellerId: '42' })).rejects.toThrow(/not to sellerId 42/);
  });
});
