import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dateToSerial, MAX_CELL_CHARS, needsQuotePrefix, safeText, serialToDate, timestampToSerial, toCell, utf8Length } from '../../../addin/core/cells';

const hostile: string[] = JSON.parse(readFileSync(join(__dirname, '../../fixtures/addin/hostile-strings.json'), 'utf8')).strings;

describe('safeText', () => {
  it.each(['=1+1', '+1', '-1+1', '@SUM(1,1)', '\t=1', '\r=1', '\n=1', '＝1+1', "'already quoted"])('quote-prefixes %j so Excel stores it as text', (s) => {
    expect(safeText(s)).toBe(`'${s}`);
  });

  it('leaves ordinary text, numbers-as-text and markup unchanged (markup is harmless in a cell)', () => {
    for (const s of ['Ordinary text', '00123', '2024-05-01', '<script>alert(1)</script>', '不符合描述 =1']) expect(safeText(s)).toBe(s);
  });

  it('prefixes every fixture string whose first character can start a formula, and only those', () => {
    for (const s of hostile) {
      const first = s.charAt(0);
      const dangerous = '=+-@\t\r\n＝＋－＠\''.includes(first);
      expect([s, needsQuotePrefix(s)]).toEqual([s, dangerous]);
      expect(safeText(s)).toBe(dangerous ? `'${s}` : s);
    }
  });

  it('cuts text to what an Excel cell holds, keeping the quote prefix outside the limit', () => {
    const long = '=' + 'x'.repeat(40_000);
    const out = safeText(long);
    expect(out.startsWith("'=")).toBe(true);
    expect(out.length - 1).toBeLessThanOrEqual(MAX_CELL_CHARS - 1);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('dates', () => {
  it('converts ISO dates to Excel serials (2024-01-01 is 45292, 2024-05-01 is 45413)', () => {
    expect(dateToSerial('2024-01-01')).toBe(45292);
    expect(dateToSerial('2024-05-01')).toBe(45413);
    expect(dateToSerial('1900-03-01')).toBe(61);
  });

  it('rejects impossible dates instead of rolling them over', () => {
    expect(dateToSerial('2024-02-30')).toBeNull();
    expect(dateToSerial('24-05-01')).toBeNull();
  });

  it('converts UTC timestamps to serial days with the time as a fraction', () => {
    expect(timestampToSerial('2024-05-01T12:00:00Z')).toBe(45413.5);
    expect(timestampToSerial('2024-05-01T06:00:00.000Z')).toBe(45413.25);
    expect(timestampToSerial('2024-05-01T00:00:00-06:00')).toBe(45413.25);
    expect(timestampToSerial('not a time')).toBeNull();
  });

  it('reads a serial back as the same ISO date', () => {
    expect(serialToDate(45413)).toBe('2024-05-01');
  });

  it("keeps dates before 1900-03-01 on their day despite Excel's 1900 leap-year bug", () => {
    // Excel: 1900-01-01 is 1, 1900-02-28 is 59, 60 is its 29 February 1900, 1900-03-01 is 61
    expect(dateToSerial('1900-01-01')).toBe(1);
    expect(dateToSerial('1900-02-28')).toBe(59);
    expect(dateToSerial('1899-12-31')).toBeNull(); // no serial: written as text
    expect(timestampToSerial('1900-02-28T12:00:00Z')).toBe(59.5);
    for (const date of ['1900-01-01', '1900-02-28', '1900-03-01', '1999-12-31']) expect(serialToDate(dateToSerial(date)!)).toBe(date);
    expect(toCell('1899-12-31', 'date')).toBe('1899-12-31');
  });
});

describe('toCell', () => {
  it('writes null as an empty cell for every type', () => {
    for (const type of ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const) expect(toCell(null, type)).toBe('');
  });

  it('keeps numbers as numbers and parses numeric text from the API', () => {
    expect(toCell(12.5, 'number')).toBe(12.5);
    expect(toCell('7', 'integer')).toBe(7);
  });

  it('writes a non-number in a numeric column as safe text rather than dropping it', () => {
    expect(toCell('=1+1', 'number')).toBe("'=1+1");
    expect(toCell(Number.NaN, 'number')).toBe("NaN");
  });

  it('writes dates and timestamps as serials', () => {
    expect(toCell('2024-05-01', 'date')).toBe(45413);
    expect(toCell('2024-05-01T12:00:00.000Z', 'timestamp')).toBe(45413.5);
  });

  it('sanitises every hostile string in a string column', () => {
    for (const s of hostile) expect(toCell(s, 'string')).toBe(safeText(s));
  });

  it('serialises objects as JSON text', () => {
    expect(toCell({ a: 1 }, 'string')).toBe('{"a":1}');
  });
});

describe('utf8Length', () => {
  it('counts bytes like TextEncoder for ASCII, CJK and astral characters', () => {
    for (const s of ['abc', '不符合描述', '😀x', 'é']) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});
