// Allocation rules: how much of the stock available to a listing its channel is offered.
// Pure. The order of operations is anchors B.12(a), and is the same in sql/analytics/stock.sql
// (test/unit/writeback/stockDataset.test.ts holds the two to each other):
//
//   1. available  Σ available units of the pool that feeds the listing (never below 0)
//   2. reserve    available − reserve_units (a buffer held back from this channel), not below 0
//   3. percentage floor(after_reserve × available_pct / 100) (round down, like Sellbrite/Sellercloud)
//   4. cap        min(…, max_units)
//   5. floor      0 when the result is at or below floor_units ("end when"), else the result

export interface AllocationRule {
  rule_id: string;
  rule_scope: 'all' | 'channel' | 'listing';
  channel: string | null;
  listing_id: string | null;
  reserve_units: number | null;
  available_pct: number | null;
  max_units: number | null;
  floor_units: number | null;
}

/** The rule fields in force for one listing after merging listing → channel → all. */
export interface EffectiveRule {
  reserve_units: number;
  available_pct: number;
  max_units: number | null;
  floor_units: number;
}

export const NO_RULE: EffectiveRule = { reserve_units: 0, available_pct: 100, max_units: null, floor_units: 0 };

const RULE_FIELDS = ['reserve_units', 'available_pct', 'max_units', 'floor_units'] as const;

/** Merges the rules that apply to a listing field by field: the most specific non-null value wins. */
export function effectiveRule(rules: AllocationRule[], listing: { listing_id: string; channel: string }): EffectiveRule {
  const specificity = (rule: AllocationRule): number =>
    rule.rule_scope === 'listing' && rule.listing_id === listing.listing_id
      ? 3
      : rule.rule_scope === 'channel' && rule.channel === listing.channel
        ? 2
        : rule.rule_scope === 'all'
          ? 1
          : 0;
  const applicable = rules.filter((rule) => specificity(rule) > 0).sort((a, b) => specificity(b) - specificity(a));
  const merged: EffectiveRule = { ...NO_RULE };
  for (const field of RULE_FIELDS) {
    const source = applicable.find((rule) => rule[field] !== null && rule[field] !== undefined);
    if (source) (merged as unknown as Record<string, number | null>)[field] = source[field];
  }
  return merged;
}

/** The quantity a channel should show, given the available units and the rule in force. */
export function suggestQuantity(availableUnits: number | null, rule: EffectiveRule): number | null {
  if (availableUnits === null) return null; // unknown stock: no suggestion rather than a guess
  const available = Math.max(0, Math.floor(availableUnits));
  const afterReserve = Math.max(0, available - rule.reserve_units);
  // Integer arithmetic on hundredths avoids 0.07 * 100 style float surprises.
  const share = Math.floor((afterReserve * Math.round(rule.available_pct * 100)) / 10000);
  const capped = rule.max_units === null ? share : Math.min(share, rule.max_units);
  return capped <= rule.floor_units ? 0 : capped;
}
