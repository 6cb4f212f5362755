import { choicesFromRows, mergeChoices, paramFields, validateParams } from '../../../addin/core/params';
import type { DatasetSpec } from '../../../pipeline/analytics/types';

const spec = (name: string, params: DatasetSpec['params']): DatasetSpec => ({ name, title: name, description: '', params, columns: [], key: [] });
const window90 = { name: 'window_days', type: 'integer' as const, description: 'days', default: '90', min: 1, max: 730 };
const catalogue = [
  spec('inventory', [{ name: 'as_of', type: 'date', description: '' }, window90, { name: 'location', type: 'string', description: '', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$' }]),
  spec('stock', [{ name: 'channel', type: 'string', description: '', pattern: '^[a-z][a-z0-9_]{0,31}$' }]),
  spec('replenishment', [{ ...window90, max: 365 }, { name: 'service_level', type: 'string', description: '', allowed: ['0.9', '0.95'] }]),
];

describe('refresh parameters', () => {
  it('says which of the selected datasets a parameter applies to', () => {
    const fields = paramFields(catalogue, ['inventory', 'stock'], 'en');
    expect(fields.map((f) => [f.name, f.appliesTo, f.partial])).toEqual([
      ['as_of', ['inventory'], true],
      ['window_days', ['inventory'], true],
      ['channel', ['stock'], true],
      ['location', ['inventory'], true],
    ]);
    expect(paramFields(catalogue, ['inventory'], 'en').every((f) => !f.partial)).toBe(true);
  });

  it('checks values against the catalogue before a request: the tightest bounds, allowed values, patterns, real dates', () => {
    const fields = paramFields(catalogue, ['inventory', 'replenishment'], 'en');
    expect(fields.find((f) => f.name === 'window_days')).toMatchObject({ min: 1, max: 365 });
    expect(validateParams(fields, { window_days: '400', as_of: '2026-02-30', service_level: '0.5', location: 'no spaces please' }, 'en')).toEqual([
      'As of: use a date like 2026-11-26.',
      'Window (days): at most 365.',
      'Location: "no spaces please" is not a valid value.',
      'Service level: "0.5" is not one of 0.9, 0.95.',
    ]);
    expect(validateParams(paramFields(catalogue, ['inventory', 'replenishment'], 'zh-CN'), { window_days: '0' }, 'zh-CN')).toEqual(['统计窗口（天）：不能小于 1。']);
    expect(validateParams(fields, { window_days: '30', as_of: '2026-11-25', location: 'FBA-US' }, 'en')).toEqual([]);
  });

  it('offers filter values seen in the data, merged across refreshes', () => {
    const first = choicesFromRows({}, [{ name: 'sku' }, { name: 'location_id' }, { name: 'channel' }], [['A', 'OWN-CN', 'ebay'], ['B', 'FBA-US', 'amazon'], ['C', 'FBA-US', null]]);
    const merged = choicesFromRows(first, [{ name: 'pool_id' }, { name: 'channel' }], [['FBA-NA', 'shopify']]);
    expect(merged).toEqual({ location: ['FBA-US', 'OWN-CN'], channel: ['amazon', 'ebay', 'shopify'], pool: ['FBA-NA'] });
    expect(paramFields(catalogue, ['inventory'], 'en', merged).find((f) => f.name === 'location')?.choices).toEqual(['FBA-US', 'OWN-CN']);
  });

  it('fills drop-downs from the catalogue as well as the data, and keeps each list at most 500 long', () => {
    const fromServer = { channel: ['shopify', 'amazon'], category: ['Toys'] };
    const merged = mergeChoices({ channel: ['ebay', 'amazon'] }, fromServer);
    expect(merged).toEqual({ channel: ['amazon', 'ebay', 'shopify'], category: ['Toys'] });
    const many = Array.from({ length: 600 }, (_, i) => `L${String(i).padStart(3, '0')}`);
    expect(mergeChoices({}, { location: many }).location).toHaveLength(500);
  });

  it('refuses an as_of outside the days the data covers, naming them, before asking the server', () => {
    const fields = paramFields(catalogue, ['inventory'], 'en');
    const dates = { first: '2024-11-26', last: '2026-11-25', default_as_of: '2026-11-25' };
    expect(validateParams(fields, { as_of: '2026-12-01' }, 'en', dates)).toEqual(['As of: the data covers 2024-11-26 to 2026-11-25; pick a day in between.']);
    expect(validateParams(fields, { as_of: '2024-11-25' }, 'zh-CN', dates)).toHaveLength(1);
    expect(validateParams(fields, { as_of: '2024-11-26' }, 'en', dates)).toEqual([]);
    expect(validateParams(fields, { as_of: '2026-11-25' }, 'en', dates)).toEqual([]);
    // a server that does not say (BigQuery, older releases): no such check
    expect(validateParams(fields, { as_of: '2030-01-01' }, 'en', null)).toEqual([]);
  });
});
