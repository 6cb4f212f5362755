import { cellText, csvField, exactDecimal, fitTable, headerLines } from '../../../pipeline/analytics/format';
import { keyFirst, shapeFrom, sortRows, terminalWidth } from '../../../pipeline/analytics/queryCommand';
import type { DatasetSpec } from '../../../pipeline/analytics/types';
import type { Column } from '../../../pipeline/warehouse/values';

const num = (name: string): Column => ({ name, type: 'number' });
const int = (name: string): Column => ({ name, type: 'integer' });

describe('numbers at the terminal, by the kind of their column', () => {
  it('shows money to cents, rates and percentages with %, counts as grouped integers, ids plain', () => {
    expect(cellText(2879.7723450000003, num('revenue_base'))).toBe('2,879.77');
    expect(cellText(-0.004, num('net_amount'))).toBe('0.00'); // no "-0.00"
    expect(cellText(0.1234, num('return_rate'))).toBe('12.3%');
    expect(cellText(0.05, num('sell_through_rate'))).toBe('5.0%');
    expect(cellText(37.25, num('fill_pct'))).toBe('37.3%');
    expect(cellText(1234567, int('on_hand_units'))).toBe('1,234,567');
    expect(cellText(2024, int('fiscal_year'))).toBe('2024');
    expect(cellText(0.0041, num('duration_s'))).toBe('0.004');
    expect(cellText(12.345, num('days_of_supply'))).toBe('12.35');
    expect(cellText('2025-01-02T10:11:12.000Z', { name: 'loaded_at', type: 'timestamp' })).toBe('2025-01-02 10:11');
    expect(cellText('two\nlines', { name: 'note', type: 'string' })).toBe('two lines');
    expect(cellText(null, num('revenue_base'))).toBe('');
  });
});

describe('CSV numbers are the decimals they stand for', () => {
  it('drops binary noise of double arithmetic and keeps every digit a DECIMAL has', () => {
    expect(exactDecimal(2879.7723450000003)).toBe('2879.772345');
    expect(exactDecimal(0.1 + 0.2)).toBe('0.3');
    expect(exactDecimal(123456789.1234)).toBe('123456789.1234');
    expect(exactDecimal(-0.000123)).toBe('-0.000123');
    expect(exactDecimal(42)).toBe('42');
    expect(csvField(1.1 * 3)).toBe('3.3'); // 3.3000000000000003 as a double
  });
});

describe('a table fitted to the terminal', () => {
  const columns: Column[] = [{ name: 'sku', type: 'string' }, { name: 'title', type: 'string' }, int('on_hand_units'), num('revenue_base')];
  const rows = [['A-1', 'A very long product title that goes on and on and on', 1200, 10.5]];

  it('prints every column with one-line names when the table fits', () => {
    const fitted = fitTable(columns, rows, { width: 80, keep: ['sku'], maxCellWidth: 12 });
    expect(fitted.omitted).toEqual([]);
    expect(fitted.text.split('\n')).toEqual([
      'sku  title         on_hand_units  revenue_base',
      '---  ------------  -------------  ------------',
      'A-1  A very long…          1,200         10.50',
      '',
    ]);
  });

  it('when too wide, stacks the names and takes the key, then the figures, then text, while they fit', () => {
    // stacked widths: sku 3, title 12 (its cut text), on_hand_units 5 ("hand_"), revenue_base 8 ("revenue_");
    // 3 + 2 + 5 + 2 + 8 = 20 fits in 30, adding title (2 + 12) would take 34
    const fitted = fitTable(columns, rows, { width: 30, keep: ['sku'], maxCellWidth: 12 });
    expect(fitted.omitted).toEqual(['title']);
    expect(fitted.text.split('\n')).toEqual(['       on_', '     hand_  revenue_', 'sku  units      base', '---  -----  --------', 'A-1  1,200     10.50', '']);
    // with 34 characters the text column fits too, and shows in its place
    const wider = fitTable(columns, rows, { width: 34, keep: ['sku'], maxCellWidth: 12 });
    expect(wider.omitted).toEqual([]);
    expect(wider.text.split('\n')).toEqual([
      `${' '.repeat(21)}on_`,
      `${' '.repeat(19)}hand_  revenue_`,
      `sku  title${' '.repeat(9)}units${' '.repeat(6)}base`,
      '---  ------------  -----  --------',
      'A-1  A very long…  1,200     10.50',
      '',
    ]);
  });

  it('never leaves out a kept column, even when the terminal is narrower', () => {
    const fitted = fitTable(columns, rows, { width: 5, keep: ['sku', 'revenue_base'] });
    expect(fitted.omitted).toEqual(['title', 'on_hand_units']);
    expect(fitted.text.split('\n')).toEqual(['     revenue_', 'sku      base', '---  --------', 'A-1     10.50', '']);
  });

  it('breaks a name after underscores so that its lines give the name back', () => {
    expect(headerLines('days_of_supply_total', 8)).toEqual(['days_of_', 'supply_', 'total']);
    expect(headerLines('days_of_supply_total', 20)).toEqual(['days_of_supply_total']);
    expect(headerLines('sku', 1)).toEqual(['sku']);
  });

  it('counts wide (CJK) characters as two cells', () => {
    const fitted = fitTable([{ name: 'title', type: 'string' }, int('n')], [['杯子', 1], ['mug', 22]]);
    expect(fitted.text.split('\n').slice(2, 4)).toEqual(['杯子    1', 'mug    22']);
  });
});

describe('--columns, --sort and --limit', () => {
  const spec: DatasetSpec = {
    name: 'demo',
    title: 'Demo',
    description: '',
    params: [],
    columns: [{ name: 'title', type: 'string' }, int('units'), { name: 'sku', type: 'string' }],
    key: ['sku'],
  };

  it('checks the names and values against the dataset', () => {
    expect(shapeFrom(spec, { columns: 'sku, units', sort: 'units:desc', limit: '5' })).toEqual({ pick: [2, 1], sort: { index: 1, desc: true }, limit: 5 });
    expect(() => shapeFrom(spec, { columns: 'sku,price' })).toThrow('--columns: demo has no column "price"; its columns: title, units, sku');
    expect(() => shapeFrom(spec, { sort: 'units:down' })).toThrow('--sort takes col or col:desc, got "units:down"');
    expect(() => shapeFrom(spec, { limit: '0' })).toThrow(/--limit must be a whole number/);
    expect(() => shapeFrom(spec, { limit: '1e3' })).toThrow(/--limit must be a whole number/);
  });

  it('sorts numbers as numbers with nulls last either way, and puts key columns first', () => {
    const rows = [['a', 10, 'A'], ['b', null, 'B'], ['c', 9, 'C'], ['d', 100, 'D']];
    expect(sortRows(rows, 1, false).map((r) => r[0])).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, 1, true).map((r) => r[0])).toEqual(['d', 'a', 'c', 'b']);
    expect(keyFirst(spec)).toEqual([2, 0, 1]);
  });
});

describe('what a narrow terminal keeps', () => {
  it('keeps the key, then codes such as the status and the suggested action, before the figures and the text', () => {
    const columns: Column[] = [{ name: 'sku', type: 'string' }, num('value_base'), int('units_shipped_window'), { name: 'status', type: 'string' }, { name: 'suggested_action', type: 'string' }, { name: 'action_reason', type: 'string' }];
    const rows = [['A-1', 1234.5, 77, 'excess', 'stop_reordering', 'days of supply above 90']];
    // sku 3 + status 6 + suggested_action 15 (+ 2 gaps) = 28: no room for the figures or the reason
    expect(fitTable(columns, rows, { width: 30, keep: ['sku'] }).omitted).toEqual(['value_base', 'units_shipped_window', 'action_reason']);
  });

  it('fits 80 columns when the terminal reports no size, or $COLUMNS when set', () => {
    expect(terminalWidth(0, undefined)).toBe(80);
    expect(terminalWidth(undefined, '132')).toBe(132);
    expect(terminalWidth(0, 'wide')).toBe(80);
    expect(terminalWidth(100, '132')).toBe(100);
  });
});
