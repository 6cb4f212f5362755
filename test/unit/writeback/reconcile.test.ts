import { Ledger } from '../../../pipeline/writeback/ledger';
import { StockWriteback } from '../../../pipeline/writeback/service';
import { FakeWriter, seededWarehouse } from './fakes';

const A = 'shopify:main:A:merchant';
const B = 'shopify:main:B:merchant';
const C = 'shopify:main:C:merchant';

/** What a server killed mid-apply leaves behind: a running change set, rows pending and sent. */
async function crashedLedger() {
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
  const shopify = new FakeWriter('shopify');
  shopify.shown.set(A, 12).set(B, 7).set(C, 9); // Shopify applied A; B never arrived; C was never sent
  return { wh, shopify };
}

describe('reconciling after a crash', () => {
  it('settles each unfinished row from what the channel shows, without sending anything', async () => {
    const { wh, shopify } = await crashedLedger();
    const service = new StockWriteback({ warehouse: wh, writers: { shopify }, config: { verifyIntervalMs: 3_600_000 } });
    expect(await service.start()).toEqual({ rows: 3, sets: 1 });
    await service.stop();
    expect(shopify.calls).toHaveLength(0);
    const rows = await wh.all('select change_id, change_status, reason_code from stock_change order by row_index');
    expect(rows).toEqual([
      { change_id: 'c-a', change_status: 'applied', reason_code: null },
      { change_id: 'c-b', change_status: 'pending_verification', reason_code: 'RECONCILING' },
      { change_id: 'c-c', change_status: 'failed', reason_code: 'NOT_SENT' },
    ]);
    expect(await wh.all('select set_status from stock_change_set')).toEqual([{ set_status: 'interrupted' }]);
    expect(await wh.all('select channel_quantity_units as q from listing where listing_id = $1', [A])).toEqual([{ q: 12 }]);
    wh.close();
  });

  it('fails a sent row that never shows up once the verification timeout passes', async () => {
    const { wh, shopify } = await crashedLedger();
    let now = Date.parse('2026-11-26T12:00:10Z');
    const service = new StockWriteback({ warehouse: wh, writers: { shopify }, clock: () => new Date(now), config: { verifyIntervalMs: 3_600_000, verifyTimeoutMs: 60_000 } });
    await service.start();
    now += 120_000;
    expect(await service.verifyOnce()).toBe(1);
    await service.stop();
    expect(await wh.all("select change_status, reason_code from stock_change where change_id = 'c-b'")).toEqual([{ change_status: 'failed', reason_code: 'VERIFICATION_TIMEOUT' }]);
    wh.close();
  });
});
