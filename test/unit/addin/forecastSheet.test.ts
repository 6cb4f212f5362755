// The Forecast sheet: a line chart of history, forecast and its band for one SKU, drawn by the
// Excel adapter against the fake host; and the forecast_accuracy sheet's highlighting.
import { presentationFor } from '../../../addin/core/datasets';
import { buildTableModel, type DatasetPayload } from '../../../addin/core/tableModel';
import { OfficeWorkbook, type ExcelRun } from '../../../addin/excel/officeWorkbook';
import { createFakeExcel, evaluateRule } from '../../support/fakeExcel';

const now = new Date('2026-11-26T17:05:00Z');
const model = (payload: DatasetPayload, locale: 'en' | 'zh-CN' = 'en') => buildTableModel(payload, { locale, now, presentation: presentationFor(payload.dataset, payload.columns) });

const forecastColumns = [
  { name: 'sku', type: 'string' },
  { name: 'pool_id', type: 'string' },
  { name: 'row_kind', type: 'string' },
  { name: 'period_start_date', type: 'date' },
  { name: 'actual_units', type: 'number' },
  { name: 'forecast_units', type: 'number' },
  { name: 'lower_units', type: 'number' },
  { name: 'upper_units', type: 'number' },
] as const;

// A's two pools, history 2026-11-16 and the split origin week 2026-11-23, forecast 2026-11-23 and
// 2026-11-30; then another SKU, which the chart leaves out.
const forecastRows = [
  ['A', 'FBA-NA', 'history', '2026-11-16', 5, null, null, null],
  ['A', 'FBA-NA', 'history', '2026-11-23', 2, null, null, null],
  ['A', 'FBA-NA', 'forecast', '2026-11-23', null, 3, 1, 6],
  ['A', 'FBA-NA', 'forecast', '2026-11-30', null, 7, 4, 11],
  ['A', 'OWN', 'history', '2026-11-16', 1, null, null, null],
  ['A', 'OWN', 'forecast', '2026-11-30', null, 2.25, 1, 3],
  ['B', 'OWN', 'history', '2026-11-16', 100, null, null, null],
];
const forecast: DatasetPayload = { dataset: 'forecast', params: { grain: 'week', sku: 'A' }, data_version: 4, columns: [...forecastColumns], rows: forecastRows };

describe('the Forecast sheet', () => {
  it('charts the first SKU as lines of actual, forecast, low and high, its pools summed per period', () => {
    const [chart] = model(forecast).charts;
    expect(chart).toMatchObject({ name: 'Forecast', kind: 'Line', title: 'Forecast for A: history, forecast and its 10–90 % band' });
    expect(chart.header).toEqual(['Period start', 'Actual units', 'Forecast units', 'Forecast low (10 %)', 'Forecast high (90 %)']);
    expect(chart.rows).toEqual([
      ['2026-11-16', 6, null, null, null],
      ['2026-11-23', 2, 3, 1, 6],
      ['2026-11-30', null, 9.25, 5, 14],
    ]);
  });

  it('draws the line chart beside a block with one column per series, empty where a series has no point', async () => {
    const fake = createFakeExcel();
    const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true });
    const m = model(forecast);
    await port.writeTable(m);
    const sheet = fake.model.sheet('Forecast');
    expect(sheet.charts.map((c) => [c.name, c.type, c.title])).toEqual([['Crossdock_forecast_Forecast', 'Line', 'Forecast for A: history, forecast and its 10–90 % band']]);
    const { row, column } = m.charts[0];
    expect(sheet.readValues({ row, column, rowCount: 4, columnCount: 5 })).toEqual([
      ['Period start', 'Actual units', 'Forecast units', 'Forecast low (10 %)', 'Forecast high (90 %)'],
      ['2026-11-16', 6, '', '', ''],
      ['2026-11-23', 2, 3, 1, 6],
      ['2026-11-30', '', 9.25, 5, 14],
    ]);
  });

  it('names the chart in Chinese on a Chinese sheet', () => {
    expect(model(forecast, 'zh-CN').charts[0].title).toBe('A 的需求预测：历史、预测及 10%–90% 区间');
  });
});

describe('the forecast accuracy sheet', () => {
  const accuracy = (locale: 'en' | 'zh-CN') =>
    model(
      {
        dataset: 'forecast_accuracy',
        params: {},
        data_version: 4,
        columns: [
          { name: 'sku', type: 'string' },
          { name: 'accuracy_flag', type: 'string' },
          { name: 'wape', type: 'number' },
          { name: 'is_better_than_snaive', type: 'boolean' },
        ],
        rows: [
          ['A', 'POOR', 1.4, true],
          ['B', 'BIASED', 0.3, false],
          ['C', 'OK', 0.2, true],
        ],
      },
      locale,
    );

  it.each(['en', 'zh-CN'] as const)('fills POOR red, BIASED amber and "no better than seasonal naive" amber (%s)', async (locale) => {
    const fake = createFakeExcel();
    const port = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true });
    const m = accuracy(locale);
    await port.writeTable(m);
    const sheet = fake.model.sheet(m.sheetName);
    const body = m.headerRow + 1;
    expect([0, 1, 2].map((i) => evaluateRule(sheet, body + i, 1)?.fill ?? null)).toEqual(['#FFC7CE', '#FFEB9C', null]);
    expect([0, 1, 2].map((i) => evaluateRule(sheet, body + i, 3)?.fill ?? null)).toEqual([null, '#FFEB9C', null]);
  });
});
