// Refreshes while data changes (issue 11): concurrent dataset requests after a push or a load
// share one rebuild, and the server's reads answer from the previous consistent build until the
// new one commits, labelled with the version they reflect.
import { answerVersion, ensureMartsFresh, runDataset, streamDataset } from '../../../pipeline/analytics';
import { bumpDataVersion, dataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { oneSkuWorld, shippedLine } from './seed';

async function addShipment(wh: DuckWarehouse, units: number): Promise<void> {
  const line = shippedLine('A', 'WH1', '2025-03-03', units);
  await wh.transaction(async (conn) => {
    await conn.run(
      `insert into order_line (channel, marketplace, order_id, line_id, sku, location_id, quantity_units, item_price_amount, currency_code, order_status, fulfilment, ordered_at, shipped_at)
       values ('amazon', 'US', $1, '1', 'A', 'WH1', $2, 0, 'USD', 'shipped', 'merchant', '2025-03-03 08:00:00', '2025-03-03 12:00:00')`,
      [String(line.order_id), units],
    );
    await bumpDataVersion(conn);
  });
}

/** Holds every transaction (the rebuild's) at its start until the returned release is called. */
function holdTransactions(wh: DuckWarehouse): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const transaction = wh.transaction.bind(wh);
  wh.transaction = (async (fn: Parameters<typeof transaction>[0]) => {
    await gate;
    return transaction(fn);
  }) as typeof wh.transaction;
  return release;
}

const shippedUnits = async (rows: AsyncIterable<{ rows: unknown[][]; columns: { name: string }[] }>): Promise<number> => {
  let total = 0;
  for await (const chunk of rows) {
    const i = chunk.columns.findIndex((c) => c.name === 'units_shipped');
    for (const row of chunk.rows) total += Number(row[i]);
  }
  return total;
};

describe('dataset requests while the data changes', () => {
  it('answers 20 concurrent requests after a data change, all from one rebuild', async () => {
    const wh = await oneSkuWorld();
    await runDataset(wh, 'turnover', {});
    await addShipment(wh, 3);
    let rebuilds = 0;
    const transaction = wh.transaction.bind(wh);
    wh.transaction = ((fn: Parameters<typeof transaction>[0]) => {
      rebuilds += 1;
      return transaction(fn);
    }) as typeof wh.transaction;
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => runDataset(wh, i % 2 ? 'turnover' : 'inventory', {})));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(rebuilds).toBe(1);
    const turnover = (results[1] as PromiseFulfilledResult<Awaited<ReturnType<typeof runDataset>>>).value;
    expect(turnover.rows[0][turnover.columns.findIndex((c) => c.name === 'units_shipped')]).toBe(5);
    wh.close();
  });

  it('waits a bounded time once per rebuild, not once per call: the version, then the rows, of one request', async () => {
    const wh = await oneSkuWorld();
    await runDataset(wh, 'turnover', {});
    const before = await dataVersion(wh);
    await addShipment(wh, 3);
    const release = holdTransactions(wh);
    const started = Date.now();
    expect(await answerVersion(wh, 'turnover', { waitForNewData: 300 })).toBe(before); // waited, then the previous build
    const firstWait = Date.now() - started;
    expect(await shippedUnits(streamDataset(wh, 'turnover', {}, { waitForNewData: 300 }))).toBe(2);
    const secondWait = Date.now() - started - firstWait;
    expect(firstWait).toBeGreaterThanOrEqual(290);
    expect(secondWait).toBeLessThan(200); // what was left of the 300 ms: nothing
    release();
    await ensureMartsFresh(wh);
    expect(await shippedUnits(streamDataset(wh, 'turnover', {}, { waitForNewData: 300 }))).toBe(5);
    wh.close();
  });

  it('serves the previous build while the new one is built, labelled with its version', async () => {
    const wh = await oneSkuWorld();
    await runDataset(wh, 'turnover', {});
    const before = await dataVersion(wh);
    await addShipment(wh, 3);
    // the rebuild held at its start, so the reads below certainly run while it is pending
    const release = holdTransactions(wh);
    // the server's way: no waiting; the label is the version the marts reflect
    expect(await answerVersion(wh, 'turnover')).toBe(before);
    expect(await shippedUnits(streamDataset(wh, 'turnover', {}, { waitForNewData: false }))).toBe(2);
    release();
    await ensureMartsFresh(wh); // joins the rebuild the reads started
    expect(await answerVersion(wh, 'turnover')).toBe(await dataVersion(wh));
    expect(await shippedUnits(streamDataset(wh, 'turnover', {}, { waitForNewData: false }))).toBe(5);
    // datasets of the live tables are always current
    expect(await answerVersion(wh, 'stock')).toBe(await dataVersion(wh));
    wh.close();
  });
});
