import { auxiliaryQuery, presentationFor, sumBy } from '../../../addin/core/datasets';
import { buildTableModel, tableAddress } from '../../../addin/core/tableModel';
import { OfficeWorkbook, type ExcelRun } from '../../../addin/excel/officeWorkbook';
import { createFakeExcel, shownFormat } from '../../support/fakeExcel';
import { displayText } from '../../support/fakeExcel/render';
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
    expect(m.columns.map((c) => c.header)).toEqual(['SKU', '库存日期', '在手数量', '可售天数']);
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

  it('puts new quantity, status and message beside the channel quantity, and the version and baseline columns last and hidden', () => {
    const m = build(stock);
    expect(m.columns.map((c) => [c.name, c.editable, c.hidden])).toEqual([
      ['listing', false, false], ['channel', false, false], ['channel_quantity', false, false], ['new_quantity', true, false], ['status', false, false], ['message', false, false],
      ['preview_quantity', false, false], ['editable', false, false], ['version', false, true], ['baseline_quantity', false, true], ['baseline_version', false, true],
    ]);
    expect(m.body[0]).toEqual(['shopify:A', 'shopify', 5, 5, '', '', '', true, 3, 5, 3]);
    expect(m.body[1]).toEqual(['amazon:B', 'amazon', '', '', '', '', '', false, 1, '', 1]);
    expect(m.protect).toBe(true);
    // Only the listing key is present of the key columns: it alone stays frozen.
    expect(m.freezeColumns).toBe(1);
  });

  it('orders the real stock dataset as a manager works: keys frozen, then available, channel and new quantity side by side, ids hidden', () => {
    const names = ['listing', 'sku', 'title', 'channel', 'marketplace', 'fulfilment', 'channel_listing_id', 'channel_offer_id', 'channel_inventory_item_id', 'channel_location_id', 'location_id', 'pool_id', 'available_units', 'available_as_of_date', 'channel_quantity', 'channel_quantity_seen_at', 'version', 'editable', 'reserve_units', 'available_pct', 'max_units', 'floor_units', 'suggested_quantity'];
    const m = build({ dataset: 'stock', params: {}, data_version: 1, columns: names.map((name) => ({ name, type: /units|quantity/.test(name) ? 'integer' : 'string' })), rows: [] });
    const visible = m.columns.filter((c) => !c.hidden).map((c) => c.name);
    expect(visible.slice(0, 11)).toEqual(['listing', 'sku', 'title', 'channel', 'marketplace', 'fulfilment', 'available_units', 'channel_quantity', 'new_quantity', 'status', 'message']);
    expect(m.freezeColumns).toBe(3);
    const hidden = m.columns.slice(visible.length).map((c) => [c.name, c.hidden]);
    expect(hidden).toEqual([['channel_offer_id', true], ['channel_inventory_item_id', true], ['channel_location_id', true], ['version', true], ['baseline_quantity', true], ['baseline_version', true]]);
    // Whole numbers with separators like the quantities beside them; a typed 2.5 shows as 2.5
    // (not rounded to 3 by the whole-number format) through a rule of its own.
    expect(m.columns.find((c) => c.name === 'new_quantity')?.numberFormat).toBe('#,##0');
    expect(m.conditionalFormats.find((r) => r.purpose === 'not a whole number, shown as typed')).toMatchObject({ formula: '=AND(ISNUMBER($I5),$I5<>INT($I5))', numberFormat: 'General' });
  });

  it('colour-codes statuses in both languages and greys out non-editable rows', () => {
    const m = build(stock);
    const byPurpose = Object.fromEntries(m.conditionalFormats.map((c) => [c.purpose, c]));
    expect(byPurpose['not editable'].formula).toBe('=$H5=FALSE');
    expect(byPurpose['edited, not pushed'].formula).toBe('=AND($D5<>"",$D5<>$J5)');
    expect(byPurpose['status applied'].formula).toBe('=OR($E5="applied",$E5="已应用")');
    expect([byPurpose['status applied'].firstColumn, byPurpose['status applied'].lastColumn]).toEqual([4, 5]);
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

describe('column widths', () => {
  it('size a column by its header and values, never by the title or stamp above the table', () => {
    const payload = { dataset: 'inventory', params: { as_of: '2026-11-25', window_days: 90, location: 'a-very-long-location-filter-value' }, data_version: 1, columns: [{ name: 'sku', type: 'string' as const }], rows: [['A-1']] };
    const short = build(payload).columns[0].widthPt;
    const long = buildTableModel(payload, { locale: 'en', now: new Date('2026-11-26T17:05:00Z'), presentation: { sheetTitle: () => 'A title far longer than any value in the first column of the sheet' } }).columns[0].widthPt;
    expect(long).toBe(short);
  });

  it('size date and time columns by how they show, not by the raw ISO text', () => {
    const m = build({ dataset: 'x', params: {}, data_version: 1, columns: [{ name: 'ordered_at', type: 'timestamp' }, { name: 'editable', type: 'boolean' }], rows: [['2026-11-26T09:03:00.123456Z', true]] });
    expect(m.columns.map((c) => c.widthPt)).toEqual([Math.round(16 * 6.2 + 18), Math.round('Editable'.length * 6.2 + 18)]);
  });
});

describe('the fake workbook shows the stock sheet as Excel would', () => {
  it('shows whole new quantities with separators and a typed fraction as typed', async () => {
    const fake = createFakeExcel();
    const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true });
    const stock: DatasetPayload = { dataset: 'stock', params: {}, data_version: 1, columns: [{ name: 'listing', type: 'string' }, { name: 'channel_quantity', type: 'integer' }, { name: 'version', type: 'string' }, { name: 'editable', type: 'boolean' }], rows: [['A', 6643, 'v1', true], ['B', 4, 'v1', true]] };
    await port.writeTable(build(stock));
    const sheet = fake.model.sheet('Stock');
    sheet.writeValues({ row: 5, column: 2, rowCount: 1, columnCount: 1 }, [[2.5]]);
    expect([displayText(sheet.raw(4, 2), shownFormat(sheet, 4, 2)), displayText(sheet.raw(5, 2), shownFormat(sheet, 5, 2))]).toEqual(['6,643', '2.5']);
  });
});

describe('seller-facing columns (issue 16, point 8)', () => {
  it('hides sort keys, the grouping and id columns that are empty in every row, and keeps the rest in API order', () => {
    const m = build({ dataset: 'inventory', params: {}, data_version: 1, columns: [{ name: 'sku', type: 'string' }, { name: 'location_id', type: 'string' }, { name: 'record_id', type: 'string' }, { name: 'days_of_supply', type: 'number' }, { name: 'days_of_supply_sort', type: 'number' }, { name: 'group_by', type: 'string' }], rows: [['A', 'FBA-US', null, null, 9999, 'sku'], ['B', 'OWN', '', 4, 4, 'sku']] });
    expect(m.columns.map((c) => [c.name, c.hidden])).toEqual([['sku', false], ['location_id', false], ['record_id', true], ['days_of_supply', false], ['days_of_supply_sort', true], ['group_by', true]]);
  });

  it('formats every 0–1 ratio as a percentage, durations with their milliseconds, and no float noise as -0.00', () => {
    const m = build({ dataset: 'return_reasons', params: {}, data_version: 1, columns: ['return_rate', 'reason_share', 'restock_rate', 'return_rate_change', 'fees_share_of_revenue', 'service_level', 'duration_s', 'demand_cv_weekly'].map((name) => ({ name, type: 'number' as const })), rows: [[0.1, 0.25, 1, 0.1 + 0.2 - 0.3 - 1e-17, 0.2, 0.95, 0.004, 1.3]] });
    expect(m.columns.map((c) => c.numberFormat)).toEqual(['0.0%', '0.0%', '0.0%', '0.0%', '0.0%', '0.0%', '#,##0.0##', '#,##0.00']);
    expect(Object.is(m.body[0][3], 0)).toBe(true);
    expect(displayText(m.body[0][6], m.columns[6].numberFormat)).toBe('0.004');
  });
});

describe('a Chinese sheet', () => {
  it('shows code values and TRUE/FALSE in Chinese, and its rules still find them', () => {
    const payload: DatasetPayload = { dataset: 'slow_movers', params: {}, data_version: 1, columns: [{ name: 'sku', type: 'string' }, { name: 'status', type: 'string' }, { name: 'rule_id', type: 'string' }, { name: 'is_dead_stock', type: 'boolean' }, { name: 'reason_code', type: 'string' }, { name: 'action_reason', type: 'string' }], rows: [['A', 'dead', 'DEAD_NO_SALES_N', true, 'NO_DEMAND', 'sells from pool FBA-US']] };
    const zh = build(payload, 'zh-CN');
    // Free text from the server (action_reason) is not a code: it stays as sent.
    expect(zh.body[0]).toEqual(['A', '滞销', '滞销（长期无销售）', '是', '无需求', 'sells from pool FBA-US']);
    const dead = zh.conditionalFormats.find((r) => r.purpose === 'dead stock');
    expect(dead?.formula).toContain('OR($D5=TRUE,$D5="是")');
    expect(dead?.formula).toContain('$B5="滞销"');
    // English keeps the API's codes, which filters and formulas people wrote rely on.
    expect(build(payload).body[0]).toEqual(['A', 'dead', 'DEAD_NO_SALES_N', true, 'NO_DEMAND', 'sells from pool FBA-US']);
  });
});
