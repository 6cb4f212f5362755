import type { CellValue } from '../../../addin/core/cells';
import { diffStockEdits, editsFingerprint, failedOnly, revertWrites, statusFromLabel, stockColumnWrites, type StockColumns } from '../../../addin/core/stock';

/** Sheet columns as read back from Excel: numbers as numbers, user typing as whatever they typed. */
function sheet(rows: Array<Partial<Record<keyof StockColumns, CellValue>>>): StockColumns {
  const names: Array<keyof StockColumns> = ['listing', 'editable', 'channel_quantity', 'version', 'new_quantity', 'status', 'message', 'baseline_quantity', 'baseline_version'];
  return Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? '')])) as StockColumns;
}

const base = { editable: true, channel_quantity: 10, version: 3, baseline_quantity: 10, baseline_version: 3 };

describe('diffStockEdits', () => {
  it('finds only rows whose new quantity differs from the hidden baseline', () => {
    const cols = sheet([
      { ...base, listing: 'L1', new_quantity: 10 },
      { ...base, listing: 'L2', new_quantity: 7 },
      { ...base, listing: 'L3', new_quantity: '12' },
    ]);
    expect(diffStockEdits(cols)).toEqual({
      edits: [
        { row: 1, listing: 'L2', expected_version: 3, new_quantity: 7, baseline_quantity: 10, channel_quantity: 10 },
        { row: 2, listing: 'L3', expected_version: 3, new_quantity: 12, baseline_quantity: 10, channel_quantity: 10 },
      ],
      invalid: [],
    });
  });

  it('reports blank, fractional, negative, text and non-editable changes as invalid instead of sending them', () => {
    const cols = sheet([
      { ...base, listing: 'L1', new_quantity: '' },
      { ...base, listing: 'L2', new_quantity: 2.5 },
      { ...base, listing: 'L3', new_quantity: -1 },
      { ...base, listing: 'L4', new_quantity: '=1+1' },
      { ...base, listing: 'L5', new_quantity: 4, editable: false },
      { ...base, listing: '', new_quantity: 4 },
    ]);
    const diff = diffStockEdits(cols);
    expect(diff.edits).toEqual([]);
    expect(diff.invalid.map((i) => [i.listing, i.reason])).toEqual([
      ['L1', 'blank'],
      ['L2', 'notInteger'],
      ['L3', 'negative'],
      ['L4', 'notInteger'],
      ['L5', 'notEditable'],
      ['', 'noListing'],
    ]);
  });

  it('ignores an untouched non-editable row and a row the channel never reported', () => {
    const cols = sheet([
      { ...base, listing: 'FBA1', editable: false, new_quantity: 10 },
      { listing: 'NEW', editable: true, channel_quantity: '', baseline_quantity: '', new_quantity: '', baseline_version: 1 },
    ]);
    expect(diffStockEdits(cols)).toEqual({ edits: [], invalid: [] });
  });

  it('sends a string version as a string (the API compares versions exactly)', () => {
    const cols = sheet([{ ...base, listing: 'L1', new_quantity: 5, baseline_version: 'v-17' }]);
    expect(diffStockEdits(cols).edits[0].expected_version).toBe('v-17');
  });
});

describe('edits fingerprint', () => {
  it('is the same for the same edits in any order and changes when a quantity changes', () => {
    const a = { row: 0, listing: 'A', expected_version: 1, new_quantity: 5, baseline_quantity: 1, channel_quantity: 1 };
    const b = { row: 1, listing: 'B', expected_version: 2, new_quantity: 6, baseline_quantity: 1, channel_quantity: 1 };
    expect(editsFingerprint([a, b])).toBe(editsFingerprint([b, a]));
    expect(editsFingerprint([a, b])).not.toBe(editsFingerprint([a, { ...b, new_quantity: 7 }]));
  });
});

describe('status labels', () => {
  it('recognises a status written in either language', () => {
    expect(statusFromLabel('failed')).toBe('failed');
    expect(statusFromLabel('失败')).toBe('failed');
    expect(statusFromLabel('pending verification')).toBe('pending_verification');
    expect(statusFromLabel('')).toBeNull();
    expect(statusFromLabel('whatever')).toBeNull();
  });

  it('retries only the edits whose status says failed', () => {
    const cols = sheet([
      { ...base, listing: 'L1', new_quantity: 1, status: 'failed' },
      { ...base, listing: 'L2', new_quantity: 2, status: 'conflict' },
      { ...base, listing: 'L3', new_quantity: 3, status: '失败' },
    ]);
    expect(failedOnly(diffStockEdits(cols), cols).map((e) => e.listing)).toEqual(['L1', 'L3']);
  });
});

describe('stockColumnWrites', () => {
  it('gives successful rows the new baseline and leaves other rows as they were', () => {
    const cols = sheet([
      { ...base, listing: 'L1', new_quantity: 4 },
      { ...base, listing: 'L2', new_quantity: 6 },
    ]);
    const writes = stockColumnWrites(cols, [
      { row: 0, status: 'applied', message: '', newBaseline: { quantity: 4, version: 9, channelQuantity: 4 } },
      { row: 1, status: 'failed', message: '=HYPERLINK("x")' },
    ], 'en', 'integer');
    const byName = Object.fromEntries(writes.map((w) => [w.name, w.values]));
    expect(byName.status).toEqual(['applied', 'failed']);
    expect(byName.message).toEqual(['', `'=HYPERLINK("x")`]);
    expect(byName.baseline_quantity).toEqual([4, 10]);
    expect(byName.baseline_version).toEqual([9, 3]);
    expect(byName.channel_quantity).toEqual([4, 10]);
    expect(byName.version).toEqual([9, 3]);
  });

  it('keeps the sheet\'s channel quantity for a pending row the channel has not confirmed', () => {
    const cols = sheet([{ ...base, listing: 'L1', new_quantity: 4 }]);
    const writes = stockColumnWrites(cols, [{ row: 0, status: 'pending_verification', message: 'x', newBaseline: { quantity: 4, version: 4, channelQuantity: null } }], 'en', 'integer');
    const byName = Object.fromEntries(writes.map((w) => [w.name, w.values]));
    expect([byName.baseline_quantity, byName.channel_quantity]).toEqual([[4], [10]]);
  });

  it('writes status labels in the pane language', () => {
    const cols = sheet([{ ...base, listing: 'L1', new_quantity: 4 }]);
    const writes = stockColumnWrites(cols, [{ row: 0, status: 'conflict', message: 'x' }], 'zh-CN', 'integer');
    expect(writes.find((w) => w.name === 'status')?.values).toEqual(['冲突']);
  });
});

describe('revertWrites', () => {
  it('puts the baseline back into new quantity and clears the status of reverted rows only', () => {
    const cols = sheet([
      { ...base, listing: 'L1', new_quantity: 4, status: 'failed', message: 'boom' },
      { ...base, listing: 'L2', new_quantity: 10, status: 'applied', message: 'ok' },
      { ...base, listing: 'L3', new_quantity: -2, status: 'invalid', message: 'neg' },
    ]);
    const { writes, reverted } = revertWrites(cols);
    expect(reverted).toBe(2);
    const byName = Object.fromEntries(writes.map((w) => [w.name, w.values]));
    expect(byName.new_quantity).toEqual([10, 10, 10]);
    expect(byName.status).toEqual(['', 'applied', '']);
    expect(byName.message).toEqual(['', 'ok', '']);
  });
});
