import type { CellValue } from '../../../addin/core/cells';
import { diffRules, previewSuggested, rulesFingerprint, rulesPayload, type RulesColumns } from '../../../addin/core/rules';
import { ruleEtag, type StoredRule } from '../../../pipeline/writeback/rules';

const stored = (over: Partial<StoredRule>): StoredRule => {
  const row = { rule_id: 'all', rule_scope: 'all' as const, channel: null, listing_id: null, reserve_units: null, available_pct: null, max_units: null, floor_units: null, note: null, updated_by: 'Ana', updated_at: '2026-11-20T08:00:00.000Z', ...over };
  return { ...row, etag: ruleEtag(row) };
};

/** The Rules table as read back: the refreshed rows (with baselines), then whatever the user typed. */
function sheet(rules: StoredRule[], edits: Array<Partial<Record<keyof RulesColumns, CellValue>>> = [], extra: Array<Partial<Record<keyof RulesColumns, CellValue>>> = []): RulesColumns {
  const payload = rulesPayload(rules, '1');
  const at = (name: string) => payload.columns.findIndex((c) => c.name === name);
  const rows = payload.rows.map((r, i) => ({ rule_id: r[at('rule_id')], reserve_units: r[at('reserve_units')], available_pct: r[at('available_pct')], max_units: r[at('max_units')], floor_units: r[at('floor_units')], note: r[at('note')], rule_baseline: r[at('rule_baseline')], ...edits[i] }));
  const all = [...rows, ...extra];
  const names: Array<keyof RulesColumns> = ['rule_id', 'reserve_units', 'available_pct', 'max_units', 'floor_units', 'note', 'rule_status', 'rule_message', 'rule_baseline'];
  return Object.fromEntries(names.map((n) => [n, all.map((r) => ((r as Record<string, unknown>)[n] ?? '') as CellValue)])) as RulesColumns;
}

describe('rules diff', () => {
  const ebay = stored({ rule_id: 'channel:ebay', rule_scope: 'channel', channel: 'ebay', reserve_units: 2 });

  it('finds nothing to save on a freshly refreshed sheet', () => {
    expect(diffRules(sheet([ebay]), 'en')).toMatchObject({ changes: [], invalid: [] });
  });

  it('saves an edited rule with the server time it was based on, and a new one typed under the table', () => {
    const d = diffRules(sheet([ebay], [{ reserve_units: 5 }], [{ rule_id: 'listing:shopify:US:A', max_units: 8 }]), 'en');
    expect(d.changes.map((c) => [c.rule_id, c.kind, c.body.reserve_units, c.body.max_units, c.baseline_updated_at])).toEqual([
      ['channel:ebay', 'put', 5, null, '2026-11-20T08:00:00.000Z'],
      ['listing:shopify:US:A', 'put', null, 8, null],
    ]);
    expect(d.rules.map((r) => [r.rule_id, r.rule_scope, r.listing_id])).toEqual([['channel:ebay', 'channel', null], ['listing:shopify:US:A', 'listing', 'shopify:US:A']]);
  });

  it('deletes a rule whose four values were cleared', () => {
    const d = diffRules(sheet([ebay], [{ reserve_units: '' }]), 'en');
    expect(d.changes.map((c) => [c.rule_id, c.kind])).toEqual([['channel:ebay', 'delete']]);
    expect(d.rules).toEqual([]);
  });

  it('refuses what the server would refuse, keeping the rule as it was for the preview', () => {
    const d = diffRules(sheet([ebay], [{ reserve_units: 2.5 }], [{ rule_id: 'all', available_pct: 120 }, { rule_id: 'warehouse:x', reserve_units: 1 }, { rule_id: 'all', reserve_units: 1 }]), 'en');
    expect(d.changes).toEqual([]);
    expect(d.invalid.map((o) => [o.row, o.message])).toEqual([
      [0, 'Reserve: a whole number, 0 or more.'],
      [1, 'Share of available (%): a percentage from 0 to 100.'],
      [2, '“warehouse:x” is not a rule: use all, channel:<channel> or listing:<listing>.'],
      [3, 'all is already on row 2 of the table.'],
    ]);
    expect(d.rules.map((r) => [r.rule_id, r.reserve_units])).toEqual([['channel:ebay', 2]]);
  });

  it('fingerprints the edits, not their order', () => {
    const a = diffRules(sheet([ebay], [{ reserve_units: 5 }], [{ rule_id: 'all', floor_units: 1 }]), 'en').changes;
    expect(rulesFingerprint(a)).toBe(rulesFingerprint([...a].reverse()));
    expect(rulesFingerprint(a)).not.toBe(rulesFingerprint(diffRules(sheet([ebay], [{ reserve_units: 6 }], [{ rule_id: 'all', floor_units: 1 }]), 'en').changes));
  });
});

describe('preview on the stock sheet', () => {
  it('suggests with the server\'s arithmetic: reserve, share rounded down, cap, floor; none for FBA or unknown stock', () => {
    const stock = { listing: ['ebay:A', 'shopify:B', 'shopify:C', 'amazon:D', 'shopify:E'], channel: ['ebay', 'shopify', 'shopify', 'amazon', 'shopify'], available_units: [12, 41, 3, 90, ''], editable: [true, true, true, false, true], suggested_quantity: [10, 41, 3, '', ''] };
    const rules = [
      { rule_id: 'channel:ebay', rule_scope: 'channel' as const, channel: 'ebay', listing_id: null, reserve_units: 5, available_pct: null, max_units: null, floor_units: null },
      { rule_id: 'channel:shopify', rule_scope: 'channel' as const, channel: 'shopify', listing_id: null, reserve_units: null, available_pct: 50, max_units: 15, floor_units: 1 },
    ];
    expect(previewSuggested(stock, rules)).toEqual({ values: [7, 15, 0, null, null], changed: 3 });
  });
});
