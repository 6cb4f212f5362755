import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../../pipeline/errors';
import { detectReport } from '../../../pipeline/ingest';
import { REPORTS } from '../../../pipeline/ingest/registry';
import { readWorkbook, workbookSignature } from '../../../pipeline/ingest/xlsx/workbook';
import { writeWorkbook } from '../../fixtures/ingest/xlsx/workbooks';

const INVENTORY = ['snapshot_date', 'location_id', 'sku', 'on_hand', 'available'];

describe('xlsx workbook reader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-xlsx-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a sheet with its preamble and left-out rows so that line N of the text is sheet row N', async () => {
    const file = join(dir, 'stock.xlsx');
    await writeWorkbook(file, [
      {
        name: 'Stock',
        rows: [
          ['Leeds 3PL stock report', 'generated\nnightly'],
          null, // row 2 is not in the file at all
          INVENTORY,
          ['2024-12-31', '3PL-UK-1', 'CB-001', 250, 240],
          null,
          ['2024-12-31', '3PL-UK-1', 'KS-002', 3, 3, 'a note right of the table'],
        ],
      },
    ]);
    const book = await readWorkbook(file, REPORTS);
    try {
      expect(book.sheets.map((s) => [s.sheet, s.sniffed.spec.kind, s.sniffed.skipLines, s.sniffed.header])).toEqual([['Stock', 'crossdock/inventory', 3, INVENTORY]]);
      expect(readFileSync(book.sheets[0].textPath, 'utf8')).toBe(
        ['Leeds 3PL stock report,generated nightly', ',', INVENTORY.join(','), '2024-12-31,3PL-UK-1,CB-001,250,240', ',', '2024-12-31,3PL-UK-1,KS-002,3,3', ''].join('\n'),
      );
    } finally {
      rmSync(book.dir, { recursive: true, force: true });
    }
  });

  it('writes what the cells store: dates as ISO, formulas as their results, rich text as its text', async () => {
    const file = join(dir, 'typed.xlsx');
    const header = ['channel', 'marketplace', 'return_id', 'sku', 'quantity', 'returned_at', 'restocked', 'comment', 'refund_amount'];
    await writeWorkbook(file, [
      {
        name: 'Returns',
        rows: [
          header,
          [
            'aliexpress',
            'US',
            { formula: '"AE-"&ROW()', result: 'AE-2' },
            { richText: [{ text: 'CB-' }, { font: { bold: true }, text: '001' }] },
            { formula: '1+1', result: 2 },
            { value: new Date(Date.UTC(2025, 0, 5, 9, 30)), numFmt: 'dd/mm/yyyy hh:mm' },
            true,
            'arrived, "cracked"',
            { value: 0.1 + 0.2, numFmt: '"€"#,##0.00' },
          ],
          ['aliexpress', 'US', 'AE-3', 'KS-002', 1, { value: { formula: 'DATE(2025,1,6)', result: 45663 }, numFmt: 'yyyy-mm-dd' }, false, null, 12.5],
        ],
      },
    ]);
    const book = await readWorkbook(file, REPORTS);
    try {
      expect(readFileSync(book.sheets[0].textPath, 'utf8').split('\n').slice(1)).toEqual([
        'aliexpress,US,AE-2,CB-001,2,2025-01-05 09:30:00,true,"arrived, ""cracked""",0.3',
        'aliexpress,US,AE-3,KS-002,1,2025-01-06,false,,12.5',
        '',
      ]);
    } finally {
      rmSync(book.dir, { recursive: true, force: true });
    }
  });

  it('writes an Amazon sheet tab-separated and unquoted, as Amazon writes the report', async () => {
    const file = join(dir, 'myi.xlsx');
    const header = ['sku', 'fnsku', 'asin', 'product-name', 'afn-listing-exists', 'afn-warehouse-quantity', 'afn-fulfillable-quantity', 'afn-unsellable-quantity', 'afn-reserved-quantity'];
    await writeWorkbook(file, [{ name: 'Inventory', rows: [header, ['CB-001', 'X001', 'B001', 'Board, "Pro"\tXL', 'Yes', 12, 10, 1, 1]] }]);
    const book = await readWorkbook(file, REPORTS);
    try {
      expect(book.sheets[0].sniffed.spec.kind).toBe('amazon/fba_inventory');
      expect(readFileSync(book.sheets[0].textPath, 'utf8').split('\n')[1]).toBe('CB-001\tX001\tB001\tBoard, "Pro" XL\tYes\t12\t10\t1\t1');
    } finally {
      rmSync(book.dir, { recursive: true, force: true });
    }
  });

  it('skips hidden and empty sheets and explains a sheet that is no report', async () => {
    const file = join(dir, 'mixed.xlsx');
    await writeWorkbook(file, [
      { name: 'Secret', state: 'hidden', rows: [INVENTORY, ['2024-12-31', 'OWN', 'CB-001', 1, 1]] },
      { name: 'Blank', rows: [[null, null]] },
      { name: 'Notes', rows: [['sku', 'quantity'], ['CB-001', 3]] },
      { name: 'Stock', rows: [INVENTORY, ['2024-12-31', 'OWN', 'CB-001', 1, 1]] },
    ]);
    const book = await readWorkbook(file, REPORTS);
    try {
      expect(book.sheets.map((s) => s.sheet)).toEqual(['Stock']);
      expect(book.skipped).toEqual([
        { sheet: 'Secret', why: 'hidden' },
        { sheet: 'Blank', why: 'empty' },
      ]);
      expect(book.refused.map((r) => [r.sheet, r.error.code])).toEqual([['Notes', 'CD_INGEST_UNKNOWN_REPORT']]);
      // (the hint after it is sniff.ts's, the same as for a CSV with this header)
      expect(book.refused[0].error.message).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}, sheet "Notes": the header matches no supported report`));
    } finally {
      rmSync(book.dir, { recursive: true, force: true });
    }
  });

  it('refuses a sheet whose header names a used column twice and still reads the sheets after it', async () => {
    const file = join(dir, 'dup.xlsx');
    const rows = Array.from({ length: 2000 }, (_, i) => ['2024-12-31', 'OWN', `S-${i}`, 1, 1, `S-${i}`]);
    await writeWorkbook(file, [
      { name: 'Dup', rows: [[...INVENTORY, 'sku'], ...rows] },
      { name: 'Stock', rows: [INVENTORY, ['2024-12-31', 'OWN', 'CB-001', 1, 1]] },
    ]);
    const book = await readWorkbook(file, REPORTS);
    try {
      expect(book.sheets.map((s) => s.sheet)).toEqual(['Stock']);
      expect(book.refused.map((r) => [r.sheet, r.error.code])).toEqual([['Dup', 'CD_INGEST_DUPLICATE_COLUMN']]);
      expect(book.refused[0].error.message).toMatch(/, sheet "Dup": the header of this Crossdock .* names column "sku" 2 times \(columns 3, 6\)/);
    } finally {
      rmSync(book.dir, { recursive: true, force: true });
    }
  });

  it('tells a zip and an OLE2 file from text by their first bytes', async () => {
    const csv = join(dir, 'a.csv');
    writeFileSync(csv, 'sku,title\n');
    const xlsx = join(dir, 'a.xlsx');
    await writeWorkbook(xlsx, [{ name: 'S', rows: [['a', 'b']] }]);
    const xls = join(dir, 'a.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(await workbookSignature(csv)).toBeUndefined();
    expect(await workbookSignature(xlsx)).toBe('zip');
    expect(await workbookSignature(xls)).toBe('ole2');
    // detectReport reads text reports only: it points a workbook to the ingest that reads it.
    await expect(detectReport(xlsx)).rejects.toThrow(/binary file, not a CSV\/TSV report \(an Excel workbook or zip archive, which `crossdock ingest` \(ingestWorkbook\) reads sheet by sheet\)/);
  });

  it('refuses a damaged workbook with a DataError naming the file and what to do', async () => {
    const file = join(dir, 'cut.xlsx');
    await writeWorkbook(file, [{ name: 'Stock', rows: [INVENTORY, ['2024-12-31', 'OWN', 'CB-001', 1, 1]] }]);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2))); // a download cut short
    const attempt = readWorkbook(file, REPORTS);
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toMatchObject({ code: 'CD_INGEST_XLSX_UNREADABLE' });
    await expect(attempt).rejects.toThrow(new RegExp(`^${file.replace(/[.]/g, '\\.')}: could not be read as an Excel workbook .*Download or save it again`));
  });
});
