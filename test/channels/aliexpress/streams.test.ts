import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, systemClock } from '../../../pipeline/channels/http';
import { createAliExpressSandbox, type AliExpressSandbox } from '../../../pipeline/channels/aliexpress/sandbox';
import { aliexpressOrderBook } from '../../../pipeline/channels/aliexpress/sandbox/routes/orders';
import { connector } from '../../../pipeline/channels/aliexpress/streams';
import type { AliexpressOrder } from '../../../pipeline/channels/aliexpress/streams/orders';
import { parseConfig, type LoadedConfig } from '../../../pipeline/config/load';
import type { AliexpressConfig } from '../../../pipeline/channels/aliexpress/config';
import { ingestPaths } from '../../../pipeline/ingest';
import { runPass, type RunnerDeps } from '../../../pipeline/scheduler/runner';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const SECRETS = { T_AE_KEY: '501234', T_AE_SECRET: 'ae-secret-value', T_AE_SESSION: '50000sessiontoken' };

function order(id: number, status: string, created: string, updated: string, sku: string): AliexpressOrder {
  return {
    order_id: id, gmt_create: created, gmt_update: updated, order_status: status, receipt_country: 'ES',
    product_list: { order_product_dto: [{ child_id: id * 10, product_id: 1005001, sku_code: sku, product_name: sku, product_count: 1, total_product_amount: { amount: '7.50', currency_code: 'USD' } }] },
  };
}

describe('AliExpress orders through the order query', () => {
  let sandbox: AliExpressSandbox;
  let warehouse: DuckWarehouse;
  let loaded: LoadedConfig;
  let workDir: string;
  const nowMs = Date.parse('2026-07-10T12:00:00Z');

  beforeEach(async () => {
    sandbox = createAliExpressSandbox([], { appKey: SECRETS.T_AE_KEY, appSecret: SECRETS.T_AE_SECRET, session: SECRETS.T_AE_SESSION });
    await sandbox.start();
    aliexpressOrderBook(sandbox.store).load([
      order(1, 'WAIT_SELLER_SEND_GOODS', '2026-07-08 09:00:00', '2026-07-08 09:05:00', 'MUG-RED'),
      order(2, 'FINISH', '2026-07-01 10:00:00', '2026-07-09 23:30:00', 'CAP'),
      order(3, 'WAIT_BUYER_ACCEPT_GOODS', '2026-06-01 10:00:00', '2026-06-02 10:00:00', 'TEE-M'), // before the start date
    ]);
    workDir = mkdtempSync(join(tmpdir(), 'cd-ae-'));
    loaded = {
      path: join(workDir, 'c.json'),
      dir: workDir,
      config: parseConfig({ channels: [{ channel: 'aliexpress', account: 'store', baseUrl: sandbox.url, appKeyEnv: 'T_AE_KEY', appSecretEnv: 'T_AE_SECRET', sessionEnv: 'T_AE_SESSION', streams: { orders: { startDate: '2026-07-05' } } }] }),
    };
    warehouse = await DuckWarehouse.open(':memory:');
  });

  afterEach(async () => {
    warehouse.close();
    await sandbox.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('pulls open and FINISH orders modified since the start, converting Pacific times to UTC', async () => {
    const deps: RunnerDeps = { warehouse, loaded, clock: new ManualClock(nowMs), now: () => new Date(nowMs), env: SECRETS, rateLimits: false, workDir, ingest: ingestPaths };
    const result = await runPass(deps, { trigger: 'cli', force: true });
    expect(result.streams.map((s) => [s.status, s.rowsLoaded])).toEqual([['succeeded', 2]]);
    expect(await warehouse.all(`select order_id, order_status, ordered_at, last_updated_at from order_line order by order_id`)).toEqual([
      // 2026-07-08 09:00 PDT = 16:00Z
      { order_id: '1', order_status: 'unshipped', ordered_at: '2026-07-08T16:00:00.000Z', last_updated_at: '2026-07-08T16:05:00.000Z' },
      { order_id: '2', order_status: 'shipped', ordered_at: '2026-07-01T17:00:00.000Z', last_updated_at: '2026-07-10T06:30:00.000Z' },
    ]);
  });

  it('reports refused credentials as a configuration problem when checking them', async () => {
    const channel = loaded.config.channels[0] as AliexpressConfig;
    const good = connector.createApi(channel, { appKey: SECRETS.T_AE_KEY, appSecret: SECRETS.T_AE_SECRET, session: SECRETS.T_AE_SESSION }, { clock: systemClock, rateLimits: true });
    await expect(connector.checkCredentials(good, channel)).resolves.toMatch(/open orders/);
    const bad = connector.createApi(channel, { appKey: SECRETS.T_AE_KEY, appSecret: 'wrong', session: SECRETS.T_AE_SESSION }, { clock: systemClock, rateLimits: true });
    await expect(connector.checkCredentials(bad, channel)).rejects.toThrow(/refused the credentials \(IncompleteSignature/);
  });
});
