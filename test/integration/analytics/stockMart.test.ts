// The stock dataset reads the live tables, and its default answer is kept as a mart that answers
// only while it is of the current data version (models.ts martIsCurrent): a push, a rule or a
// snapshot shows on the very next refresh (answered live), and the mart catches up after.
import { answerBasis, ensureMartsFresh, isRebuilding, renderDatasetSql, streamDatasetJson } from '../../../pipeline/analytics';
import { lastRebuildReport, martIsCurrent, martsState } from '../../../pipeline/analytics/models';
import { liveAnswerCount } from '../../../pipeline/analytics/liveAnswers';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { PUSH_CHANGES } from '../../../pipeline/writeback/ledger';
import { rowTexts, seedWarehouse, dailySnapshots, shippedLine } from './seed';

/** Two SKUs, each listed on Shopify from one own warehouse. */
function stockWorld(): Promise<DuckWarehouse> {
  return seedWarehouse({
    locations: [{ location_id: 'WH1', location_name: 'W', location_kind: 'own', pool_id: 'OWN' }],
    skus: [{ sku: 'A' }, { sku: 'B' }],
    listings: [
      { listing_id: 'shopify:US:A:merchant', channel: 'shopify', sku: 'A', location_id: 'WH1', channel_quantity_units: 4, channel_quantity_seen_at: '2025-03-03 08:00:00' },
      { listing_id: 'shopify:US:B:merchant', channel: 'shopify', sku: 'B', location_id: 'WH1', channel_quantity_units: 6, channel_quantity_seen_at: '2025-03-03 08:00:00' },
    ],
    snapshots: [...dailySnapshots('A', 'WH1', '2025-03-01', [10, 10, 10]), ...dailySnapshots('B', 'WH1', '2025-03-01', [5, 5, 5])],
    orders: [shippedLine('A', 'WH1', '2025-03-03', 2)],
  });
}

/** The world with its marts built, then a push that set the channel quantity of `sku`'s listing. */
async function builtWorldAfterPush(sku: string, quantity: number): Promise<DuckWarehouse> {
  const wh = await stockWorld();
  await ensureMartsFresh(wh);
  await wh.transaction(async (conn) => {
    await conn.run('update listing set channel_quantity_units = $1, channel_quantity_seen_at = now()::timestamp where sku = $2', [quantity, sku]);
    await bumpDataVersion(conn, PUSH_CHANGES);
  });
  return wh;
}

/** A server-style stock answer (starting the rebuild) with its first chunk read, left open. */
async function openStockAnswer(wh: DuckWarehouse): Promise<{ first: IteratorResult<unknown>; finish: () => Promise<void> }> {
  const freshness = { waitForNewData: 1000 };
  const basis = await answerBasis(wh, 'stock', freshness);
  const answer = streamDatasetJson(wh, 'stock', {}, freshness, { from: 0, to: null }, basis)[Symbol.asyncIterator]();
  const first = await answer.next();
  return {
    first,
    finish: async () => {
      while (!(await answer.next()).done);
    },
  };
}

interface StockAnswer {
  version: string;
  /** Whether it came as a mart's pre-encoded blocks (else encoded from the live query). */
  fromMart: boolean;
  rows: Record<string, unknown>[];
}

async function stock(wh: DuckWarehouse, freshness: { waitForNewData: boolean | number } = { waitForNewData: true }): Promise<StockAnswer> {
  const basis = await answerBasis(wh, 'stock', freshness);
  let names: string[] = [];
  let fromMart = false;
  const texts: string[] = [];
  for await (const chunk of streamDatasetJson(wh, 'stock', {}, freshness, { from: 0, to: null }, basis)) {
    names = chunk.columns.map((c) => c.name);
    if ('jsonChunk' in chunk) fromMart = true;
    texts.push(...rowTexts(chunk));
  }
  const rows = texts.map((text) => Object.fromEntries((JSON.parse(text) as unknown[]).map((v, i) => [names[i], v])));
  return { version: basis.version, fromMart, rows };
}

/** The live query's rows, the way the mart's are encoded (through JSON text). */
async function liveRows(wh: DuckWarehouse): Promise<Record<string, unknown>[]> {
  const rows = await wh.all(renderDatasetSql('stock', 'duckdb'), { channel: null, marketplace: null, sku_prefix: null });
  return JSON.parse(JSON.stringify(rows)) as Record<string, unknown>[];
}

const quantityOf = (answer: StockAnswer, sku: string) => answer.rows.find((r) => r.sku === sku)?.channel_quantity;
const availableOf = (answer: StockAnswer, sku: string) => answer.rows.find((r) => r.sku === sku)?.available_units;

describe('the stock mart', () => {
  it('answers the default request from the mart built at the current data version, the same rows as the live query', async () => {
    const wh = await stockWorld();
    await ensureMartsFresh(wh);
    const answer = await stock(wh);
    expect(answer.fromMart).toBe(true);
    expect(answer.rows).toEqual(await liveRows(wh));
    expect(answer.rows.map((r) => [r.sku, r.channel_quantity, r.available_units])).toEqual([
      ['A', 4, 10],
      ['B', 6, 5],
    ]);
    wh.close();
  });

  it('answers live right after a push, labelled with its version, and from the mart again once it is rebuilt', async () => {
    const wh = await builtWorldAfterPush('A', 9);
    const [{ v }] = await wh.all<{ v: string }>("select setting_value as v from setting where setting_key = 'data_version'");
    const next = await stock(wh); // a caller that waits (the CLI) starts no rebuild: it answers live
    expect(next).toMatchObject({ version: v, fromMart: false });
    expect(quantityOf(next, 'A')).toBe(9);
    expect(isRebuilding(wh)).toBe(false);
    await ensureMartsFresh(wh);
    expect(lastRebuildReport(wh)?.marts).toContain('stock'); // a push changes what it reads
    const caughtUp = await stock(wh);
    expect(caughtUp).toMatchObject({ version: v, fromMart: true });
    expect(caughtUp.rows).toEqual(await liveRows(wh));
    expect(quantityOf(caughtUp, 'A')).toBe(9);
    wh.close();
  });

  it('starts the rebuild that catches it up from a request that does not wait (the server)', async () => {
    const wh = await builtWorldAfterPush('B', 1);
    const first = await stock(wh, { waitForNewData: 1000 });
    expect(first.fromMart).toBe(false);
    expect(quantityOf(first, 'B')).toBe(1);
    expect(isRebuilding(wh)).toBe(true);
    await ensureMartsFresh(wh); // joins the rebuild the request started
    expect(await stock(wh, { waitForNewData: 1000 })).toMatchObject({ version: first.version, fromMart: true });
    wh.close();
  });

  it('lets a live answer standing in for it finish before the rebuild builds the mart (bounded)', async () => {
    const wh = await builtWorldAfterPush('A', 2);
    const { first, finish } = await openStockAnswer(wh); // under way: its first chunk is out
    expect('jsonRows' in (first.value as object)).toBe(true);
    expect(liveAnswerCount(wh)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(martIsCurrent(await martsState(wh), 'stock')).toBe(false); // held back
    expect(isRebuilding(wh)).toBe(true);
    await finish(); // the answer ends
    expect(liveAnswerCount(wh)).toBe(0);
    await ensureMartsFresh(wh);
    expect(martIsCurrent(await martsState(wh), 'stock')).toBe(true);
    wh.close();
  });

  it('stops yielding to a live answer once newer data waits for the rebuild to end', async () => {
    const wh = await builtWorldAfterPush('A', 3);
    const { finish } = await openStockAnswer(wh); // under way, and left open
    await ensureMartsFresh(wh, { waitForNewData: 5000 }); // the models are in: the marts' loop yields now
    const started = Date.now();
    await wh.transaction(async (conn) => {
      await conn.run("update listing set channel_quantity_units = 4 where sku = 'B'");
      await bumpDataVersion(conn, PUSH_CHANGES);
    });
    while (isRebuilding(wh)) await new Promise((resolve) => setTimeout(resolve, 20));
    // the mart it was waiting on waits out its 2 s; the marts after it no longer wait
    expect(lastRebuildReport(wh)!.marts.length).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(3500);
    await finish();
    wh.close();
  });

  it('is rebuilt when a snapshot moves a SKU’s latest position (inventory_latest is recorded as changed)', async () => {
    const wh = await stockWorld();
    await ensureMartsFresh(wh);
    await wh.transaction(async (conn) => {
      await conn.run("insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units) values ('2025-03-04', 'B', 'WH1', 3, 3)");
      await bumpDataVersion(conn, [{ table: 'inventory_snapshot', skus: ['B'] }]);
    });
    const recorded = await wh.all<{ table_name: string; skus: string }>(
      "select table_name, cast(to_json(skus) as varchar) as skus from data_change where table_name = 'inventory_latest'",
    );
    expect(recorded).toEqual([{ table_name: 'inventory_latest', skus: '["B"]' }]);
    await ensureMartsFresh(wh);
    const answer = await stock(wh);
    expect(answer.fromMart).toBe(true);
    expect(availableOf(answer, 'B')).toBe(3);
    expect(answer.rows).toEqual(await liveRows(wh));
    wh.close();
  });

  it('keeps its mart through a change it does not read, stamped with the new version', async () => {
    const wh = await stockWorld();
    await ensureMartsFresh(wh);
    await wh.transaction(async (conn) => {
      const line = shippedLine('B', 'WH1', '2025-03-03', 1);
      await conn.run(
        `insert into order_line (channel, marketplace, order_id, line_id, sku, location_id, quantity_units, item_price_amount, currency_code, order_status, fulfilment, ordered_at, shipped_at)
         values ('amazon', 'US', $1, '1', 'B', 'WH1', 1, 20, 'USD', 'shipped', 'merchant', '2025-03-03 08:00:00', '2025-03-03 12:00:00')`,
        [String(line.order_id)],
      );
      await bumpDataVersion(conn, [{ table: 'order_line', skus: ['B'] }]);
    });
    await ensureMartsFresh(wh);
    expect(lastRebuildReport(wh)?.marts).not.toContain('stock');
    const answer = await stock(wh);
    expect(answer.fromMart).toBe(true);
    expect(answer.rows).toEqual(await liveRows(wh));
    wh.close();
  });
});
