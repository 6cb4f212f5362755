import { AllocationRule, effectiveRule, NO_RULE, suggestQuantity } from '../../../pipeline/writeback/allocation';

const rule = (fields: Partial<AllocationRule> & Pick<AllocationRule, 'rule_id' | 'rule_scope'>): AllocationRule => ({
  channel: null,
  listing_id: null,
  reserve_units: null,
  available_pct: null,
  max_units: null,
  floor_units: null,
  ...fields,
});

describe('suggestQuantity (allocation order: available → reserve → percentage → cap → floor)', () => {
  it('offers everything available when no rule applies', () => {
    expect(suggestQuantity(37, NO_RULE)).toBe(37);
  });

  it('takes the reserve off before the percentage, so 50% of 100 with 20 reserved is 40, not 30', () => {
    expect(suggestQuantity(100, { reserve_units: 20, available_pct: 50, max_units: null, floor_units: 0 })).toBe(40);
  });

  it('applies reserve, percentage and cap in turn: 100 − 10 = 90, 50% = 45, capped at 30', () => {
    expect(suggestQuantity(100, { reserve_units: 10, available_pct: 50, max_units: 30, floor_units: 5 })).toBe(30);
  });

  it('rounds the percentage share down: 33% of 10 is 3', () => {
    expect(suggestQuantity(10, { ...NO_RULE, available_pct: 33 })).toBe(3);
  });

  it('computes 7% of 100 as exactly 7 despite binary floating point', () => {
    expect(suggestQuantity(100, { ...NO_RULE, available_pct: 7 })).toBe(7);
  });

  it('sends 0 when the result is at the floor, and the result itself just above it', () => {
    const floor5 = { ...NO_RULE, reserve_units: 10, floor_units: 5 };
    expect(suggestQuantity(15, floor5)).toBe(0); // 15 − 10 = 5 ≤ 5
    expect(suggestQuantity(16, floor5)).toBe(6);
  });

  it('never suggests below 0 when the reserve exceeds what is available or stock is negative', () => {
    expect(suggestQuantity(4, { ...NO_RULE, reserve_units: 10 })).toBe(0);
    expect(suggestQuantity(-5, NO_RULE)).toBe(0);
  });

  it('suggests nothing (null) when the available stock is unknown', () => {
    expect(suggestQuantity(null, NO_RULE)).toBeNull();
  });
});

describe('effectiveRule', () => {
  const rules = [
    rule({ rule_id: 'all', rule_scope: 'all', available_pct: 80, floor_units: 2 }),
    rule({ rule_id: 'channel:ebay', rule_scope: 'channel', channel: 'ebay', reserve_units: 5 }),
    rule({ rule_id: 'listing:ebay:US:A:merchant', rule_scope: 'listing', listing_id: 'ebay:US:A:merchant', available_pct: 50 }),
  ];

  it('merges field by field, the listing rule over the channel rule over the rule for all', () => {
    expect(effectiveRule(rules, { listing_id: 'ebay:US:A:merchant', channel: 'ebay' })).toEqual({
      reserve_units: 5,
      available_pct: 50,
      max_units: null,
      floor_units: 2,
    });
  });

  it('ignores rules of other channels and listings', () => {
    expect(effectiveRule(rules, { listing_id: 'shopify:main:A:merchant', channel: 'shopify' })).toEqual({
      reserve_units: 0,
      available_pct: 80,
      max_units: null,
      floor_units: 2,
    });
  });
});
