import { Ledger } from '../../../pipeline/writeback/ledger';
import { StockWriteback } from '../../../pipeline/writeback/service';
import { FakeWriter, seededWarehouse } from './fakes';

const A = 'shopify:main:A:merchant';
const B = 'shopify:main:B:merchant';
const C = 'shopify:main:C:merchant';

/** What a server killed mid-apply leaves behind: a running change set, rows pending and sent. */
async function crashedLedger(options: { asynchronous?: boolean } = {}) {
  const wh = await seededWarehouse([
    { listing_id: A, channel_quantity: 5 },
    { listing_id: B, channel_quantity: 7 },
    { listing_id: C, channel_quantity: 9 },
  ]);
  const ledger = new Ledger(wh);
  const at = '2026-11-26T12:00:00.000Z';
  const row = (change_id: string, row_index: number, listing_id: string, asked: number, seen: number) => ({
    change_id, row_index, listing_id, channel: 'shopify', marketplace: 'main', sku: listing_id.split(':')[2],
    expected_version: 'v', seen_quantity_units: seen, asked_value: String(asked), asked_quantity_units: asked,
    change_status: 'pending' as const, reason_code: null, message: null,
    follows_change_id: null, is_side_effect: false, available_units: null, warning_code: null, warning_message: null,
  });
  await ledger.begin(
    { idempotency_key: 'crash-key', change_set_id: 'set-1', request_sha256: 'sha', requested_by: 'ops', requested_role: 'manager', requested_at: at, count_rows: 3 },
    [row('c-a', 0, A, 12, 5), row('c-b', 1, B, 13, 7), row('c-c', 2, C, 14, 9)],
  );
  await ledger.markSent(['c-a', 'c-b'], [12, 13], at); // the batch of A and B was handed to Shopify
  const shopify = new FakeWriter('shopify', options);
  shopify.shown.set(A, 12).set(B, 7).set(C, 9); // Shopify applied A; B never arrived; C was never sent
  return { wh, shopify };
}

describe('reconciling after a crash', () => {
  const statuses = (wh: Awaited<ReturnType<typeof crashedLedger>>['wh']) => wh.all('select change_id, change_status, reason_code from stock_change order by row_index');

  it('settles each unfinished row from what the channel shows, without sending anything', async () => {
    const { wh, shopify } = await crashedLedger();
    // Restarted a minute after the batch was sent: nothing of it can still be on its way.
    const service = new StockWriteback({ warehouse: wh, writers: { shopify }, clock: () => new Date('2026-11-26T12:01:00Z'), config: { verifyIntervalMs: 3_600_000 } });
    expect(await service.start()).toEqual({ rows: 3, sets: 1 });
    await service.stop();
    expect(shopify.calls).toHaveLength(0);
    expect(await statuses(wh)).toEqual([
      { change_id: 'c-a', change_status: 'applied', reason_code: null },
      { change_id: 'c-b', change_status: 'failed', reason_code: 'NOT_APPLIED' }, // Shopify applies before answering: 7 ≠ 13 is final
      { change_id: 'c-c', change_status: 'failed', reason_code: 'NOT_SENT' },
    ]);
    expect(await wh.all('select set_status from stock_change_set')).toEqual([{ set_status: 'interrupted' }]);
    expect(await wh.all('select channel_quantity_units as q from listing where listing_id = $1', [A])).toEqual([{ q: 12 }]);
    wh.close();
  });

  it('waits while a request of the stopped server may still arrive, then says not applied at the next read', async () => {
    const { wh, shopify } = await crashedLedger();
    let now = Date.parse('2026-11-26T12:00:05Z'); // restarted 5 s after the send: B's call may still be arriving
    const service = new StockWriteback({ warehouse: wh, writers: { shopify }, clock: () => new Date(now), config: { verifyIntervalMs: 3_600_000 } });
    await service.start();
    expect((await statuses(wh))[1]).toEqual({ change_id: 'c-b', change_status: 'pending_verification', reason_code: 'RECONCILING' });
    now += 10_000;
    expect(await service.verifyOnce()).toBe(0); // 15 s: still inside the channel client's request timeout
    now += 30_000;
    expect(await service.verifyOnce()).toBe(1); // 45 s: long before the 30-minute verification timeout
    await service.stop();
    const [row] = await wh.all<{ change_status: string; reason_code: string; message: string; is_retryable: boolean }>(
      "select change_status, reason_code, message, is_retryable from stock_change where change_id = 'c-b'",
    );
    expect(row).toEqual({ change_status: 'failed', reason_code: 'NOT_APPLIED', is_retryable: true, message: expect.stringContaining('shopify shows 7, not 13') });
    wh.close();
  });

  it('a row the stopped server sent is applied if it shows up while being verified', async () => {
    const { wh, shopify } = await crashedLedger();
    let now = Date.parse('2026-11-26T12:00:05Z');
    const service = new StockWriteback({ warehouse: wh, writers: { shopify }, clock: () => new Date(now), config: { verifyIntervalMs: 3_600_000 } });
    await service.start();
    shopify.shown.set(B, 13); // the call in flight landed after the restart's read
    now += 40_000;
    expect(await service.verifyOnce()).toBe(1);
    await service.stop();
    expect((await statuses(wh))[1]).toEqual({ change_id: 'c-b', change_status: 'applied', reason_code: null });
    wh.close();
  });

  it('on a channel that queues writes, fails a sent row that never shows up only once the verification timeout passes', async () => {
    const { wh, shopify } = await crashedLedger({ asynchronous: true });
    let now = Date.parse('2026-11-26T12:00:10Z');
    const service = new StockWriteback({ warehouse: wh, writers: { shopify }, clock: () => new Date(now), config: { verifyIntervalMs: 3_600_000, verifyTimeoutMs: 60_000 } });
    await service.start();
    expect((await statuses(wh))[1]).toEqual({ change_id: 'c-b', change_status: 'pending_verification', reason_code: 'RECONCILING' });
    now += 40_000;
    expect(await service.verifyOnce()).toBe(0); // 50 s, past the in-flight time: Amazon-like: ACCEPTED may still be in its queue
    now += 70_000;
    expect(await service.verifyOnce()).toBe(1);
    await service.stop();
    expect(await wh.all("select change_status, reason_code from stock_change where change_id = 'c-b'")).toEqual([{ change_status: 'failed', reason_code: 'VERIFICATION_TIMEOUT' }]);
    wh.close();
  });
});
