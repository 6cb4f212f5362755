import { csvField, csvLine, formatTable } from '../../../pipeline/analytics/format';
import { rawParamsFrom } from '../../../pipeline/analytics/queryCommand';

describe('query output formats', () => {
  it('quotes CSV fields holding commas, quotes, line breaks or edge spaces, and leaves null empty', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', ' pad', null, 3, true])).toBe('"a,b","say ""hi""","x\ny"," pad",,3,true\r\n');
  });

  it('neutralises text Excel would run as a formula, unless asked for raw output (OWASP CSV injection)', () => {
    const payloads = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\uFF1D1+1'];
    expect(payloads.map((p) => csvField(p))).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
      `'=cmd|' /C calc'!A0`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1",
      "'\uFF1D1+1",
    ]);
    expect(csvField(-5)).toBe('-5'); // numbers are numbers
    expect(csvField('=SUM(A1)', { neutraliseFormulas: false })).toBe('=SUM(A1)');
    expect(csvLine(['=1', 'ok'], { neutraliseFormulas: false })).toBe('=1,ok\r\n');
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
