// Data quality: what the figures could not use (returns that cannot be placed in a pool, order
// lines without a location, sources ending on other days than the default as_of). SQL in
// sql/analytics/data_quality.sql; the checks are defined in docs/analytics.md.
import { columns } from '../columns';
import type { DatasetDefinition } from '../types';

export const CHECK_CODES = ['RETURN_UNPLACED', 'ORDER_LINES_UNLOCATED', 'SOURCE_ENDS_EARLY', 'SOURCE_AHEAD'] as const;

export const dataset: DatasetDefinition = {
  name: 'data_quality',
  title: 'Data quality',
  description:
    'One row per finding: sellable returns that cannot be placed in a stock pool, order lines whose listing has no ' +
    'location, and sources (channel orders, location stock) that end before or after the default as_of.',
  key: ['check_code', 'source_id', 'sku', 'record_id'],
  params: [
    { name: 'check', type: 'string', description: 'Only this check', allowed: [...CHECK_CODES] },
    { name: 'source', type: 'string', description: 'Only findings of this channel or location (source_id)', pattern: '^[A-Za-z0-9_.:-]{1,64}$' },
  ],
  columns: columns({
    check_code: 'string',
    source_id: 'string',
    sku: 'string',
    record_id: 'string',
    first_date: 'date',
    last_date: 'date',
    count_records: 'integer',
    units: 'integer',
    message: 'string',
  }),
};
