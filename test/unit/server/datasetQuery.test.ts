import { datasetEtag, etagMatches, parseDatasetQuery } from '../../../pipeline/server/datasetQuery';

describe('dataset query string', () => {
  it('separates paging from the dataset parameters', () => {
    expect(parseDatasetQuery({ channel: 'amazon', offset: '20', limit: '10', window_days: '30' })).toEqual({
      raw: { channel: 'amazon', window_days: '30' },
      page: { offset: 20, limit: 10 },
    });
  });

  it('defaults to every row from the start', () => {
    expect(parseDatasetQuery({}).page).toEqual({ offset: 0, limit: null });
  });

  it('refuses a repeated parameter, a zero or fractional limit and an overlong value', () => {
    expect(() => parseDatasetQuery({ channel: ['a', 'b'] })).toThrow('give the parameter "channel" once');
    expect(() => parseDatasetQuery({ limit: '0' })).toThrow(/limit must be a whole number from 1 to 1000000/);
    expect(() => parseDatasetQuery({ offset: '1.5' })).toThrow(/offset must be a whole number/);
    expect(() => parseDatasetQuery({ limit: '2000000' })).toThrow(/limit/);
    expect(() => parseDatasetQuery({ sku_prefix: 'x'.repeat(300) })).toThrow(/longer than 256/);
  });
});

describe('dataset ETag', () => {
  const page = { offset: 0, limit: null };

  it('does not depend on the order of the parameters', () => {
    expect(datasetEtag('s1', '4', 'turnover', { a: 1, b: 'x' }, page)).toBe(datasetEtag('s1', '4', 'turnover', { b: 'x', a: 1 }, page));
  });

  it('changes with the data version, the server instance, the parameters and the page', () => {
    const base = datasetEtag('s1', '4', 'turnover', { a: 1 }, page);
    expect(datasetEtag('s1', '5', 'turnover', { a: 1 }, page)).not.toBe(base);
    expect(datasetEtag('s2', '4', 'turnover', { a: 1 }, page)).not.toBe(base);
    expect(datasetEtag('s1', '4', 'turnover', { a: 2 }, page)).not.toBe(base);
    expect(datasetEtag('s1', '4', 'inventory', { a: 1 }, page)).not.toBe(base);
    expect(datasetEtag('s1', '4', 'turnover', { a: 1 }, { offset: 0, limit: 10 })).not.toBe(base);
    expect(base).toMatch(/^"s1\.4\.[A-Za-z0-9_-]{22}"$/);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    const tag = '"s1.4.abc"';
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(`"other", W/${tag}`, tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches('"s1.3.abc"', tag)).toBe(false);
    expect(etagMatches(undefined, tag)).toBe(false);
  });
});
