import type { CellValue } from '../../../addin/core/cells';
import { applyOutcomes, idempotencyKeyFor, reviewOutcomes, summarisePlan, summariseSheet, toRequests } from '../../../addin/core/push';
import type { StockColumns, StockEdit } from '../../../addin/core/stock';

const edits: StockEdit[] = [
  { row: 0, listing: 'shopify:A', expected_version: 1, new_quantity: 5, baseline_quantity: 3, channel_quantity: 3 },
  { row: 1, listing: 'ebay:B', expected_version: 2, new_quantity: 0, baseline_quantity: 4, channel_quantity: 4 },
  { row: 2, listing: 'amazon:C', expected_version: 7, new_quantity: 9, baseline_quantity: 9, channel_quantity: 9 },
  { row: 3, listing: 'aliexpress:D', expected_version: 1, new_quantity: 1, baseline_quantity: 2, channel_quantity: 2 },
];

describe('plan review', () => {
  const plan = {
    rows: [
      { listing: 'shopify:A', status: 'ok' as const, current_quantity: 3, new_quantity: 5, suggested_quantity: null },
      { listing: 'ebay:B', status: 'ok' as const, current_quantity: 4, new_quantity: 0, suggested_quantity: null },
      { listing: 'amazon:C', status: 'rejected' as const, reason_code: 'CD_STOCK_FBA', message: 'FBA stock is set by Amazon', current_quantity: 9, new_quantity: 9, suggested_quantity: null },
    ],
    batches: [{ channel: 'shopify', calls: 1, rows: 1 }, { channel: 'ebay', calls: 1, rows: 1 }],
  };

  it('counts accepted changes and lists rejected rows with their reasons', () => {
    const s = summarisePlan(edits, plan);
    expect(s.changes).toBe(2);
    expect(s.accepted.map((e) => e.listing)).toEqual(['shopify:A', 'ebay:B']);
    expect(s.rejected).toEqual([
      { listing: 'amazon:C', reason_code: 'CD_STOCK_FBA', message: 'FBA stock is set by Amazon' },
      { listing: 'aliexpress:D', reason_code: 'CD_NOT_PLANNED', message: 'The server did not plan this row.' },
    ]);
    expect(s.batches).toEqual(plan.batches);
  });

  it('marks rows ready, rejected or invalid for the sheet', () => {
    const s = summarisePlan(edits, plan);
    const out = reviewOutcomes(edits, [{ row: 4, listing: 'x', reason: 'negative', value: -1 }], s, 'en');
    expect(out.map((o) => [o.row, o.status])).toEqual([[4, 'invalid'], [0, 'ready'], [1, 'ready'], [2, 'rejected'], [3, 'rejected']]);
    expect(out.find((o) => o.row === 2)?.message).toBe('CD_STOCK_FBA: FBA stock is set by Amazon');
  });

  it('sends listing, expected version and new quantity only', () => {
    // The sheet may hold a version as a number; the server's version is text.
    expect(toRequests(edits.slice(0, 1))).toEqual([{ listing: 'shopify:A', expected_version: '1', new_quantity: 5 }]);
  });
});

describe('apply results', () => {
  it('moves applied and pending rows to the new baseline and keeps conflict, failed and rejected rows pending', () => {
    const { outcomes } = applyOutcomes(edits, {
      change_set_id: 'cs1',
      rows: [
        { listing: 'shopify:A', change_id: 'c1', status: 'applied', channel_quantity: 5, version: 'v2' },
        { listing: 'ebay:B', change_id: 'c2', status: 'pending_verification' },
        { listing: 'amazon:C', change_id: 'c3', status: 'conflict', channel_quantity: 11, message: 'Shopify quantity changed since it was read (expected 9, found 11)' },
        { listing: 'aliexpress:D', change_id: 'c4', status: 'failed', message: 'HTTP 500 from AliExpress' },
      ],
    }, 'en');
    expect(outcomes[0]).toEqual({ row: 0, status: 'applied', message: '', newBaseline: { quantity: 5, version: 'v2', channelQuantity: 5 } });
    // No version in the answer: the row keeps the version it was sent with.
    expect(outcomes[1].newBaseline).toEqual({ quantity: 0, version: 2, channelQuantity: 4 });
    // The pane's own words with the channel's new quantity, not the channel's raw text.
    expect(outcomes[2]).toEqual({ row: 2, status: 'conflict', message: 'Changed on the channel, now 11: refresh the stock sheet and edit again.' });
    expect(outcomes[2].newBaseline).toBeUndefined();
    expect(outcomes[3]).toEqual({ row: 3, status: 'failed', message: 'HTTP 500 from AliExpress' });
  });

  it('shows a pending row\'s asked quantity beside the quantity the channel still confirms', () => {
    const { outcomes } = applyOutcomes(edits.slice(1, 2), { change_set_id: 'cs', rows: [{ listing: 'ebay:B', change_id: 'c', status: 'pending_verification', channel_quantity: 4 }] }, 'en');
    expect(outcomes[0].message).toBe('Asked 0; the channel shows 4 until it confirms the change.');
    // Channel quantity keeps what the channel confirmed; the asked quantity is the new baseline.
    expect(outcomes[0].newBaseline).toEqual({ quantity: 0, version: 2, channelQuantity: 4 });
  });

  it('says the conflict without a number when the channel did not tell the new quantity', () => {
    const { outcomes } = applyOutcomes(edits.slice(0, 1), { change_set_id: 'cs', rows: [{ listing: 'shopify:A', change_id: 'c', status: 'conflict', message: 'raw channel text' }] }, 'zh-CN');
    expect(outcomes[0].message).toBe('刷新后渠道上的数量已变化：请刷新库存表后重新修改。');
  });

  it('treats a row missing from the answer as failed so it can be retried', () => {
    const { outcomes } = applyOutcomes(edits.slice(0, 1), { change_set_id: 'x', rows: [] }, 'en');
    expect(outcomes[0].status).toBe('failed');
  });
});

/** Stock columns as read back from the sheet. */
function sheet(rows: Array<Partial<Record<keyof StockColumns, CellValue>>>): StockColumns {
  const names: Array<keyof StockColumns> = ['listing', 'editable', 'channel_quantity', 'version', 'new_quantity', 'status', 'message', 'baseline_quantity', 'baseline_version'];
  return Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? (n === 'editable' ? true : n === 'baseline_version' || n === 'version' ? 1 : ''))])) as StockColumns;
}

describe('summariseSheet', () => {
  it('counts the rows a push wrote plus the rejected and invalid edits still on the sheet, and lists every one not applied', () => {
    const cols = sheet([
      { listing: 'A', channel_quantity: 3, baseline_quantity: 3, new_quantity: 5, status: 'ready' },
      { listing: 'B', channel_quantity: 4, baseline_quantity: 4, new_quantity: 6, status: 'ready' },
      { listing: 'C', channel_quantity: 9, baseline_quantity: 9, new_quantity: 2.5, status: 'invalid', message: 'Not a whole number: 2.5.' },
      { listing: 'D', channel_quantity: 2, baseline_quantity: 2, new_quantity: 7, status: 'rejected', message: 'CD_X: no writer' },
      // An earlier push's applied row and a row whose edit was reverted: not this push's business.
      { listing: 'E', channel_quantity: 8, baseline_quantity: 8, new_quantity: 8, status: 'applied' },
      { listing: 'F', channel_quantity: 1, baseline_quantity: 1, new_quantity: 1, status: 'conflict', message: 'old' },
    ]);
    const summary = summariseSheet(cols, [
      { row: 0, status: 'applied', message: '' },
      { row: 1, status: 'conflict', message: 'Changed on the channel, now 9: refresh the stock sheet and edit again.' },
    ], ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D', 'SKU-E', 'SKU-F']);
    expect(summary.counts).toMatchObject({ applied: 1, conflict: 1, invalid: 1, rejected: 1, failed: 0, pending_verification: 0 });
    expect(summary.issues).toEqual([
      { row: 1, listing: 'B', sku: 'SKU-B', status: 'conflict', message: 'Changed on the channel, now 9: refresh the stock sheet and edit again.' },
      { row: 2, listing: 'C', sku: 'SKU-C', status: 'invalid', message: 'Not a whole number: 2.5.' },
      { row: 3, listing: 'D', sku: 'SKU-D', status: 'rejected', message: 'CD_X: no writer' },
    ]);
  });

  it('lists each rejected and invalid row of a review, not just one reason', () => {
    const cols = sheet([
      { listing: 'A', channel_quantity: 3, baseline_quantity: 3, new_quantity: 5 },
      { listing: 'B', channel_quantity: 4, baseline_quantity: 4, new_quantity: -1 },
      { listing: 'C', channel_quantity: 4, baseline_quantity: 4, new_quantity: 1 },
    ]);
    const s = summarisePlan([edits[0]], { rows: [{ listing: 'shopify:A', status: 'ok', current_quantity: 3, new_quantity: 5, suggested_quantity: null }], batches: [] });
    const outcomes = [...reviewOutcomes([], [{ row: 1, listing: 'B', reason: 'negative', value: -1 }], s, 'en'), { row: 0, status: 'ready' as const, message: '' }, { row: 2, status: 'rejected' as const, message: 'CD_STOCK_FBA: FBA' }];
    const summary = summariseSheet(cols, outcomes);
    expect(summary.counts).toMatchObject({ ready: 1, invalid: 1, rejected: 1 });
    expect(summary.issues.map((i) => [i.listing, i.status, i.message])).toEqual([['B', 'invalid', 'Quantity cannot be negative.'], ['C', 'rejected', 'CD_STOCK_FBA: FBA']]);
  });
});

describe('idempotency key', () => {
  let n = 0;
  const fresh = () => `key-${++n}`;

  it('reuses the key when the same edits are sent again after an unanswered attempt', () => {
    const first = idempotencyKeyFor(null, 'f1', fresh);
    expect(idempotencyKeyFor(first, 'f1', fresh).key).toBe(first.key);
  });

  it('takes a new key once the previous push was answered or the edits changed', () => {
    const first = idempotencyKeyFor(null, 'f1', fresh);
    expect(idempotencyKeyFor({ ...first, answered: true }, 'f1', fresh).key).not.toBe(first.key);
    expect(idempotencyKeyFor(first, 'f2', fresh).key).not.toBe(first.key);
  });
});
