// A small scheduled pull redoes only the touched SKUs' rows in the `-- incremental: sku` models
// (issue 14, goal 3), and what that leaves in every model table is what a full rebuild gives: the
// independent check is the full rebuild itself, compared table by table. The pull goes through
// the scheduler's own upsert (upsertStaged), so the SKUs recorded are the ones the runner records.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureMartsFresh } from '../../../pipeline/analytics';
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import { lastRebuildReport, loadModels, refreshMarts } from '../../../pipeline/analytics/models';
import type { CanonicalTable } from '../../../pipeline/model/rows';
import { upsertStaged } from '../../../pipeline/scheduler/load';
import { bumpDataVersion, DuckWarehouse, type DataChange } from '../../../pipeline/warehouse/duckdb';

const END = '2025-06-30';
const tableModels = loadModels().filter((m) => m.materialized === 'table').map((m) => m.name);

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cd-incremental-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Bench data plus fees of every kind int_order_fees handles: per SKU, per order, unloaded order, account. */
async function world(): Promise<DuckWarehouse> {
  const wh = await DuckWarehouse.open(':memory:');
  await wh.transaction(async (conn) => {
    await writeBenchData(conn, { orderLines: 4000, skus: 30, days: 90, endDate: END });
    await conn.run(
      `insert into order_fee (channel, marketplace, fee_id, order_id, sku, fee_type, fee_amount, currency_code, posted_at)
       select channel, marketplace, 'ref-' || order_id || '-' || line_id, order_id, sku, 'referral', 1.5, 'USD', ordered_at
       from order_line where hash(order_id) % 3 = 0
       union all
       select channel, min(marketplace), 'ship-' || order_id, order_id, null, 'shipping', 4.25, 'USD', min(ordered_at)
       from order_line group by channel, order_id
       union all
       select 'shopify', 'US', 'ship-GHOST', 'GHOST-1', null, 'shipping', 7, 'USD', timestamp '${END} 09:00:00'
       union all
       select 'amazon', 'US', 'storage-1', null, null, 'storage', 30, 'USD', timestamp '${END} 10:00:00'`,
    );
    await bumpDataVersion(conn);
  });
  await ensureMartsFresh(wh);
  return wh;
}

function ndjson(name: string, rows: Record<string, unknown>[]): string {
  const path = join(dir, `${name}.ndjson`);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

/** A pull as the runner lands it: upsert the staged files, record what they touched. */
async function pull(wh: DuckWarehouse, staged: [CanonicalTable, Record<string, unknown>[]][]): Promise<DataChange[]> {
  return wh.transaction(async (conn) => {
    const { changes } = await upsertStaged(conn, new Map(staged.map(([table, rows]) => [table, ndjson(table, rows)])), 'api:test');
    await bumpDataVersion(conn, [...changes, { table: 'stream_watermark' }, { table: 'pipeline_run' }]);
    return changes;
  });
}

/** Rows of `a` not in `b` and of `b` not in `a`, floats compared to 9 decimals (sums add up in any order). */
async function difference(wh: DuckWarehouse, a: string, b: string): Promise<number> {
  const columns = await wh.all<{ column_name: string; data_type: string }>(
    'select column_name, data_type from information_schema.columns where table_name = $1 order by ordinal_position',
    [a],
  );
  const list = columns.map((c) => (c.data_type === 'DOUBLE' ? `round(${c.column_name}, 9)` : c.column_name)).join(', ');
  const [row] = await wh.all<{ n: number | bigint }>(
    `select (select count(*) from (select ${list} from ${a} except all select ${list} from ${b}))
          + (select count(*) from (select ${list} from ${b} except all select ${list} from ${a})) as n`,
  );
  return Number(row.n);
}

/** Each model table as the partial rebuild left it, against a full rebuild of the same data. */
async function differencesFromFullRebuild(wh: DuckWarehouse): Promise<Record<string, number>> {
  for (const name of tableModels) await wh.run(`create table partial_${name} as select * from ${name}`);
  await wh.transaction((conn) => refreshMarts(conn));
  const out: Record<string, number> = {};
  for (const name of tableModels) out[name] = await difference(wh, `partial_${name}`, name);
  return out;
}

const noDifferences = () => Object.fromEntries(tableModels.map((name) => [name, 0]));

describe('a small pull redoes only the SKUs it touched', () => {
  it('records the touched SKUs, order-closed, and leaves every model as a full rebuild would', async () => {
    const wh = await world();
    const [order] = await wh.all<{ channel: string; order_id: string; skus: string }>(
      `select channel, order_id, cast(to_json(list(distinct sku order by sku)) as varchar) as skus
       from order_line group by channel, order_id having count(distinct sku) = 2 order by order_id limit 1`,
    );
    const twoSkuOrder = { ...order, skus: JSON.parse(order.skus) as string[] };
    const [other] = await wh.all<{ sku: string }>(`select sku from sku where sku not in (select unnest($1::json::varchar[])) order by sku limit 1`, [
      JSON.stringify(twoSkuOrder.skus),
    ]);
    const [shipped] = await wh.all<{ order_id: string; line_id: string; sku: string; channel: string }>(
      "select channel, order_id, line_id, sku from order_line where order_status = 'shipped' and channel = 'shopify' order by order_id desc limit 1",
    );
    const day = (h: number) => `${END.slice(0, 8)}2${h}T08:00:00Z`;
    const changes = await pull(wh, [
      [
        'order_line',
        [
          // a third line in a two-SKU order: its fees are shared out anew over all three SKUs
          { channel: twoSkuOrder.channel, marketplace: 'US', order_id: twoSkuOrder.order_id, line_id: '9', sku: other.sku, quantity_units: 2, item_price_amount: 30, currency_code: 'USD', order_status: 'shipped', fulfilment: 'merchant', location_id: '3PL-US-1', ordered_at: day(1), shipped_at: day(2) },
          // a shipped line refunded
          { channel: shipped.channel, marketplace: 'US', order_id: shipped.order_id, line_id: shipped.line_id, sku: shipped.sku, quantity_units: 1, item_price_amount: 20, currency_code: 'USD', order_status: 'refunded', fulfilment: 'merchant', location_id: '3PL-US-1', ordered_at: day(3), shipped_at: day(4) },
          // the first line of an order whose shipping fee was already loaded, of a SKU whose text needs quoting
          { channel: 'shopify', marketplace: 'US', order_id: 'GHOST-1', line_id: '1', sku: "KID'S-CAP", quantity_units: 1, item_price_amount: 15, currency_code: 'USD', order_status: 'shipped', fulfilment: 'merchant', location_id: 'OWN-SZ', ordered_at: day(5), shipped_at: day(6) },
        ],
      ],
      ['return_line', [{ channel: shipped.channel, marketplace: 'US', return_line_id: `R-${shipped.order_id}`, order_id: shipped.order_id, sku: shipped.sku, quantity_units: 1, returned_at: day(7), raw_reason: 'changed mind', reason_code: 'CHANGED_MIND', disposition: 'sellable', is_restocked: true, is_sellable: true, refund_amount: 20, location_id: '3PL-US-1' }]],
    ]);

    const orderSkus = changes.find((c) => c.table === 'order_line')!.skus!;
    expect(orderSkus).toEqual(expect.arrayContaining([...twoSkuOrder.skus, other.sku, shipped.sku, "KID'S-CAP"]));

    await ensureMartsFresh(wh);
    const report = lastRebuildReport(wh)!;
    for (const name of ['int_order_lines', 'int_order_fees', 'int_return_lines', 'int_daily_demand', 'int_daily_position']) {
      expect([name, report.models[name]]).toEqual([name, 'skus']);
    }
    expect(report.models).not.toHaveProperty('int_data_dates'); // rebuilt, came out the same
    expect(report.skus).toBeLessThan(30);
    expect(await differencesFromFullRebuild(wh)).toEqual(noDifferences());
    wh.close();
  });

  it('rebuilds whole what a new last day reaches, and stock snapshots, whose SKUs are not recorded', async () => {
    const wh = await world();
    await pull(wh, [
      ['order_line', [{ channel: 'shopify', marketplace: 'US', order_id: 'NEXT-DAY', line_id: '1', sku: 'SKU-00001', quantity_units: 1, item_price_amount: 9, currency_code: 'USD', order_status: 'unshipped', fulfilment: 'merchant', location_id: 'OWN-SZ', ordered_at: '2025-07-01T08:00:00Z' }]],
      ['inventory_snapshot', [{ snapshot_date: END, sku: 'SKU-00002', location_id: 'OWN-SZ', on_hand_units: 77, available_units: 70, reserved_units: 7, inbound_units: 0, unfulfillable_units: 0 }]],
    ]);
    await ensureMartsFresh(wh);
    const report = lastRebuildReport(wh)!;
    expect(report.models.int_data_dates).toBe('all');
    expect(report.models.int_daily_position).toBe('all');
    expect(await differencesFromFullRebuild(wh)).toEqual(noDifferences());
    wh.close();
  });
});
