import { cellText, excelSerialToDate, FORMULA_ERROR_TEXT, isDateFormat, isoDateTime, plainNumber, recordLine } from '../../../pipeline/ingest/xlsx/cells';

describe('xlsx cell text', () => {
  it('writes numbers as plain decimals, without exponent or binary float noise', () => {
    expect(plainNumber(3)).toBe('3');
    expect(plainNumber(-12.5)).toBe('-12.5');
    expect(plainNumber(0.1 + 0.2)).toBe('0.3'); // stored as 0.30000000000000004
    expect(plainNumber(12.990000000000002)).toBe('12.99');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1.5e-7)).toBe('0.00000015');
    expect(plainNumber(-1.2345e-7)).toBe('-0.00000012345');
    expect(plainNumber(123456789.125)).toBe('123456789.125');
    expect(plainNumber(Number.NaN)).toBe('');
  });

  it('keeps every digit of a whole number up to 2^53 (an order number a program wrote)', () => {
    expect(plainNumber(8180123456789012)).toBe('8180123456789012');
    expect(plainNumber(7000000001)).toBe('7000000001');
  });

  it('writes dates as ISO, with the time only when it is not midnight, rounded to the second', () => {
    expect(isoDateTime(new Date(Date.UTC(2025, 4, 11)))).toBe('2025-05-11');
    expect(isoDateTime(new Date(Date.UTC(2025, 4, 11, 9, 55, 16)))).toBe('2025-05-11 09:55:16');
    expect(isoDateTime(new Date(Date.UTC(2025, 4, 11, 9, 29, 59, 999)))).toBe('2025-05-11 09:30:00');
  });

  it('reads Excel day numbers in both date systems', () => {
    // 45788 is 2025-05-11 in the 1900 system; 09:30 is 0.3958333… of a day.
    expect(isoDateTime(excelSerialToDate(45788))).toBe('2025-05-11');
    expect(isoDateTime(excelSerialToDate(45788 + 9.5 / 24))).toBe('2025-05-11 09:30:00');
    expect(isoDateTime(excelSerialToDate(45788 - 1462, true))).toBe('2025-05-11');
  });

  it('tells date formats from number formats, ignoring quoted text and [colour]/[$€] parts', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('m/d/yy h:mm')).toBe(true);
    expect(isDateFormat('[$-409]d-mmm-yy;@')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('[Red]#,##0.00')).toBe(false);
    expect(isDateFormat('"days "0')).toBe(false);
    expect(isDateFormat('#,##0.00 [$€-407]')).toBe(false);
    expect(isDateFormat(undefined)).toBe(false);
  });

  it('gives each kind of cell value its text', () => {
    expect(cellText({ value: null })).toBe('');
    expect(cellText({ value: 'Knife Set' })).toBe('Knife Set');
    expect(cellText({ value: 2 })).toBe('2');
    expect(cellText({ value: true })).toBe('true');
    expect(cellText({ value: false })).toBe('false');
    expect(cellText({ value: new Date(Date.UTC(2024, 11, 31)) })).toBe('2024-12-31');
    expect(cellText({ value: { richText: [{ text: 'Bamboo ' }, { text: 'Board' }] } })).toBe('Bamboo Board');
    expect(cellText({ value: { formula: 'B2*C2', result: 29.98 } })).toBe('29.98');
    expect(cellText({ value: { formula: 'A2&"-1"', result: 'CB-001-1' } })).toBe('CB-001-1');
    expect(cellText({ value: { sharedFormula: 'D2', result: 4 } })).toBe('4');
    // A formula's date result comes as the day number; its format says it is a date.
    expect(cellText({ value: { formula: 'TODAY()', result: 45788 }, numFmt: 'yyyy-mm-dd' })).toBe('2025-05-11');
    expect(cellText({ value: { formula: '1/0', result: Number.NaN } })).toBe(FORMULA_ERROR_TEXT);
    expect(cellText({ value: { error: '#N/A' } })).toBe('#N/A');
    expect(cellText({ value: { text: 'shop', hyperlink: 'https://example.com' } })).toBe('shop');
  });
});

describe('xlsx record lines', () => {
  const csv = { delimiter: ',', quoted: true } as const;
  const tsv = { delimiter: '\t', quoted: false } as const;

  it('quotes CSV cells holding the delimiter, a quote or a line break, and keeps the line break', () => {
    expect(recordLine(['#2001', 'Leeds 3PL, Unit 4', 'say "hi"', 'Leave at the door,\nback porch', ''], csv)).toBe(
      '#2001,"Leeds 3PL, Unit 4","say ""hi""","Leave at the door,\nback porch",',
    );
  });

  it('puts rows before the data on one physical line each', () => {
    expect(recordLine(['Report for\nMay', 'x'], csv, true)).toBe('Report for May,x');
  });

  it('writes unquoted TSV cells as Amazon does: quotes as they are, a tab or line break as one space', () => {
    expect(recordLine(['Bamboo Board, Large "Pro"', 'a\tb', 'line\r\nbreak'], tsv)).toBe('Bamboo Board, Large "Pro"\ta b\tline break');
  });

  it('writes an empty row as one delimiter, a record of empty cells, not a blank line', () => {
    expect(recordLine([], csv)).toBe(',');
    expect(recordLine([], tsv)).toBe('\t');
    expect(recordLine(['only'], csv)).toBe('only,');
  });
});
