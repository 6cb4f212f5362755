import { auxiliaryQuery, presentationFor, sumBy } from '../../../addin/core/datasets';
import { buildTableModel, tableAddress } from '../../../addin/core/tableModel';
import type { DatasetPayload } from '../../../addin/core/tableModel';
import { MONEY_FORMAT, RATE_FORMAT, PCT_FORMAT, DATE_FORMAT, TEXT_FORMAT, INTEGER_FORMAT, PLAIN_INTEGER_FORMAT, TIMESTAMP_FORMAT, numberFormatFor } from '../../../addin/core/columnFormats';

const now = new Date('2026-11-26T17:05:00Z');

function build(payload: DatasetPayload, locale: 'en' | 'zh-CN' = 'en', auxiliary?: DatasetPayload) {
  return buildTableModel(payload, { locale, now, presentation: presentationFor(payload.dataset, payload.columns), auxiliary });
}

describe('number formats by naming convention', () => {
  it.each([
    [{ name: 'sku', type: 'string' }, TEXT_FORMAT],
    [{ name: 'revenue_base', type: 'number' }, MONEY_FORMAT],
    [{ name: 'item_price_amount', type: 'number' }, MONEY_FORMAT],
    [{ name: 'return_rate', type: 'number' }, RATE_FORMAT],
    [{ name: 'sell_through_pct', type: 'number' }, PCT_FORMAT],
    [{ name: 'on_hand_units', type: 'integer' }, INTEGER_FORMAT],
    [{ name: 'version', type: 'integer' }, PLAIN_INTEGER_FORMAT],
    [{ name: 'snapshot_date', type: 'date' }, DATE_FORMAT],
    [{ name: 'seen_at', type: 'timestamp' }, TIMESTAMP_FORMAT],
  ] as const)('%j → %s', (column, format) => {
    expect(numberFormatFor(column)).toBe(format);
  });
});

describe('buildTableModel', () => {
  const inventory: DatasetPayload = {
    dataset: 'inventory',
    params: { as_of: '2026-11-25', window_days: 90, location: null },
    data_version: 42,
    columns: [
      { name: 'sku', type: 'string' },
      { name: 'snapshot_date', type: 'date' },
      { name: 'on_hand_units', type: 'integer' },
      { name: 'days_of_supply', type: 'number' },
    ],
    rows: [
      ['=HYPERLINK("x")', '2026-11-25', 12, 3.5],
      ['00123', '2026-11-25', 0, null],
    ],
  };

  it('turns rows into typed, sanitised cells: dates as serials, nulls as blanks, formula text quoted', () => {
    const m = build(inventory);
    expect(m.body).toEqual([
      [`'=HYPERLINK("x")`, 46351, 12, 3.5],
      ['00123', 46351, 0, ''],
    ]);
  });

  it('names the table after the dataset and stamps refresh time, data version and parameters', () => {
    const m = build(inventory);
    expect(m.tableName).toBe('Crossdock_inventory');
    expect(m.sheetName).toBe('Inventory');
    expect(m.stamp).toBe('Refreshed 2026-11-26 17:05 UTC · data version 42 · as_of=2026-11-25, window_days=90');
    expect(tableAddress(m)).toBe('A4:D6');
    expect(m.freezeRows).toBe(4);
  });

  it("shows the server's data warnings on the stamp row", () => {
    const m = build({ ...inventory, warnings: ['as_of defaults to 2026-11-25; stock at FBA-US ends 2026-12-02.'] });
    expect(m.stamp).toBe(
      'Refreshed 2026-11-26 17:05 UTC · data version 42 · as_of=2026-11-25, window_days=90 · ⚠ as_of defaults to 2026-11-25; stock at FBA-US ends 2026-12-02.',
    );
  });

  it('writes headers and sheet names in Chinese when the pane is in Chinese', () => {
    const m = build(inventory, 'zh-CN');
    expect(m.sheetName).toBe('库存');
    expect(m.columns.map((c) => c.header)).toEqual(['SKU', '快照日期', '在手件数', '可售天数']);
    expect(m.stamp.startsWith('刷新于 2026-11-26 17:05 UTC')).toBe(true);
  });

  it('highlights low days of supply with a rule anchored on the first body row', () => {
    const m = build(inventory);
    expect(m.conditionalFormats).toEqual([{ purpose: 'low days of supply', firstColumn: 3, lastColumn: 3, formula: '=AND(ISNUMBER($D5),$D5<14)', fill: '#FFEB9C', fontColor: '#9C5700' }]);
  });

  it('keeps one blank body row for an empty result so the table can exist', () => {
    expect(tableAddress(build({ ...inventory, rows: [] }))).toBe('A4:D5');
  });
});

describe('the stock sheet', () => {
  const stock: DatasetPayload = {
    dataset: 'stock',
    params: {},
    data_version: 7,
    columns: [
      { name: 'listing', type: 'string' },
      { name: 'channel', type: 'string' },
      { name: 'channel_quantity', type: 'integer' },
      { name: 'version', type: 'integer' },
      { name: 'editable', type: 'boolean' },
    ],
    rows: [['shopify:A', 'shopify', 5, 3, true], ['amazon:B', 'amazon', null, 1, false]],
  };

  it('adds an editable new quantity, status and message, and hidden baseline columns seeded from the channel', () => {
    const m = build(stock);
    expect(m.columns.map((c) => [c.name, c.editable, c.hidden])).toEqual([
      ['listing', false, false], ['channel', false, false], ['channel_quantity', false, false], ['version', false, true], ['editable', false, false],
      ['new_quantity', true, false], ['status', false, false], ['message', false, false], ['baseline_quantity', false, true], ['baseline_version', false, true],
    ]);
    expect(m.body[0]).toEqual(['shopify:A', 'shopify', 5, 3, true, 5, '', '', 5, 3]);
    expect(m.body[1]).toEqual(['amazon:B', 'amazon', '', 1, false, '', '', '', '', 1]);
    expect(m.protect).toBe(true);
  });

  it('colour-codes statuses in both languages and greys out non-editable rows', () => {
    const m = build(stock);
    const byPurpose = Object.fromEntries(m.conditionalFormats.map((c) => [c.purpose, c]));
    expect(byPurpose['not editable'].formula).toBe('=$E5=FALSE');
    expect(byPurpose['edited, not pushed'].formula).toBe('=AND($F5<>"",$F5<>$I5)');
    expect(byPurpose['status applied'].formula).toBe('=OR($G5="applied",$G5="已应用")');
    expect([byPurpose['status applied'].firstColumn, byPurpose['status applied'].lastColumn]).toEqual([6, 7]);
  });
});

describe('charts', () => {
  it('sums return units per reason, largest first', () => {
    expect(sumBy([['a', 2], ['b', 5], ['a', 4], ['c', null]], 0, 1)).toEqual([['a', 6], ['b', 5]]);
  });

  it('folds categories past the twelfth into Other', () => {
    const rows = Array.from({ length: 15 }, (_, i) => [`r${i}`, 100 - i]);
    const out = sumBy(rows, 0, 1);
    expect(out.length).toBe(12);
    expect(out[11]).toEqual(['Other', 89 + 88 + 87 + 86]);
  });

  it('draws return reasons as a pie beside the table', () => {
    const m = build({ dataset: 'return_reasons', params: {}, data_version: 1, columns: [{ name: 'sku', type: 'string' }, { name: 'reason', type: 'string' }, { name: 'return_units', type: 'integer' }], rows: [['A', 'damaged', 3], ['B', 'damaged', 1], ['A', 'not_as_described', 2]] });
    expect(m.charts).toEqual([expect.objectContaining({ kind: 'Pie', rows: [['damaged', 4], ['not_as_described', 2]], column: 4, row: 3 })]);
  });

  it('charts turnover by channel from the per-channel rows fetched alongside', () => {
    const columns = [{ name: 'group_by', type: 'string' as const }, { name: 'channel', type: 'string' as const }, { name: 'cogs_turnover_annualised', type: 'number' as const }];
    const aux = { dataset: 'turnover', params: {}, data_version: 1, columns, rows: [['channel', 'ebay', 2.345], ['channel', 'amazon', 6.1]] };
    const m = build({ ...aux, rows: [['sku', null, 1]] }, 'en', aux);
    expect(m.charts[0].rows).toEqual([['amazon', 6.1], ['ebay', 2.35]]);
    expect(auxiliaryQuery('turnover', { group_by: 'sku' }, { params: [{ name: 'group_by', allowed: ['sku', 'channel'] }] })).toEqual({ group_by: 'channel' });
    expect(auxiliaryQuery('turnover', { group_by: 'channel' }, { params: [{ name: 'group_by' }] })).toBeNull();
  });
});

describe('the analytics datasets as pipeline/analytics shapes them', () => {
  it('charts aged inventory from the wide per-bucket value columns, in bucket order', () => {
    const columns = ['units_age_0_90', 'units_age_181_plus', 'value_age_0_90_base', 'value_age_91_180_base', 'value_age_181_270_base', 'value_age_271_365_base', 'value_age_365_plus_base'].map((name) => ({ name, type: 'number' as const }));
    const m = build({ dataset: 'aged_inventory', params: {}, data_version: 1, columns: [{ name: 'sku', type: 'string' }, ...columns], rows: [['A', 5, 1, 10, 20, 0, 0, 4.5], ['B', 1, 0, 1, 0, 2, 0, 0]] });
    expect(m.charts[0].rows).toEqual([['0–90', 11], ['91–180', 20], ['181–270', 2], ['271–365', 0], ['365+', 4.5]]);
  });

  it('marks dead stock from the slow-movers status text, whatever its case', () => {
    const m = build({ dataset: 'slow_movers', params: {}, data_version: 1, columns: [{ name: 'sku', type: 'string' }, { name: 'status', type: 'string' }], rows: [['A', 'dead']] });
    expect(m.conditionalFormats).toEqual([expect.objectContaining({ purpose: 'dead stock', formula: '=OR(LEFT($B5,4)="DEAD")', firstColumn: 0, lastColumn: 0 })]);
  });
});
