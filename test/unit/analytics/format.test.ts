import { csvField, csvLine, formatTable } from '../../../pipeline/analytics/format';
import { rawParamsFrom } from '../../../pipeline/analytics/queryCommand';

describe('query output formats', () => {
  it('quotes CSV fields holding commas, quotes, line breaks or edge spaces, and leaves null empty', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', ' pad', null, 3, true])).toBe('"a,b","say ""hi""","x\ny"," pad",,3,true\r\n');
    expect(csvField('=SUM(A1)')).toBe('=SUM(A1)');
  });

  it('right-aligns numbers in the table format and blanks nulls', () => {
    const text = formatTable(
      [
        { name: 'sku', type: 'string' },
        { name: 'units', type: 'integer' },
        { name: 'rate', type: 'number' },
      ],
      [
        ['A', 5, 1.23456],
        ['LONGER', 120, null],
      ],
    );
    expect(text.split('\n')).toEqual(['sku     units  rate', '------  -----  ----', 'A           5  1.23', 'LONGER    120', '']);
  });

  it('maps --as-of, --window and repeated --filter flags to dataset parameters', () => {
    expect(rawParamsFrom({ asOf: '2025-01-01', window: '30', filter: ['channel=amazon', 'sku_prefix=A=B'] })).toEqual({
      as_of: '2025-01-01',
      window_days: '30',
      channel: 'amazon',
      sku_prefix: 'A=B',
    });
    expect(() => rawParamsFrom({ filter: ['channel'] })).toThrow(/key=value/);
    expect(() => rawParamsFrom({ window: '3', filter: ['window_days=4'] })).toThrow(/given twice/);
  });
});
