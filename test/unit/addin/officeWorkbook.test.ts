// The Excel adapter against the fake: what lands in cells, how batches are sized, refresh in
// place, protection, and reading columns back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presentationFor } from '../../../addin/core/datasets';
import { buildTableModel, type DatasetPayload } from '../../../addin/core/tableModel';
import { OfficeWorkbook, type ExcelRun } from '../../../addin/excel/officeWorkbook';
import { diffStockEdits, STOCK_READ_COLUMNS, stockColumnWrites, type StockColumns } from '../../../addin/core/stock';
import { createFakeExcel, evaluateRule } from '../../support/fakeExcel';

const hostile: string[] = JSON.parse(readFileSync(join(__dirname, '../../fixtures/addin/hostile-strings.json'), 'utf8')).strings;
const now = new Date('2026-11-26T17:05:00Z');

function setup(options: { resize?: boolean } = {}) {
  const fake = createFakeExcel();
  const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: (v) => options.resize !== false || v < '1.13' });
  return { fake, port };
}

function model(payload: DatasetPayload, locale: 'en' | 'zh-CN' = 'en') {
  return buildTableModel(payload, { locale, now, presentation: presentationFor(payload.dataset, payload.columns) });
}

const inventory = (rows: unknown[][]): DatasetPayload => ({
  dataset: 'inventory',
  params: { as_of: '2026-11-25' },
  data_version: 3,
  columns: [
    { name: 'sku', type: 'string' },
    { name: 'title', type: 'string' },
    { name: 'snapshot_date', type: 'date' },
    { name: 'on_hand_units', type: 'integer' },
    { name: 'value_at_cost_base', type: 'number' },
    { name: 'days_of_supply', type: 'number' },
  ],
  rows,
});

describe('writeTable', () => {
  it('writes a typed, named, formatted table with a stamp, frozen header and widths', async () => {
    const { fake, port } = setup();
    await port.writeTable(model(inventory([['A-1', 'Mug', '2026-11-25', 40, 123.456, 5], ['00123', 'Lamp', '2026-11-24', 2, 10, 60]])));
    const s = fake.model.sheet('Inventory');
    expect(s.raw(0, 0)).toBe('Inventory');
    expect(s.raw(1, 0)).toBe('Refreshed 2026-11-26 17:05 UTC · data version 3 · as_of=2026-11-25');
    expect(fake.model.tableRecords('Crossdock_inventory')).toEqual([
      { SKU: 'A-1', Title: 'Mug', 'Stock date': 46351, 'On hand': 40, 'Stock value at cost (base)': 123.456, 'Days of supply': 5 },
      { SKU: '00123', Title: 'Lamp', 'Stock date': 46350, 'On hand': 2, 'Stock value at cost (base)': 10, 'Days of supply': 60 },
    ]);
    expect(s.info(5, 0)).toMatchObject({ kind: 'text', value: '00123', numberFormat: '@' });
    expect(s.info(4, 2).numberFormat).toBe('yyyy-mm-dd');
    expect(s.info(4, 4).numberFormat).toBe('#,##0.00;[Red]-#,##0.00');
    expect(s.frozenRows).toBe(4);
    expect(s.columnWidths.size).toBe(6);
    // The low-days-of-supply rule is true for 5 days and false for 60.
    expect(evaluateRule(s, 4, 5)?.fill).toBe('#FFEB9C');
    expect(evaluateRule(s, 5, 5)).toBeNull();
  });

  it('stores every hostile string as the same text, never as a formula or a number', async () => {
    const { fake, port } = setup();
    await port.writeTable(model(inventory(hostile.map((h, i) => [`S${i}`, h, null, null, null, null]))));
    const s = fake.model.sheet('Inventory');
    hostile.forEach((h, i) => {
      const info = s.info(4 + i, 1);
      expect([h, info.kind, info.value]).toEqual([h, 'text', h]);
    });
  });

  it('stays under 4 MB per sync for 100,000 rows and syncs ⌈bytes / 4 MB⌉ + a few times', async () => {
    const { fake, port } = setup();
    const rows = Array.from({ length: 100_000 }, (_, i) => [`SKU-${i}`, `Product title number ${i}`, '2026-11-25', i, i * 1.5, i % 40]);
    await port.writeTable(model(inventory(rows)));
    const stats = fake.stats();
    expect(stats.maxBatchBytes).toBeLessThanOrEqual(4_000_000 + 10_000);
    const bodyBatches = Math.ceil(stats.totalBytes / 4_000_000);
    expect(stats.syncs).toBeLessThanOrEqual(bodyBatches + 5);
    expect(fake.model.sheet('Inventory').raw(100_003, 0)).toBe('SKU-99999');
  });

  it('fails loudly if the batches were planned larger than Excel accepts', async () => {
    const fake = createFakeExcel();
    const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true, limits: { maxBytes: 50_000_000, maxCells: 5_000_000 } });
    const rows = Array.from({ length: 60_000 }, (_, i) => [`SKU-${i}`, 'x'.repeat(80), '2026-11-25', i, i, i]);
    await expect(port.writeTable(model(inventory(rows)))).rejects.toThrow(/RequestPayloadSizeLimitExceeded/);
  });

  it('replaces the table in place on refresh: same name, new size, old rows cleared, one chart', async () => {
    const { fake, port } = setup();
    const reasons = (rows: unknown[][]): DatasetPayload => ({ dataset: 'return_reasons', params: {}, data_version: 1, columns: [{ name: 'sku', type: 'string' }, { name: 'reason', type: 'string' }, { name: 'return_units', type: 'integer' }], rows });
    await port.writeTable(model(reasons([['A', 'damaged', 3], ['B', 'late', 1], ['C', 'late', 1]])));
    await port.writeTable(model(reasons([['A', 'damaged', 5]])));
    const s = fake.model.sheet('Return reasons');
    expect(fake.model.tables.map((t) => t.name)).toEqual(['Crossdock_return_reasons']);
    expect(fake.model.tableRecords('Crossdock_return_reasons')).toEqual([{ SKU: 'A', Reason: 'damaged', 'Return units': 5 }]);
    expect(s.raw(5, 0)).toBe('');
    expect(s.charts.map((c) => [c.name, c.type])).toEqual([['Crossdock_return_reasons_ReturnReasons', 'Pie']]);
    expect(s.readValues({ row: 3, column: 4, rowCount: 3, columnCount: 2 })).toEqual([['Reason', 'Return units'], ['damaged', 5], ['', '']]);
    expect(s.conditionalFormats.length).toBe(0);
  });

  it('recreates the table when Table.resize is not available (ExcelApi < 1.13)', async () => {
    const { fake, port } = setup({ resize: false });
    await port.writeTable(model(inventory([['A', 't', null, 1, 1, 1], ['B', 't', null, 1, 1, 1]])));
    await port.writeTable(model(inventory([['C', 't', null, 1, 1, 1]])));
    expect(fake.model.tableRecords('Crossdock_inventory').map((r) => r.SKU)).toEqual(['C']);
    expect(fake.model.sheet('Inventory').raw(5, 0)).toBe('');
  });

  it('does not overwrite a user sheet that already has the name', async () => {
    const { fake, port } = setup();
    fake.model.addSheet('Inventory').writeValues({ row: 0, column: 0, rowCount: 1, columnCount: 1 }, [['my notes']]);
    await port.writeTable(model(inventory([['A', 't', null, 1, 1, 1]])));
    expect(fake.model.sheet('Inventory').raw(0, 0)).toBe('my notes');
    expect(fake.model.findTable('Crossdock_inventory')?.sheet.name).toBe('Inventory (2)');
  });
});

describe('the stock sheet', () => {
  const stock: DatasetPayload = {
    dataset: 'stock',
    params: {},
    data_version: 9,
    columns: [
      { name: 'listing', type: 'string' },
      { name: 'sku', type: 'string' },
      { name: 'channel', type: 'string' },
      { name: 'channel_quantity', type: 'integer' },
      { name: 'version', type: 'integer' },
      { name: 'editable', type: 'boolean' },
    ],
    rows: [['L1', 'A', 'shopify', 5, 1, true], ['L2', 'B', 'amazon', 7, 4, false], ['L3', 'C', 'ebay', 0, 2, true]],
  };

  it('protects the sheet with only new quantity unlocked, the keys frozen and the baseline and raw version hidden', async () => {
    const { fake, port } = setup();
    await port.writeTable(model(stock));
    const s = fake.model.sheet('Stock');
    expect(s.protected).toBe(true);
    expect(s.isLocked(4, 4)).toBe(false); // new_quantity
    expect(s.isLocked(4, 3)).toBe(true); // channel_quantity
    expect(s.isLocked(4, 5)).toBe(true); // status
    expect([...s.hiddenColumns].sort((a, b) => a - b)).toEqual([9, 10, 11]);
    // Listing and SKU stay in view while scrolling right, with the header rows.
    expect([s.frozenRows, s.frozenColumns]).toEqual([4, 2]);
  });

  it('selects a row\'s cell by column name on the table\'s sheet, brought to the front', async () => {
    const { fake, port } = setup();
    await port.writeTable(model(stock));
    fake.model.addSheet('Other');
    fake.model.activeSheet = fake.model.sheet('Other');
    await port.selectCell('Crossdock_stock', 2, 'new_quantity');
    expect(fake.model.activeSheet?.name).toBe('Stock');
    expect(fake.model.selection?.rect).toEqual({ row: 6, column: 4, rowCount: 1, columnCount: 1 });
    await expect(port.selectCell('Crossdock_stock', 3, 'new_quantity')).rejects.toThrow(/no row 4/);
  });

  it('refreshes a protected stock sheet again without AccessDenied', async () => {
    const { fake, port } = setup();
    await port.writeTable(model(stock));
    await port.writeTable(model(stock, 'zh-CN'));
    expect(fake.model.sheet('Stock').protected).toBe(true);
  });

  it('reads edits back by header in either language and writes statuses into the protected sheet', async () => {
    const { fake, port } = setup();
    await port.writeTable(model(stock, 'zh-CN'));
    const s = fake.model.sheet('库存推送');
    // The user types 3 into new_quantity of L1 (allowed: the cell is unlocked).
    s.writeValues({ row: 4, column: 4, rowCount: 1, columnCount: 1 }, [[3]]);
    const read = await port.readColumns('Crossdock_stock', STOCK_READ_COLUMNS);
    expect(read?.missing).toEqual([]);
    const cols = read?.columns as StockColumns;
    const diff = diffStockEdits(cols);
    expect(diff.edits).toEqual([{ row: 0, listing: 'L1', expected_version: 1, new_quantity: 3, baseline_quantity: 5, channel_quantity: 5 }]);
    // The rule for "edited, not pushed" now lights up the cell.
    expect(evaluateRule(s, 4, 4)?.fill).toBe('#FFF2CC');

    await port.writeColumns('Crossdock_stock', stockColumnWrites(cols, [{ row: 0, status: 'applied', message: '', newBaseline: { quantity: 3, version: 2, channelQuantity: 3 } }], 'zh-CN', 'integer'));
    expect(s.protected).toBe(true);
    expect(s.readValues({ row: 4, column: 0, rowCount: 1, columnCount: 12 })[0]).toEqual(['L1', 'A', 'shopify', 3, 3, '已应用', '', '', '是', 2, 3, 2]);
    expect(evaluateRule(s, 4, 5)?.fill).toBe('#C6EFCE');
    expect(evaluateRule(s, 4, 4)).toBeNull();
  });

  it('reads large tables in several blocks and returns null for a missing table', async () => {
    const fake = createFakeExcel();
    const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true, limits: { maxBytes: 20_000, maxCells: 5_000_000 } });
    const rows = Array.from({ length: 500 }, (_, i) => [`L${i}`, 'A', 'shopify', i, 1, true]);
    await port.writeTable(model({ ...stock, rows }));
    const before = fake.stats().syncs;
    const read = await port.readColumns('Crossdock_stock', ['listing', 'new_quantity']);
    expect(read?.columns.listing.length).toBe(500);
    expect(read?.columns.new_quantity[499]).toBe(499);
    expect(fake.stats().syncs - before).toBeGreaterThan(3);
    expect(await port.readColumns('Crossdock_nope', ['listing'])).toBeNull();
  });

  it('refreshes in place on an Excel with only the manifest\'s ExcelApi 1.9: the table is re-created under its name', async () => {
    const fake = createFakeExcel();
    fake.model.apiVersion = '1.9';
    const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: (v) => Number(v.split('.')[1]) <= 9 });
    await port.writeTable(model(stock));
    await port.writeTable(model({ ...stock, rows: stock.rows.slice(0, 2) }));
    expect(fake.model.tableRecords('Crossdock_stock').map((r) => r.Listing)).toEqual(['L1', 'L2']);
    expect(fake.model.sheet('Stock').protected).toBe(true);
    // The same Excel refuses Table.resize: an adapter that did not check would fail here.
    const unchecked = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true });
    await expect(unchecked.writeTable(model(stock))).rejects.toThrow(/ApiNotFound: Table.resize/);
  });
});

