// One answer, one read of what it is built from: the label's build state is handed to the rows,
// and the default as_of and the sources' last days are kept per build (run.ts answerBasis).
import { answerBasis, ensureMartsFresh, streamDatasetJson } from '../../../pipeline/analytics';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import type { SqlConnection } from '../../../pipeline/warehouse/types';
import { oneSkuWorld } from './seed';

/** Counts the statements that read the build state and the data dates (every read goes through a connection). */
function countReads(wh: DuckWarehouse): { state: number; dates: number } {
  const counts = { state: 0, dates: 0 };
  const see = (sql: string) => {
    if (/from setting where/.test(sql)) counts.state += 1;
    if (/from int_data_dates|from int_source_dates/.test(sql)) counts.dates += 1;
  };
  const withConnection = wh.withConnection.bind(wh);
  wh.withConnection = (<T>(fn: (conn: SqlConnection) => Promise<T>) =>
    withConnection((conn) =>
      fn(
        new Proxy(conn, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver) as unknown;
            if (key !== 'all' || typeof value !== 'function') return value;
            return (sql: string, ...rest: unknown[]) => {
              see(sql);
              return (value as (...a: unknown[]) => unknown).call(target, sql, ...rest);
            };
          },
        }),
      ),
    )) as typeof wh.withConnection;
  return counts;
}

async function answer(wh: DuckWarehouse, name: string, raw: Record<string, string> = {}): Promise<{ version: string; asOf: unknown; rows: number }> {
  const basis = await answerBasis(wh, name, { waitForNewData: true });
  let asOf: unknown;
  let rows = 0;
  for await (const chunk of streamDatasetJson(wh, name, raw, {}, { from: 0, to: null }, basis)) {
    asOf = chunk.params.as_of;
    if ('jsonRows' in chunk) rows += chunk.jsonRows.length;
    if ('jsonChunk' in chunk) rows += chunk.jsonChunk.rowCount;
  }
  return { version: basis.version, asOf, rows };
}

describe('what an answer is read from', () => {
  it('reads the build state once per answer and the data dates once per build', async () => {
    const wh = await oneSkuWorld();
    await ensureMartsFresh(wh); // builds the models and marts
    const reads = countReads(wh);
    const first = await answer(wh, 'turnover');
    expect(first).toMatchObject({ asOf: '2025-03-03', rows: 1 });
    expect(reads).toEqual({ state: 1, dates: 2 });
    const second = await answer(wh, 'turnover', { window_days: '2' }); // live, same build
    expect(second.asOf).toBe('2025-03-03');
    expect(reads).toEqual({ state: 2, dates: 2 });
    wh.close();
  });

  it('takes the default as_of of a new build, not the kept one', async () => {
    const wh = await oneSkuWorld();
    expect((await answer(wh, 'turnover')).asOf).toBe('2025-03-03');
    await wh.transaction(async (conn) => {
      await conn.run("insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units, reserved_units, inbound_units, unfulfillable_units) values ('2025-03-04', 'A', 'WH1', 9, 9, 0, 0, 0)");
      await conn.run(
        `insert into order_line (channel, marketplace, order_id, line_id, sku, location_id, quantity_units, item_price_amount, currency_code, order_status, fulfilment, ordered_at, shipped_at)
         values ('amazon', 'US', 'late-1', '1', 'A', 'WH1', 1, 0, 'USD', 'shipped', 'merchant', '2025-03-04 08:00:00', '2025-03-04 12:00:00')`,
      );
      await bumpDataVersion(conn);
    });
    const after = await answer(wh, 'turnover');
    expect(after.asOf).toBe('2025-03-04');
    wh.close();
  });
});
