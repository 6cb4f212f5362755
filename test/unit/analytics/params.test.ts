import { validateDatasetParams } from '../../../pipeline/analytics/params';
import { validateParams } from '../../../pipeline/analytics';
import { NotFoundError, UsageError } from '../../../pipeline/errors';
import type { DatasetSpec } from '../../../pipeline/analytics/types';

const spec: DatasetSpec = {
  name: 'demo',
  title: 'Demo',
  description: 'test',
  key: [],
  columns: [],
  params: [
    { name: 'as_of', type: 'date', description: '' },
    { name: 'window_days', type: 'integer', description: '', default: '90', min: 1, max: 730 },
    { name: 'rate', type: 'number', description: '', min: 0, max: 1 },
    { name: 'flag', type: 'boolean', description: '', default: 'false' },
    { name: 'group_by', type: 'string', description: '', default: 'sku', allowed: ['sku', 'pool'] },
    { name: 'channel', type: 'string', description: '', pattern: '^[a-z][a-z0-9_]{0,31}$' },
  ],
};

describe('dataset parameter validation', () => {
  it('applies defaults, types values and leaves absent filters null', () => {
    expect(validateDatasetParams(spec, { as_of: '2025-02-28', rate: '0.5', flag: 'true' })).toEqual({
      as_of: '2025-02-28',
      window_days: 90,
      rate: 0.5,
      flag: true,
      group_by: 'sku',
      channel: null,
    });
  });

  it('treats an empty value as absent', () => {
    expect(validateDatasetParams(spec, { channel: '', window_days: '' })).toMatchObject({ channel: null, window_days: 90 });
  });

  it('refuses an unknown parameter and lists the valid ones', () => {
    expect(() => validateDatasetParams(spec, { windw: '3' })).toThrow(
      'demo: unknown parameter "windw"; valid parameters: as_of, window_days, rate, flag, group_by, channel',
    );
  });

  it.each([
    ['as_of', '2025-02-30', /must be a date/],
    ['as_of', "2025-01-01' or 1=1 --", /must be a date/],
    ['window_days', '0', /at least 1/],
    ['window_days', '731', /at most 730/],
    ['window_days', '9.5', /whole number/],
    ['window_days', '1; drop table sku', /whole number/],
    ['rate', '1e3', /must be a number/],
    ['flag', 'yes', /true or false/],
    ['group_by', 'sku; drop table sku', /must be one of sku, pool/],
    ['channel', "amazon' or '1'='1", /invalid value/],
  ])('refuses %s=%s with a message naming the parameter', (name, value, message) => {
    let error: unknown;
    try {
      validateDatasetParams(spec, { [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).httpStatus).toBe(400);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(name);
  });

  it('answers an unknown dataset with NotFoundError listing the valid datasets', () => {
    expect(() => validateParams('nope', {})).toThrow(NotFoundError);
    expect(() => validateParams('nope', {})).toThrow(/valid datasets: .*inventory.*turnover/);
  });
});
