import { normaliseDisposition } from '../../../pipeline/model/dispositions';
import { normaliseReturnReason, reasonKeySql, RETURN_REASONS, returnReasonFromKeySql } from '../../../pipeline/model/returnReasons';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const CASES: Array<[string | null, string]> = [
  // Amazon
  ['UNWANTED_ITEM', 'CHANGED_MIND'],
  ['QUALITY_NOT_ADEQUATE', 'DEFECTIVE'],
  ['DAMAGED_BY_FC', 'DAMAGED_IN_TRANSIT'],
  ['SWITCHEROO', 'WRONG_ITEM_SENT'],
  ['APPAREL_TOO_LARGE', 'SIZE_FIT'],
  ['MISSING_PARTS', 'MISSING_PARTS'],
  ['NOT_COMPATIBLE', 'NOT_COMPATIBLE'],
  ['NEVER_ARRIVED', 'LATE_DELIVERY'],
  ['UNAUTHORIZED_PURCHASE', 'OTHER'],
  // eBay
  ['ARRIVED_DAMAGED', 'DAMAGED_IN_TRANSIT'],
  ['DIFFERENT_FROM_LISTING', 'NOT_AS_DESCRIBED'],
  ['NO_LONGER_NEED_ITEM', 'CHANGED_MIND'],
  ['DEFECTIVE_ITEM', 'DEFECTIVE'],
  // Shopify
  ['SIZE_TOO_SMALL', 'SIZE_FIT'],
  ['COLOR', 'CHANGED_MIND'],
  ['WRONG_ITEM', 'WRONG_ITEM_SENT'],
  ['UNKNOWN', 'UNKNOWN'],
  // AliExpress free text
  ['Product not received', 'LATE_DELIVERY'],
  ['Quality issue', 'DEFECTIVE'],
  ['Item arrived broken', 'DAMAGED_IN_TRANSIT'],
  ['Size doesn’t fit me', 'SIZE_FIT'],
  // nothing / unrecognised
  [null, 'UNKNOWN'],
  ['   ', 'UNKNOWN'],
  ['ZZZ_NEW_CODE', 'OTHER'],
];

describe('return reason taxonomy', () => {
  it.each(CASES)('maps %p to %s', (raw, code) => {
    expect(normaliseReturnReason(raw)).toBe(code);
  });

  it('maps every case the same way in SQL as in TypeScript', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    const values = CASES.map((_c, i) => `(${i}, $${i + 1})`).join(', ');
    const sql = `select i, ${returnReasonFromKeySql('k')} as code from (select i, ${reasonKeySql('raw')} as k from (values ${values}) v(i, raw)) order by i`;
    const found = await wh.all<{ i: number; code: string }>(sql, CASES.map(([raw]) => raw));
    expect(found.map((r) => r.code)).toEqual(CASES.map(([, code]) => code));
    wh.close();
  });

  it('only produces codes of the taxonomy', () => {
    for (const [raw] of CASES) expect(RETURN_REASONS).toContain(normaliseReturnReason(raw));
  });
});

describe('dispositions', () => {
  it('reads Amazon, MCF and Shopify spellings', () => {
    expect(normaliseDisposition('CUSTOMER_DAMAGED')).toBe('customer_damaged');
    expect(normaliseDisposition('CustomerDamaged')).toBe('customer_damaged');
    expect(normaliseDisposition('WAREHOUSE_DAMAGED')).toBe('damaged');
    expect(normaliseDisposition('RESTOCKED')).toBe('sellable');
    expect(normaliseDisposition('something else')).toBe('unknown');
  });
});
