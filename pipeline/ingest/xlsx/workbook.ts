// Reads an Excel workbook (.xlsx) as a stream (exceljs's streaming WorkbookReader: rows are read
// one by one, never the whole sheet in memory) and writes every visible sheet whose header is a
// known report to a temporary text file in that report's own layout (delimiter, quoting), one
// line per sheet row, so the ingest engine reads it exactly like the CSV/TSV the channel writes:
// same detection, typing, rejects and idempotent load, with line numbers that are the sheet's rows.
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrossdockError, DataError } from '../../errors';
import { identify } from '../detect';
import { identifyHeader, MAX_PREAMBLE_LINES, refuseDuplicatedColumns, type Sniffed } from '../sniff';
import type { ReportSpec } from '../../channels/contract/reports';
import { cellText, recordLine, type LineFormat } from './cells';

/** What the first bytes say: a zip archive (an .xlsx) or an OLE2 compound file (an .xls, or an encrypted .xlsx). */
export type WorkbookSignature = 'zip' | 'ole2';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function workbookSignature(path: string): Promise<WorkbookSignature | undefined> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead >= 4 && head.subarray(0, 4).equals(ZIP)) return 'zip';
    if (bytesRead === 8 && head.equals(OLE2)) return 'ole2';
    return undefined;
  } finally {
    await handle.close();
  }
}

/** One sheet that is a known report, written as text for the engine. */
export interface SheetFile {
  sheet: string;
  /** The sheet in its report's layout: line N is sheet row N. */
  textPath: string;
  sniffed: Sniffed;
}

export interface WorkbookSheets {
  /** Temporary folder holding the sheets' text files (the caller removes it). */
  dir: string;
  sheets: SheetFile[];
  /** Visible sheets with data that are no known report, and the refusal that says why. */
  refused: Array<{ sheet: string; error: DataError }>;
  /** Sheets not read: hidden, or without any value. */
  skipped: Array<{ sheet: string; why: 'hidden' | 'empty' }>;
}

/** What the streaming reader exposes beyond its typings. */
interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  name?: string;
  state?: string;
}
interface StreamedBook extends AsyncIterable<StreamedSheet> {
  model?: unknown;
  properties?: { model?: { date1904?: boolean } };
}

/** `orders.xlsx, sheet "Orders"`: how messages name a sheet. */
export function sheetLabel(path: string, sheet: string): string {
  return `${path}, sheet "${sheet}"`;
}

/**
 * Reads the workbook once, start to end, writing its report sheets to text files. `onProgress`
 * gets the share of the file read so far (0–100), a few times a second.
 */
export async function readWorkbook(path: string, specs: readonly ReportSpec[], onProgress?: (percent: number) => void): Promise<WorkbookSheets> {
  if ((await workbookSignature(path)) === 'ole2') throw await ole2Error(path);
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-xlsx-'));
  const result: WorkbookSheets = { dir, sheets: [], refused: [], skipped: [] };
  const input = createReadStream(path);
  const size = statSync(path).size;
  const timer = onProgress && setInterval(() => onProgress(size ? Math.min(100, (100 * input.bytesRead) / size) : 100), 200);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles say which numbers are dates; hyperlinks would replace a cell's text.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as StreamedBook;
    let index = 0;
    for await (const worksheet of reader) {
      index++;
      const sheet = worksheet.name ?? `Sheet${index}`;
      if (worksheet.state === 'hidden' || worksheet.state === 'veryHidden') {
        result.skipped.push({ sheet, why: 'hidden' });
        for await (const row of worksheet) void row; // read past it: the zip is one stream
        continue;
      }
      const textPath = join(dir, `sheet-${index}.txt`);
      const date1904 = Boolean(reader.properties?.model?.date1904);
      // A sheet refused (no known header, a column named twice) does not stop the others.
      const converted = await convertSheet(worksheet, { label: sheetLabel(path, sheet), specs, textPath, date1904 }).catch((err: unknown) => {
        if (err instanceof DataError) return err;
        throw err;
      });
      if (converted instanceof DataError) result.refused.push({ sheet, error: converted });
      else if (converted === 'empty') result.skipped.push({ sheet, why: 'empty' });
      else result.sheets.push({ sheet, textPath, sniffed: converted });
    }
    if (reader.model === undefined) {
      throw new DataError(
        `${path}: this is a zip archive without an Excel (.xlsx) workbook in it: unzip it and load the report files inside, or, ` +
          'for an .xlsb or .ods spreadsheet, save it as Excel Workbook (.xlsx) or CSV UTF-8, and rerun.',
        'CD_INGEST_UNKNOWN_REPORT',
      );
    }
    return result;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    if (err instanceof CrossdockError) throw err;
    throw new DataError(
      `${path}: could not be read as an Excel workbook (${err instanceof Error ? err.message : String(err)}): the file is damaged, cut short or ` +
        'not an .xlsx. Download or save it again (Excel: File → Save As → Excel Workbook (.xlsx), or CSV UTF-8) and rerun.',
      'CD_INGEST_XLSX_UNREADABLE',
      { cause: err },
    );
  } finally {
    if (timer) clearInterval(timer);
    input.destroy();
  }
}

/** An OLE2 file: Excel 97–2003 (.xls), or an .xlsx encrypted with a password (its package is inside). */
async function ole2Error(path: string): Promise<DataError> {
  if (await containsUtf16Name(path, 'EncryptedPackage')) {
    return new DataError(
      `${path}: this workbook is protected with a password (encrypted), so it cannot be read. Open it in Excel, remove the password ` +
        '(File → Info → Protect Workbook → Encrypt with Password, clear it), save it and rerun.',
      'CD_INGEST_XLSX_ENCRYPTED',
    );
  }
  return new DataError(
    `${path}: this is an Excel 97–2003 workbook (.xls), which Crossdock does not read. Open it in Excel and save it as ` +
      'Excel Workbook (.xlsx) or CSV UTF-8, then rerun.',
    'CD_INGEST_XLS_UNSUPPORTED',
  );
}

/** Whether an OLE2 directory names this stream (names are UTF-16LE); scanned in chunks. */
async function containsUtf16Name(path: string, name: string): Promise<boolean> {
  const needle = Buffer.from(name, 'utf16le');
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const window = Buffer.concat([carry, chunk as Buffer]);
    if (window.includes(needle)) return true;
    carry = window.subarray(Math.max(0, window.length - needle.length));
  }
  return false;
}

interface SheetJob {
  label: string;
  specs: readonly ReportSpec[];
  textPath: string;
  date1904: boolean;
}

/** A row's cell texts, columns A… up to its last cell with a value (gaps are empty texts). */
function rowTexts(row: ExcelJS.Row, date1904: boolean): string[] {
  // (A formula's result needs its cell's number format to tell a date; plain cells come typed.)
  const values = row.values as unknown[];
  const texts = new Array<string>(Math.max(0, values.length - 1));
  for (let column = 1; column < values.length; column++) {
    const value = values[column];
    const isFormula = typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
    texts[column - 1] = cellText({ value, numFmt: isFormula ? row.getCell(column).numFmt : undefined }, date1904);
  }
  return texts;
}

/**
 * Streams one sheet: finds the header within its first rows (like a CSV's preamble), then writes
 * every row, sheet row N as line N. Returns the sniffed layout, 'empty', or throws the refusal.
 */
async function convertSheet(worksheet: AsyncIterable<ExcelJS.Row>, job: SheetJob): Promise<Sniffed | 'empty'> {
  const head: Array<{ number: number; cells: string[] }> = [];
  let sniffed: Sniffed | undefined;
  let out: TextSink | undefined;
  let format: LineFormat = { delimiter: ',', quoted: true };
  let width = 0;
  let lastRow = 0;
  let hasValues = false;
  try {
    for await (const row of worksheet) {
      const cells = rowTexts(row, job.date1904);
      if (!hasValues && cells.some((cell) => cell.trim() !== '')) hasValues = true;
      if (!sniffed) {
        if (row.number > MAX_PREAMBLE_LINES) continue; // (read on: the zip is one stream)
        head.push({ number: row.number, cells });
        const trimmed = cells.map((cell) => cell.trim());
        const spec = trimmed.filter(Boolean).length >= 2 ? identify(trimmed, job.specs) : undefined;
        if (!spec) continue;
        const header = trimmed;
        width = header.length;
        refuseDuplicatedColumns(job.label, header, spec);
        sniffed = { spec, encoding: 'utf-8', header, skipLines: row.number, mixedLineEnds: false };
        format = { delimiter: spec.delimiter, quoted: spec.quoted };
        out = new TextSink(job.textPath);
        // Rows before the data are skipped by physical line: each must be exactly one.
        for (const earlier of head) {
          for (; lastRow + 1 < earlier.number; lastRow++) await out.line(recordLine([], format));
          await out.line(recordLine(earlier.number === row.number ? header : earlier.cells, format, true));
          lastRow = earlier.number;
        }
        continue;
      }
      for (; lastRow + 1 < row.number; lastRow++) await out!.line(recordLine([], format));
      // Cells right of the header have no column name: no report field reads them.
      await out!.line(recordLine(cells.slice(0, width), format));
      lastRow = row.number;
    }
  } finally {
    await out?.close();
  }
  if (sniffed) return sniffed;
  if (!hasValues) return 'empty';
  throw unknownSheet(job, head);
}

/** The usual "closest known kind" refusal, worked out on the sheet's first rows. */
function unknownSheet(job: SheetJob, head: Array<{ number: number; cells: string[] }>): DataError {
  const lines: string[] = [];
  for (const { number, cells } of head) {
    while (lines.length + 1 < number) lines.push('');
    lines.push(recordLine(cells, { delimiter: ',', quoted: true }, true));
  }
  try {
    const { spec } = identifyHeader(job.label, lines.join('\n'), 'utf-8', job.specs);
    // Only cells holding whole delimited lines match as text: a CSV pasted into column A.
    return new DataError(
      `${job.label}: its rows are lines of ${spec.label} (${spec.kind}) pasted into single cells. Load the original text file, ` +
        'or split the column first (Excel: Data → Text to Columns), and rerun.',
      'CD_INGEST_UNKNOWN_REPORT',
    );
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
}

/** Buffered lines to a file, waiting for the disk when it falls behind. */
class TextSink {
  private readonly stream: WriteStream;
  private chunk: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async line(text: string): Promise<void> {
    this.chunk.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.chunk.join('');
    this.chunk = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
