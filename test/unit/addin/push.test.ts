import { applyOutcomes, idempotencyKeyFor, reviewOutcomes, summarisePlan, toRequests } from '../../../addin/core/push';
import type { StockEdit } from '../../../addin/core/stock';

const edits: StockEdit[] = [
  { row: 0, listing: 'shopify:A', expected_version: 1, new_quantity: 5, baseline_quantity: 3 },
  { row: 1, listing: 'ebay:B', expected_version: 2, new_quantity: 0, baseline_quantity: 4 },
  { row: 2, listing: 'amazon:C', expected_version: 7, new_quantity: 9, baseline_quantity: 9 },
  { row: 3, listing: 'aliexpress:D', expected_version: 1, new_quantity: 1, baseline_quantity: 2 },
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
    const { outcomes, counts } = applyOutcomes(edits, {
      change_set_id: 'cs1',
      rows: [
        { listing: 'shopify:A', change_id: 'c1', status: 'applied', channel_quantity: 5, version: 'v2' },
        { listing: 'ebay:B', change_id: 'c2', status: 'pending_verification' },
        { listing: 'amazon:C', change_id: 'c3', status: 'conflict', channel_quantity: 11 },
        { listing: 'aliexpress:D', change_id: 'c4', status: 'failed', message: 'HTTP 500 from AliExpress' },
      ],
    }, 'en');
    expect(counts).toEqual({ applied: 1, pending: 1, conflict: 1, failed: 1, rejected: 0 });
    expect(outcomes[0]).toEqual({ row: 0, status: 'applied', message: '', newBaseline: { quantity: 5, version: 'v2', channelQuantity: 5 } });
    // No version in the answer: the row keeps the version it was sent with.
    expect(outcomes[1].newBaseline).toEqual({ quantity: 0, version: 2, channelQuantity: 0 });
    expect(outcomes[2]).toEqual({ row: 2, status: 'conflict', message: 'Changed on the channel (now 11); refresh the stock sheet and edit again.' });
    expect(outcomes[2].newBaseline).toBeUndefined();
    expect(outcomes[3]).toEqual({ row: 3, status: 'failed', message: 'HTTP 500 from AliExpress' });
  });

  it('treats a row missing from the answer as failed so it can be retried', () => {
    const { outcomes, counts } = applyOutcomes(edits.slice(0, 1), { change_set_id: 'x', rows: [] }, 'en');
    expect(counts.failed).toBe(1);
    expect(outcomes[0].status).toBe('failed');
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
