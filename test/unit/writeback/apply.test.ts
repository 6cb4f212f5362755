import { ConflictError } from '../../../pipeline/errors';
import type { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { StockWriteback } from '../../../pipeline/writeback/service';
import type { StockPush } from '../../../pipeline/channels/contract/writer';
import { FakeWriter, FakeWriterOptions, seededWarehouse, versionOf } from './fakes';
import { landRows } from '../../support/landRows';

const SHOP_A = 'shopify:main:A:merchant';
const SHOP_B = 'shopify:main:B:merchant';
const SHOP_C = 'shopify:main:C:merchant';
const EBAY_A = 'ebay:US:A:merchant';
const AMZ_A = 'amazon:US:A:merchant';
const AMZ_FBA = 'amazon:US:A:fba';
const manager = { name: 'ops-lead', role: 'manager' };

interface Setup {
  wh: DuckWarehouse;
  service: StockWriteback;
  shopify: FakeWriter;
  ebay: FakeWriter;
  amazon: FakeWriter;
  now: { t: number };
}

async function setup(
  options: { shopify?: FakeWriterOptions; ebay?: FakeWriterOptions; amazon?: FakeWriterOptions; concurrency?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<Setup> {
  const wh = await seededWarehouse([
    { listing_id: SHOP_A, channel_quantity: 5 },
    { listing_id: SHOP_B, channel_quantity: 7 },
    { listing_id: SHOP_C, channel_quantity: 9 },
    { listing_id: EBAY_A, channel_quantity: 3 },
    { listing_id: AMZ_A, channel_quantity: 4 },
    { listing_id: AMZ_FBA, channel_quantity: 40 },
  ]);
  const shopify = new FakeWriter('shopify', options.shopify);
  const ebay = new FakeWriter('ebay', options.ebay);
  const amazon = new FakeWriter('amazon', { asynchronous: true, maxRowsPerCall: 1, ...options.amazon });
  shopify.shown.set(SHOP_A, 5).set(SHOP_B, 7).set(SHOP_C, 9);
  ebay.shown.set(EBAY_A, 3);
  amazon.shown.set(AMZ_A, 4);
  const now = { t: Date.parse('2026-11-26T12:00:00Z') };
  const service = new StockWriteback({
    warehouse: wh,
    writers: { shopify, ebay, amazon },
    config: { verifyTimeoutMs: 60_000, verifyIntervalMs: 3_600_000, concurrentCallsPerChannel: options.concurrency ?? 4, answerWithinMs: 20_000 },
    clock: () => new Date((now.t += 1)),
    sleep: options.sleep ?? (() => new Promise<void>(() => undefined)), // the answer time runs out only when a test says so
  });
  return { wh, service, shopify, ebay, amazon, now };
}

async function edits(wh: DuckWarehouse, quantities: Record<string, number>) {
  return Promise.all(Object.entries(quantities).map(async ([listing, new_quantity]) => ({ listing, new_quantity, expected_version: await versionOf(wh, listing) })));
}

/** Resolves once `check` holds, asking again every 5 ms (the test's timeout bounds a hang). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const ledger = (wh: DuckWarehouse) =>
  wh.all<{ listing_id: string; change_status: string; reason_code: string | null; sent_quantity_units: number | null; verified_at: string | null }>(
    'select listing_id, change_status, reason_code, sent_quantity_units, verified_at from stock_change order by row_index',
  );

describe('applying stock edits', () => {
  it('sets each channel to the asked quantity, answers applied with the new version and updates the listing', async () => {
    const { wh, service, shopify, ebay } = await setup();
    const before = await versionOf(wh, SHOP_A);
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12, [EBAY_A]: 0 }), 'key-1', manager);
    expect(answer.rows.map((r) => [r.listing, r.status, r.channel_quantity])).toEqual([
      [SHOP_A, 'applied', 12],
      [EBAY_A, 'applied', 0],
    ]);
    expect(shopify.shown.get(SHOP_A)).toBe(12);
    expect(ebay.shown.get(EBAY_A)).toBe(0);
    const after = await versionOf(wh, SHOP_A);
    expect(after).not.toBe(before);
    expect(answer.rows[0].version).toBe(after);
    expect(await wh.all("select channel_quantity_units as q from listing where listing_id = $1", [SHOP_A])).toEqual([{ q: 12 }]);
    wh.close();
  });

  it('writes every row to the ledger before the first call, and marks a batch sent before its call', async () => {
    const { wh, service, shopify } = await setup({ shopify: { maxRowsPerCall: 2 }, concurrency: 1 });
    const statusesAtCall: string[][] = [];
    const push = shopify.push.bind(shopify);
    shopify.push = async (rows: StockPush[], options) => {
      const seen = await wh.all<{ change_status: string }>('select change_status from stock_change where channel = $1 order by row_index', ['shopify']);
      statusesAtCall.push(seen.map((r) => r.change_status));
      return push(rows, options);
    };
    await service.apply(await edits(wh, { [SHOP_A]: 1, [SHOP_B]: 2, [SHOP_C]: 3 }), 'key-ledger-first', manager);
    expect(statusesAtCall).toEqual([
      ['sent', 'sent', 'pending'],
      ['applied', 'applied', 'sent'],
    ]);
    wh.close();
  });

  it('returns the same answer for a resent Idempotency-Key without pushing again', async () => {
    const { wh, service, shopify } = await setup();
    const body = await edits(wh, { [SHOP_A]: 12 });
    const first = await service.apply(body, 'key-2', manager);
    const second = await service.apply(body, 'key-2', manager);
    expect(second).toEqual(first);
    expect(shopify.calls).toHaveLength(1);
    expect(await ledger(wh)).toHaveLength(1);
    wh.close();
  });

  it('waits for a running push when the same key arrives again, then answers from it without pushing twice', async () => {
    const { wh, service, shopify } = await setup();
    const body = await edits(wh, { [SHOP_A]: 12 });
    const [a, b] = await Promise.all([service.apply(body, 'key-3', manager), service.apply(body, 'key-3', manager)]);
    expect(b).toEqual(a);
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('refuses the same key with a different body with 409 and sends nothing', async () => {
    const { wh, service, shopify } = await setup();
    await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-4', manager);
    const other = service.apply(await edits(wh, { [SHOP_A]: 13 }), 'key-4', manager);
    await expect(other).rejects.toBeInstanceOf(ConflictError);
    await expect(other).rejects.toMatchObject({ httpStatus: 409, code: 'CD_IDEMPOTENCY_KEY_REUSED' });
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('records rejected rows in the ledger with their reason and sends only the ok rows', async () => {
    const { wh, service, shopify, amazon } = await setup();
    const body = [...(await edits(wh, { [SHOP_A]: 12, [AMZ_FBA]: 10 })), { listing: SHOP_B, new_quantity: -2, expected_version: 'x' }];
    const answer = await service.apply(body, 'key-5', manager);
    expect(answer.rows.map((r) => [r.status, r.reason_code])).toEqual([
      ['applied', undefined],
      ['rejected', 'FBA_NOT_SETTABLE'],
      ['rejected', 'NEGATIVE'],
    ]);
    expect(shopify.calls.flat().map((r) => r.listing_id)).toEqual([SHOP_A]);
    expect(amazon.calls).toHaveLength(0);
    expect((await ledger(wh)).map((r) => [r.change_status, r.reason_code, r.sent_quantity_units])).toEqual([
      ['applied', null, 12],
      ['rejected', 'FBA_NOT_SETTABLE', null],
      ['rejected', 'NEGATIVE', null],
    ]);
    wh.close();
  });

  it('answers conflict when the channel quantity moved since the sheet, and stores the quantity the channel showed', async () => {
    const { wh, service, shopify } = await setup();
    shopify.shown.set(SHOP_A, 2); // an order came in on Shopify
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-6', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'conflict', channel_quantity: 2, reason_code: 'CHANNEL_CONFLICT' });
    expect(shopify.shown.get(SHOP_A)).toBe(2);
    expect(await wh.all('select channel_quantity_units as q from listing where listing_id = $1', [SHOP_A])).toEqual([{ q: 2 }]);
    wh.close();
  });

  it('answers failed with the channel message for a row the channel refused', async () => {
    const { wh, service } = await setup({ ebay: { refuse: () => 'errorId 25004: Invalid quantity' } });
    const answer = await service.apply(await edits(wh, { [EBAY_A]: 4 }), 'key-7', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'failed', reason_code: 'CHANNEL_ERROR', message: 'errorId 25004: Invalid quantity', retryable: false });
    wh.close();
  });

  it('reads the channel back instead of resending when the answer is lost, and answers applied from what it shows', async () => {
    const { wh, service, shopify } = await setup({ shopify: { loseAnswer: () => true } });
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-8', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'applied', channel_quantity: 12, message: 'confirmed by reading the channel back' });
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('a call that timed out before the channel applied it is not applied (NOT_APPLIED, retryable), read back and never resent', async () => {
    const { wh, service, shopify } = await setup({ shopify: { hang: 'before' } });
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-hang-1', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'failed', reason_code: 'NOT_APPLIED', retryable: true, channel_quantity: 5 });
    expect(answer.rows[0].message).toMatch(/timed out after 30000 ms; shopify still shows 5, not 12: not applied, safe to resend/);
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('a call that timed out after the channel applied it is applied, confirmed by reading back', async () => {
    const { wh, service, shopify } = await setup({ shopify: { hang: 'after' } });
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-hang-2', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'applied', channel_quantity: 12, message: 'confirmed by reading the channel back' });
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('on a channel that queues writes, a timed-out call not visible yet is verified, not failed', async () => {
    const { wh, service, shopify } = await setup({ shopify: { hang: 'before', asynchronous: true } });
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-hang-3', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'pending_verification', channel_quantity: 5 });
    expect(answer.rows[0].message).toMatch(/may still apply a queued change/);
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('answers failed and retryable when a call failed and the channel still shows the old quantity', async () => {
    const { wh, service, shopify } = await setup({ shopify: { failCall: () => true } });
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-9', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'failed', reason_code: 'NOT_APPLIED', retryable: true, channel_quantity: 5 });
    expect(answer.rows[0].message).toMatch(/ECONNREFUSED; shopify still shows 5, not 12/);
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('answers failed with OUTCOME_UNKNOWN when neither the call nor the read-back worked', async () => {
    const { wh, service } = await setup({ shopify: { failCall: () => true, failRead: true } });
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12 }), 'key-10', manager);
    expect(answer.rows[0]).toMatchObject({ status: 'failed', reason_code: 'OUTCOME_UNKNOWN', retryable: true });
    wh.close();
  });

  it('refuses a listing another push is still sending (IN_FLIGHT) and sends it once', async () => {
    const { wh, service, shopify } = await setup();
    const body = await edits(wh, { [SHOP_A]: 12 });
    const [first, second] = await Promise.all([service.apply(body, 'key-11a', manager), service.apply(body, 'key-11b', manager)]);
    expect([first.rows[0].status, second.rows[0].reason_code]).toEqual(['applied', 'IN_FLIGHT']);
    expect(shopify.calls).toHaveLength(1);
    wh.close();
  });

  it('keeps an accepted Amazon row pending_verification until the channel shows it, then verifies it', async () => {
    const { wh, service, amazon } = await setup();
    const answer = await service.apply(await edits(wh, { [AMZ_A]: 9 }), 'key-12', manager);
    expect(answer.rows[0].status).toBe('pending_verification');
    expect(await service.verifyOnce()).toBe(0); // not visible yet
    amazon.settle();
    expect(await service.verifyOnce()).toBe(1);
    const [row] = await ledger(wh);
    expect(row.change_status).toBe('applied');
    expect(row.verified_at).toEqual(expect.any(String));
    expect((await service.apply([{ listing: AMZ_A, new_quantity: 9, expected_version: answer.rows[0].version }], 'key-12', manager)).rows[0].status).toBe('applied');
    wh.close();
  });

  it('fails an accepted row that never shows up after the verification timeout', async () => {
    const { wh, service, now } = await setup();
    await service.apply(await edits(wh, { [AMZ_A]: 9 }), 'key-13', manager);
    now.t += 61_000;
    expect(await service.verifyOnce()).toBe(1);
    const [row] = await ledger(wh);
    expect([row.change_status, row.reason_code]).toEqual(['failed', 'VERIFICATION_TIMEOUT']);
    wh.close();
  });

  it('waits twice the verification timeout before failing a row the channel could not be read for', async () => {
    const { wh, service, now } = await setup({ amazon: { failRead: true } });
    await service.apply(await edits(wh, { [AMZ_A]: 9 }), 'key-13b', manager);
    now.t += 61_000;
    expect(await service.verifyOnce()).toBe(0);
    now.t += 60_000;
    expect(await service.verifyOnce()).toBe(1);
    const [row] = await ledger(wh);
    expect([row.change_status, row.reason_code]).toEqual(['failed', 'VERIFICATION_TIMEOUT']);
    wh.close();
  });

  it('pages the ledger by updated_at without splitting rows that share a timestamp', async () => {
    const { wh, service } = await setup();
    await service.apply(await edits(wh, { [SHOP_A]: 1, [SHOP_B]: 2, [SHOP_C]: 3, [EBAY_A]: 4 }), 'key-14', manager);
    const all = await service.changes(null);
    expect(all.changes).toHaveLength(4);
    const first = await service.changes(null, 1);
    const rest = await service.changes(first.next_since);
    expect([...first.changes, ...rest.changes].map((c) => c.change_id).sort()).toEqual(all.changes.map((c) => c.change_id).sort());
    expect(all.changes[0]).toMatchObject({ requested_by: 'ops-lead', requested_role: 'manager', seen_quantity_units: expect.any(Number) });
    expect((await service.changes(all.next_since)).changes).toEqual([]);
    wh.close();
  });

  it('answers the rows of a slow channel pending_verification when the answer time is up, and records them when it answers', async () => {
    let ebayAnswers!: () => void;
    const deadlines: (() => void)[] = [];
    const { wh, service, shopify, ebay } = await setup({
      ebay: { answerAfter: new Promise<void>((resolve) => (ebayAnswers = resolve)) },
      sleep: () => new Promise<void>((resolve) => deadlines.push(resolve)), // the answer time is up when the test says so
    });
    const body = await edits(wh, { [SHOP_A]: 12, [EBAY_A]: 6 });
    const answering = service.apply(body, 'key-slow', manager);
    await until(async () => (await ledger(wh)).some((r) => r.listing_id === SHOP_A && r.change_status === 'applied'));
    deadlines[0](); // Shopify has answered, eBay is still working
    const answer = await answering;
    expect(answer.rows.map((r) => [r.listing, r.status])).toEqual([
      [SHOP_A, 'applied'],
      [EBAY_A, 'pending_verification'],
    ]);
    const again = await service.apply(body, 'key-slow-2', manager); // the listing is still being pushed
    expect(again.rows.map((r) => r.reason_code)).toEqual(['STALE_VERSION', 'IN_FLIGHT']);
    ebayAnswers();
    await service.settled();
    expect(ebay.shown.get(EBAY_A)).toBe(6);
    const replayed = await service.apply(body, 'key-slow', manager);
    expect(replayed.rows.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await wh.all("select set_status from stock_change_set where idempotency_key = 'key-slow'")).toEqual([{ set_status: 'done' }]);
    expect(shopify.calls).toHaveLength(1);
    expect(ebay.calls).toHaveLength(1);
    wh.close();
  });

  it('pushes a quantity above the pool\'s available units and records the warning on that row only', async () => {
    const { wh, service, shopify } = await setup();
    await landRows(wh, `insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units)
                  values (date '2026-11-25', 'A', 'WH-1', 8, 8)`, [{ table: 'inventory_snapshot', skus: ['A'] }]); // pool WH-1 holds 8 of A; B's stock is unknown
    const answer = await service.apply(await edits(wh, { [SHOP_A]: 12, [SHOP_B]: 30 }), 'key-warn', manager);
    expect(answer.rows.map((r) => [r.listing, r.status, r.warning_code])).toEqual([
      [SHOP_A, 'applied', 'ABOVE_AVAILABLE'],
      [SHOP_B, 'applied', undefined],
    ]);
    expect(shopify.shown.get(SHOP_A)).toBe(12);
    const rows = await wh.all<{ listing_id: string; warning_code: string | null; warning_message: string | null; available_units: number | null }>(
      'select listing_id, warning_code, warning_message, available_units from stock_change order by row_index',
    );
    expect(rows.map((r) => [r.listing_id, r.warning_code, r.available_units])).toEqual([
      [SHOP_A, 'ABOVE_AVAILABLE', 8],
      [SHOP_B, null, null],
    ]);
    expect(rows[0].warning_message).toMatch(/12 is above the 8 units available in pool WH-1/);
    const [change] = (await service.changes(null)).changes;
    expect(change).toMatchObject({ warning_code: 'ABOVE_AVAILABLE', available_units: 8 });
    wh.close();
  });
});
