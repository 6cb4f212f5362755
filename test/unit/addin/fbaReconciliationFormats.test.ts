// The fba_reconciliation sheet fills the cells a seller claims from Amazon: the dataset
// presentation's rule picks the "claimable_*" number columns, the Excel writer adds it.
import { CLAIMABLE, presentationFor } from '../../../addin/core/datasets';
import { headerLabel } from '../../../addin/core/headers';
import { getDataset } from '../../../pipeline/analytics/registry';
import { buildTableModel, type DatasetPayload } from '../../../addin/core/tableModel';
import { OfficeWorkbook, type ExcelRun } from '../../../addin/excel/officeWorkbook';
import { createFakeExcel, evaluateRule } from '../../support/fakeExcel';

const payload: DatasetPayload = {
  dataset: 'fba_reconciliation',
  params: { as_of: '2025-06-30' },
  data_version: 7,
  columns: [
    { name: 'sku', type: 'string' },
    { name: 'lost_units', type: 'integer' },
    { name: 'claimable_units', type: 'integer' },
    { name: 'claimable_value_base', type: 'number' },
    { name: 'claim_status', type: 'string' },
  ],
  rows: [
    ['LED-A', 6, 5, 40, 'CLAIM_LOST'],
    ['LED-B', 2, 0, 0, 'WAIT'],
    ['LED-C', 0, null, null, 'RECONCILED'],
  ],
};

describe('claimable cells highlighted when > 0', () => {
  it('writes one rule per claimable number column, relative to the first body row, and none for other quantities or text', () => {
    const model = buildTableModel(payload, { locale: 'en', now: new Date('2025-07-01T08:00:00Z'), presentation: presentationFor(payload.dataset, payload.columns) });
    const row = model.headerRow + 2; // the first body row, 1-based
    expect(model.conditionalFormats.filter((r) => r.purpose.startsWith('claimable'))).toEqual([
      { purpose: 'claimable claimable_units', firstColumn: 2, lastColumn: 2, formula: `=AND(ISNUMBER($C${row}),$C${row}>0)`, ...CLAIMABLE },
      { purpose: 'claimable claimable_value_base', firstColumn: 3, lastColumn: 3, formula: `=AND(ISNUMBER($D${row}),$D${row}>0)`, ...CLAIMABLE },
    ]);
  });

  it('fills the claimable cells above zero in the written sheet and leaves zero and empty cells alone', async () => {
    const fake = createFakeExcel();
    const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true });
    const model = buildTableModel(payload, { locale: 'en', now: new Date('2025-07-01T08:00:00Z'), presentation: presentationFor(payload.dataset, payload.columns) });
    await port.writeTable(model);
    const sheet = fake.model.sheet(model.sheetName);
    const body = model.headerRow + 1;
    expect(evaluateRule(sheet, body, 2)?.fill).toBe(CLAIMABLE.fill); // 5 units
    expect(evaluateRule(sheet, body, 3)?.fill).toBe(CLAIMABLE.fill); // 40.00
    expect(evaluateRule(sheet, body, 1)).toBeNull(); // lost_units is not a claim
    expect(evaluateRule(sheet, body + 1, 2)).toBeNull(); // 0
    expect(evaluateRule(sheet, body + 2, 2)).toBeNull(); // empty
  });
});

describe('fba_reconciliation headers', () => {
  it('has a Chinese header for every column, English left only in SKU, FNSKU and ID', () => {
    for (const column of getDataset('fba_reconciliation').columns) {
      expect([column.name, headerLabel(column.name, 'zh-CN').replace(/FNSKU|SKU|ID/g, '')]).toEqual([column.name, expect.not.stringMatching(/[A-Za-z]/)]);
    }
    expect(headerLabel('claimable_value_at_price_base', 'zh-CN')).toBe('可索赔金额（按售价，本币）');
    expect(headerLabel('days_to_deadline', 'zh-CN')).toBe('距索赔截止天数');
    expect(headerLabel('claimable_value_at_price_base', 'en')).toBe('Claimable value at price (base)');
  });
});
