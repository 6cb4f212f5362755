// What a plan reads (pipeline/analytics/lineage.ts): the columns each table scan projects or
// filters on, and whether a set of changes touches them. Pure: plans are given as DuckDB's
// EXPLAIN (format json) shapes them.
import { isAffected, readsOfPlan, type ChangedTables } from '../../../pipeline/analytics/lineage';

const scan = (table: string, projections: string | string[], filters?: string) => ({
  name: 'SEQ_SCAN',
  children: [],
  extra_info: { Table: `db.main.${table}`, Projections: projections, ...(filters ? { Filters: filters } : {}) },
});

const columns: Record<string, string[]> = {
  listing: ['listing_id', 'sku', 'fulfilment', 'channel_quantity_units', 'listing_status'],
  order_line: ['order_id', 'sku', 'quantity_units'],
};

describe('the columns a plan reads', () => {
  const plan = [
    {
      name: 'HASH_JOIN',
      children: [scan('listing', ['listing_id', 'sku'], "fulfilment='merchant'"), { name: 'PROJECTION', children: [scan('order_line', 'sku')] }],
    },
  ];
  const reads = readsOfPlan(plan, (table) => columns[table] ?? []);

  it('collects projections and the columns of pushed-down filters, per table', () => {
    expect([...reads.get('listing')!].sort()).toEqual(['fulfilment', 'listing_id', 'sku']);
    expect([...reads.get('order_line')!]).toEqual(['sku']);
  });

  it('is affected by a change of a column it reads, or of rows, not of a column it does not read', () => {
    const quantityOnly: ChangedTables = new Map([['listing', new Set(['channel_quantity_units'])]]);
    expect(isAffected(reads, quantityOnly, new Set())).toBe(false);
    expect(isAffected(reads, new Map([['listing', new Set(['fulfilment'])]]), new Set())).toBe(true);
    expect(isAffected(reads, new Map([['order_line', null]]), new Set())).toBe(true);
    expect(isAffected(reads, new Map([['sku', null]]), new Set())).toBe(false);
  });

  it('is affected by any rebuilt model it reads', () => {
    expect(isAffected(new Map([['int_order_lines', new Set(['sku'])]]), new Map(), new Set(['int_order_lines']))).toBe(true);
  });
});
