import { emptyReason, formatSeconds, refreshNotice, type DatasetRefresh } from '../../../addin/core/refreshReport';

const params = [
  { name: 'as_of', type: 'date' as const },
  { name: 'window_days', type: 'integer' as const },
  { name: 'location', type: 'string' as const },
  { name: 'group_by', type: 'string' as const },
];

describe('emptyReason', () => {
  it('names the filters the user set when they match nothing, not the computing parameters', () => {
    expect(emptyReason({ location: 'NOPE', window_days: '30', group_by: 'sku' }, params, [], 'en')).toBe('No rows match location=NOPE.');
  });

  it('says the data ends before the chosen as_of, with the last day any source reaches', () => {
    const warning = 'Data ends before as_of 2026-12-31: all channels orders end 2026-11-25, stock at FBA-US ends 2026-11-24.';
    expect(emptyReason({ as_of: '2026-12-31' }, params, [warning], 'en')).toBe('No data after 2026-11-25: 2026-12-31 is later than the last day with data.');
    expect(emptyReason({ as_of: '2026-12-31' }, params, [warning], 'zh-CN')).toBe('2026-11-25 之后没有数据：截至日期 2026-12-31 晚于最后一天有数据的日期。');
  });

  it('falls back to the as_of, then to "no rows yet", when the server says nothing more', () => {
    expect(emptyReason({ as_of: '2020-01-01' }, params, [], 'en')).toBe('No rows for as_of 2020-01-01.');
    expect(emptyReason({}, params, [], 'en')).toBe('The server has no rows for this dataset yet.');
  });
});

describe('refresh notice', () => {
  const ok: DatasetRefresh = { dataset: 'a', title: 'A', outcome: 'ok', rows: 10, seconds: 0.04 };

  it('is a success only when every dataset came back with rows', () => {
    expect(refreshNotice([ok], 0.05, 'en')).toEqual({ kind: 'success', text: 'Refreshed 1 datasets (10 rows) in 0.050 s.' });
    expect(refreshNotice([ok, { ...ok, dataset: 'b', outcome: 'empty', rows: 0 }], 1.2, 'en').kind).toBe('warning');
    expect(refreshNotice([ok, { ...ok, dataset: 'b', outcome: 'error', rows: 0 }], 1.2, 'en')).toEqual({ kind: 'warning', text: 'Refreshed 1 datasets (10 rows) in 1.2 s.' });
  });

  it('starts with "Cancelled." when the user stopped it', () => {
    expect(refreshNotice([ok, { ...ok, dataset: 'b', outcome: 'cancelled', rows: 0 }], 2, 'en').text).toBe('Cancelled. Refreshed 1 datasets (10 rows) in 2.0 s.');
  });
});

describe('formatSeconds', () => {
  it('keeps short runs from rounding to zero', () => {
    expect([0.004, 0.04, 0.5, 3.24, 75.4].map((s) => formatSeconds(s, 'en'))).toEqual(['0.004 s', '0.040 s', '0.50 s', '3.2 s', '75 s']);
  });
});
