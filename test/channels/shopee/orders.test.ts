import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamSink } from '../../../pipeline/channels/contract/streams';
import { planWindows } from '../../../pipeline/channels/contract/window';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { resetShopeeSessions } from '../../../pipeline/channels/shopee/client';
import { shopeeChannel, type ShopeeConfig } from '../../../pipeline/channels/shopee/config';
import { createShopeeSandbox, type ShopeeSandbox } from '../../../pipeline/channels/shopee/sandbox';
import { shopeeOrderBook } from '../../../pipeline/channels/shopee/sandbox/routes/orders';
import { connector } from '../../../pipeline/channels/shopee/streams';
import { ORDER_LIST_PATH, orders, type ShopeeOrder } from '../../../pipeline/channels/shopee/streams/orders';
import { returns } from '../../../pipeline/channels/shopee/streams/returns';
import { shopeeReturns } from '../../../pipeline/channels/shopee/sandbox/routes/returns';
import type { OrderLineRow, RejectedRecord, ReturnLineRow } from '../../../pipeline/model/rows';
import { parseConfig, type LoadedConfig } from '../../../pipeline/config/load';
import { ingestPaths } from '../../../pipeline/ingest';
import { runPass, type RunnerDeps } from '../../../pipeline/scheduler/runner';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { CREDENTIALS } from './support';

const SECRETS = { T_SP_KEY: CREDENTIALS.partnerKey, T_SP_REFRESH: CREDENTIALS.refreshToken };
const nowMs = Date.parse('2026-07-10T12:00:00Z');
const sec = (iso: string) => Date.parse(iso) / 1000;

function order(sn: string, status: string, created: string, updated: string, sku: string, quantity = 1): ShopeeOrder {
  return {
    order_sn: sn, region: 'SG', currency: 'SGD', order_status: status, create_time: sec(created), update_time: sec(updated), recipient_address: { region: 'SG' },
    item_list: [{ item_id: 500000, item_name: sku, model_id: 7000, model_sku: sku, model_quantity_purchased: quantity, model_original_price: 10, model_discounted_price: 7.5 }],
  };
}

describe('Shopee orders through get_order_list → get_order_detail', () => {
  let sandbox: ShopeeSandbox;
  let stateDir: string;
  const previousStateDir = process.env.CROSSDOCK_STATE_DIR;
  const clock = new ManualClock(nowMs);

  beforeEach(async () => {
    resetShopeeSessions();
    stateDir = mkdtempSync(join(tmpdir(), 'cd-shopee-orders-'));
    process.env.CROSSDOCK_STATE_DIR = stateDir;
    sandbox = createShopeeSandbox([], { ...CREDENTIALS, clock });
    await sandbox.start();
  });

  afterEach(async () => {
    await sandbox.stop();
    rmSync(stateDir, { recursive: true, force: true });
    if (previousStateDir === undefined) delete process.env.CROSSDOCK_STATE_DIR;
    else process.env.CROSSDOCK_STATE_DIR = previousStateDir;
  });

  const account = (): ShopeeConfig =>
    shopeeChannel.parse({ channel: 'shopee', account: 'sg-main', baseUrl: sandbox.url, region: 'SG', partnerId: CREDENTIALS.partnerId, shopId: CREDENTIALS.shopId, partnerKeyEnv: 'T_SP_KEY', refreshTokenEnv: 'T_SP_REFRESH' });

  it('pulls 15-day windows page by page (cursor) and 50 order_sn per detail call into canonical rows, with rejects', async () => {
    const many = Array.from({ length: 130 }, (_, i) => order(`2607A${String(i).padStart(4, '0')}`, 'COMPLETED', '2026-07-01T00:00:00Z', `2026-07-02T00:${String(i % 60).padStart(2, '0')}:00Z`, `SKU-${i % 3}`, 2));
    const noSku: ShopeeOrder = { ...order('2606NOSKU', 'SHIPPED', '2026-06-10T00:00:00Z', '2026-06-12T08:00:00Z', 'X'), item_list: [{ item_id: 1, item_name: 'Gift', model_quantity_purchased: 1 }] };
    shopeeOrderBook(sandbox.store).load([order('2606EARLY', 'READY_TO_SHIP', '2026-06-05T00:00:00Z', '2026-06-05T01:00:00Z', 'MUG'), noSku, ...many, order('2605OLD', 'COMPLETED', '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z', 'OLD')]);

    const channel = account();
    const api = connector.createApi(channel, { partnerKey: CREDENTIALS.partnerKey, refreshToken: CREDENTIALS.refreshToken }, { clock, rateLimits: true });
    const windows = planWindows({ watermark: null, startDate: '2026-06-01', now: new Date(nowMs), rules: orders.rules });
    expect(windows.length).toBe(3); // 39 days in ≤ 15-day windows
    const rows: OrderLineRow[] = [];
    const rejects: RejectedRecord[] = [];
    let read = 0;
    const sink: StreamSink = { read: (n) => (read += n), rows: (_t, r) => rows.push(...(r as unknown as OrderLineRow[])), rejects: (r) => rejects.push(...r), file: () => undefined };
    const ctx = { api, channel, config: { timezone: 'Asia/Singapore', baseCurrency: 'SGD', feeds: [] }, clock, now: new Date(nowMs), workDir: stateDir, signal: new AbortController().signal, progress: () => undefined };
    for (const window of windows) await orders.pull(ctx, window, sink);

    expect(read).toBe(132);
    expect(rows.length).toBe(131);
    expect(rows.find((r) => r.order_id === '2606EARLY')).toEqual(expect.objectContaining({
      channel: 'shopee', marketplace: 'SG', line_id: '500000:7000', sku: 'MUG', quantity_units: 1, item_price_amount: 7.5, currency_code: 'SGD',
      order_status: 'unshipped', raw_status: 'READY_TO_SHIP', ordered_at: '2026-06-05T00:00:00.000Z', last_updated_at: '2026-06-05T01:00:00.000Z',
    }));
    expect(rows.filter((r) => r.order_id.startsWith('2607A')).every((r) => r.order_status === 'shipped' && r.item_price_amount === 15)).toBe(true);
    expect(rejects).toEqual([expect.objectContaining({ record: 'order 2606NOSKU line 1:0', field: 'model_sku' })]);
    expect(rows.some((r) => r.order_id === '2605OLD')).toBe(false);
    // Windows 06-01…06-16, 06-16…07-01, 07-01…07-10; the last has 130 orders: list pages of 100 + 30, details of 50 + 50 + 30.
    expect(sandbox.callCount('order.get_order_list')).toBe(1 + 1 + 2);
    expect(sandbox.callCount('order.get_order_detail')).toBe(1 + 0 + 3); // the middle window has no orders
    await expect(connector.checkCredentials(api, channel)).resolves.toBe('shop Crossdock sandbox shop (SG)');
  });

  it('pulls returns created in 15-day windows, page by page, into return_line rows', async () => {
    shopeeReturns(sandbox.store).push(
      ...Array.from({ length: 105 }, (_, i) => ({
        return_sn: 900000 + i, order_sn: `2607R${i}`, reason: i === 0 ? 'WRONG_ITEM' : 'CHANGE_MIND', refund_amount: 7.5, currency: 'SGD', status: 'ACCEPTED',
        create_time: sec('2026-07-03T00:00:00Z') + i, update_time: sec('2026-07-04T00:00:00Z'),
        item: [{ item_id: 500000, model_id: 7000, variation_sku: 'MUG-RED', amount: 1 }],
      })),
      { return_sn: 800001, order_sn: 'OLD', reason: 'OTHER', status: 'CLOSED', create_time: sec('2026-05-01T00:00:00Z'), update_time: sec('2026-05-01T00:00:00Z'), item: [{ item_id: 1, item_sku: 'OLD', amount: 1 }] },
    );
    const channel = account();
    const api = connector.createApi(channel, { partnerKey: CREDENTIALS.partnerKey, refreshToken: CREDENTIALS.refreshToken }, { clock, rateLimits: true });
    const rows: ReturnLineRow[] = [];
    const sink: StreamSink = { read: () => undefined, rows: (_t, r) => rows.push(...(r as unknown as ReturnLineRow[])), rejects: () => undefined, file: () => undefined };
    const ctx = { api, channel, config: { timezone: 'Asia/Singapore', baseCurrency: 'SGD', feeds: [] }, clock, now: new Date(nowMs), workDir: stateDir, signal: new AbortController().signal, progress: () => undefined };
    for (const window of planWindows({ watermark: null, startDate: '2026-06-20', now: new Date(nowMs), rules: returns.rules })) await returns.pull(ctx, window, sink);
    expect(rows.length).toBe(105);
    expect(rows[0]).toMatchObject({ return_line_id: '900000:500000:7000', order_id: '2607R0', sku: 'MUG-RED', reason_code: 'WRONG_ITEM_SENT', refund_amount: 7.5, returned_at: '2026-07-03T00:00:00.000Z' });
    expect(rows.every((r) => r.channel === 'shopee' && r.marketplace === 'SG')).toBe(true);
    expect(sandbox.callCount('returns.get_return_list')).toBe(2 + 1); // 06-20…07-05 holds the 105: pages of 100 + 5; 07-05…07-10 is one empty page
  });

  it('is refused a window over 15 days by the sandbox, as documented', async () => {
    const api = connector.createApi(account(), { partnerKey: CREDENTIALS.partnerKey, refreshToken: CREDENTIALS.refreshToken }, { clock, rateLimits: true });
    await expect(api.get(ORDER_LIST_PATH, { time_range_field: 'update_time', time_from: 1_780_000_000, time_to: 1_780_000_000 + 15 * 86400 + 1, page_size: 100 })).rejects.toThrow(/error_param: The maximum date range .* 15 days/);
  });

  it('reports a wrong partner key as a configuration problem', async () => {
    const api = connector.createApi(account(), { partnerKey: 'not-the-partner-key', refreshToken: CREDENTIALS.refreshToken }, { clock, rateLimits: true });
    await expect(connector.checkCredentials(api, account())).rejects.toThrow(/credentials were refused \(Shopee answered error_sign/);
  });

  it('loads the orders into the warehouse through the scheduler', async () => {
    shopeeOrderBook(sandbox.store).load([
      order('2607B1', 'READY_TO_SHIP', '2026-07-08T09:00:00Z', '2026-07-08T09:05:00Z', 'MUG-RED'),
      order('2607B2', 'CANCELLED', '2026-07-01T10:00:00Z', '2026-07-09T23:30:00Z', 'CAP'),
      order('2606B3', 'COMPLETED', '2026-06-01T10:00:00Z', '2026-06-02T10:00:00Z', 'TEE-M'), // before the start date
    ]);
    const warehouse = await DuckWarehouse.open(':memory:');
    try {
      const loaded: LoadedConfig = {
        path: join(stateDir, 'c.json'),
        dir: stateDir,
        config: parseConfig({ channels: [{ channel: 'shopee', account: 'sg-main', baseUrl: sandbox.url, region: 'SG', partnerId: CREDENTIALS.partnerId, shopId: CREDENTIALS.shopId, partnerKeyEnv: 'T_SP_KEY', refreshTokenEnv: 'T_SP_REFRESH', streams: { orders: { startDate: '2026-07-05' } } }] }),
      };
      const deps: RunnerDeps = { warehouse, loaded, clock, now: () => new Date(nowMs), env: SECRETS, rateLimits: false, workDir: stateDir, ingest: ingestPaths };
      const result = await runPass(deps, { trigger: 'cli', force: true });
      expect(result.streams.map((s) => [s.key, s.status, s.rowsLoaded])).toEqual([['shopee/sg-main/orders', 'succeeded', 2], ['shopee/sg-main/returns', 'succeeded', 0]]);
      expect(await warehouse.all(`select order_id, sku, order_status, ordered_at, last_updated_at from order_line order by order_id`)).toEqual([
        { order_id: '2607B1', sku: 'MUG-RED', order_status: 'unshipped', ordered_at: '2026-07-08T09:00:00.000Z', last_updated_at: '2026-07-08T09:05:00.000Z' },
        { order_id: '2607B2', sku: 'CAP', order_status: 'cancelled', ordered_at: '2026-07-01T10:00:00.000Z', last_updated_at: '2026-07-09T23:30:00.000Z' },
      ]);
    } finally {
      warehouse.close();
    }
  });
});
