// Reads the first megabytes of a file (never the whole file) to learn what DuckDB needs to read
// it: the text encoding, where the header row is (eBay puts blank or comma-only lines before it),
// the delimiter and the header's column names. Then the registry says which report it is.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { DataError } from '../errors';
import { closest, identify, normaliseHeaderName } from './detect';
import { ReportSpec } from '../channels/contract/reports';

/** How many bytes are checked for valid UTF-8 and searched for the header. */
export const SNIFF_BYTES = 4 * 1024 * 1024;
/** The header must start within this many lines (eBay's preamble is 1–2 lines, PayPal's ~15). */
export const MAX_PREAMBLE_LINES = 60;

/**
 * utf-8: read as is. latin-1: DuckDB decodes it. windows-1252: Latin-1 with the 0x80–0x9F
 * printable range (€, curly quotes…), which DuckDB cannot read, so the engine transcodes it.
 */
export type TextEncoding = 'utf-8' | 'latin-1' | 'windows-1252';

export interface Sniffed {
  spec: ReportSpec;
  encoding: TextEncoding;
  /** Header cells as written (trimmed, unquoted, BOM removed). */
  header: string[];
  /** Physical lines before the data: preamble plus the header line. */
  skipLines: number;
  /** Whether the sample ends lines both with CRLF and with LF alone (DuckDB then reads a normalised copy). */
  mixedLineEnds: boolean;
}

/** Both CRLF and a bare LF in the text. */
export function hasMixedLineEnds(text: string): boolean {
  const crlf = text.indexOf('\r\n');
  return crlf >= 0 && /(^|[^\r])\n/.test(text);
}

/** hasMixedLineEnds over the bytes (CR and LF are single bytes in every encoding read here). */
export function hasMixedLineEndBytes(sample: Buffer): boolean {
  if (sample.indexOf('\r\n') < 0) return false;
  for (let i = sample.indexOf(0x0a); i >= 0; i = sample.indexOf(0x0a, i + 1)) {
    if (i === 0 || sample[i - 1] !== 0x0d) return true;
  }
  return false;
}

/** The bytes before the (count + 1)-th line end: the first `count` lines and the start of the next. */
function firstLines(sample: Buffer, count: number): Buffer {
  let at = -1;
  for (let n = 0; n <= count; n++) {
    at = sample.indexOf(0x0a, at + 1);
    if (at < 0) return sample;
  }
  return sample.subarray(0, at);
}

/**
 * UTF-16 text without a byte-order mark: mostly ASCII, so nearly every second byte is zero, at
 * even offsets (big-endian) or odd ones (little-endian). A binary file has zeros anywhere.
 */
export function looksLikeUtf16(sample: Buffer): 'little-endian' | 'big-endian' | null {
  if (sample.length < 16) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  const pairs = Math.floor(sample.length / 2);
  if (oddZeros > 0.8 * pairs && evenZeros < 0.05 * pairs) return 'little-endian';
  if (evenZeros > 0.8 * pairs && oddZeros < 0.05 * pairs) return 'big-endian';
  return null;
}

/** Decides the encoding of a byte sample: valid UTF-8, else a Latin-1 family encoding. */
export function detectEncoding(sample: Buffer, isWholeFile: boolean): TextEncoding {
  // (isUtf8 checks megabytes in a blink; the decoder below also tells a sample that only ends
  // inside a character, and the Latin-1 family apart.)
  if (isUtf8(sample)) return 'utf-8';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    // stream: true tolerates a character cut in half at the end of a partial sample.
    decoder.decode(sample, { stream: !isWholeFile });
    return 'utf-8';
  } catch {
    return sample.some((byte) => byte >= 0x80 && byte <= 0x9f) ? 'windows-1252' : 'latin-1';
  }
}

export function decodeSample(sample: Buffer, encoding: TextEncoding): string {
  const text = encoding === 'utf-8' ? sample.toString('utf8') : iconv.decode(sample, encoding === 'latin-1' ? 'latin1' : 'win1252');
  return text.replace(/^\uFEFF/, '');
}

/** Splits one physical line into header cells for a delimiter (CSV quoting understood). */
export function splitHeaderLine(line: string, delimiter: ',' | '\t'): string[] | undefined {
  if (delimiter === '\t') {
    if (!line.includes('\t')) return undefined;
    return line.split('\t').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
  }
  if (!line.includes(',')) return undefined;
  try {
    const rows = parse(line, { relax_quotes: true, relax_column_count: true, trim: true }) as string[][];
    return rows[0];
  } catch {
    return undefined;
  }
}

/** Reads the head of a file and identifies its report kind; refuses unknown headers. */
export async function sniffFile(path: string, specs: readonly ReportSpec[]): Promise<Sniffed> {
  const handle = await open(path, 'r');
  let sample: Buffer;
  let isWholeFile: boolean;
  try {
    const buffer = Buffer.allocUnsafe(Math.min(SNIFF_BYTES, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    sample = buffer.subarray(0, bytesRead);
    isWholeFile = bytesRead < SNIFF_BYTES;
  } finally {
    await handle.close();
  }
  if (sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))) {
    throw new DataError(`${path}: UTF-16 text is not supported; save the file as UTF-8 (or Latin-1) CSV and rerun`, 'CD_INGEST_ENCODING');
  }
  const utf16 = looksLikeUtf16(sample.subarray(0, 8192));
  if (utf16) {
    throw new DataError(
      `${path}: this is UTF-16 (${utf16}) text without a byte-order mark, which is not supported; save the file as UTF-8 (or Latin-1) CSV and rerun`,
      'CD_INGEST_ENCODING',
    );
  }
  if (sample.subarray(0, 8192).includes(0)) {
    // (The ingest reads workbooks before they get here: only detectReport, which reads text, meets one.)
    const head = sample.subarray(0, 4).toString('hex');
    const what = head === '504b0304' || head === 'd0cf11e0'
      ? 'an Excel workbook or zip archive, which `crossdock ingest` (ingestWorkbook) reads sheet by sheet'
      : 'is it compressed, e.g. .gz? unzip it and rerun';
    throw new DataError(`${path}: this is a binary file, not a CSV/TSV report (${what})`, 'CD_INGEST_UNKNOWN_REPORT');
  }
  const encoding = detectEncoding(sample, isWholeFile);
  // Only the first lines can hold the header: only they are decoded.
  const text = decodeSample(firstLines(sample, MAX_PREAMBLE_LINES), encoding);
  return identifyHeader(path, text, encoding, specs, hasMixedLineEndBytes(sample));
}

/**
 * Finds the first line that is a known report header (pure; exported for tests). `mixedLineEnds`:
 * whether the whole sample mixes line ends, when `text` is only its head.
 */
export function identifyHeader(path: string, text: string, encoding: TextEncoding, specs: readonly ReportSpec[], mixedLineEnds = hasMixedLineEnds(text)): Sniffed {
  const lines = text.split('\n', MAX_PREAMBLE_LINES + 1).slice(0, MAX_PREAMBLE_LINES).map((l) => l.replace(/\r$/, ''));
  const seen: string[][] = [];
  for (let index = 0; index < lines.length; index++) {
    for (const delimiter of [',', '\t'] as const) {
      const header = splitHeaderLine(lines[index], delimiter);
      if (!header || header.length < 2) continue;
      seen.push(header);
      const spec = identify(header, specs.filter((s) => s.delimiter === delimiter));
      if (spec) {
        refuseDuplicatedColumns(path, header, spec);
        return { spec, encoding, header: header.map((c) => c.replace(/^\uFEFF/, '')), skipLines: index + 1, mixedLineEnds };
      }
    }
  }
  throw new DataError(`${path}: ${unknownHeaderHint(lines, seen, specs)} See docs/ingest.md for the supported files.`, 'CD_INGEST_UNKNOWN_REPORT');
}

/** A column the report reads that the header names twice: which one holds the data is a guess. */
export function refuseDuplicatedColumns(path: string, header: string[], spec: ReportSpec): void {
  const used = new Set([...spec.required, ...(spec.optional ?? []), ...(spec.oneOf ?? []).flat()].map((c) => c.toLowerCase()));
  const names = header.map(normaliseHeaderName);
  for (const name of used) {
    const at = names.flatMap((n, i) => (n === name ? [i + 1] : []));
    if (at.length > 1) {
      throw new DataError(
        `${path}: the header of this ${spec.label} names column "${header[at[0] - 1]}" ${at.length} times (columns ${at.join(', ')}); ` +
          'Crossdock cannot tell which one holds the data. Remove or rename the extra one(s) and rerun.',
        'CD_INGEST_DUPLICATE_COLUMN',
      );
    }
  }
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'commas', '\t': 'tabs', ';': 'semicolons', '|': 'vertical bars' };

/** What to tell about a file whose header matched no report, and what to do about it. */
function unknownHeaderHint(lines: string[], seen: string[][], specs: readonly ReportSpec[]): string {
  // A known report written with another separator (Excel in some locales saves ';'; a TSV
  // re-saved as .csv keeps its tabs): say which report it is and how to save it.
  for (const line of lines) {
    for (const delimiter of [',', '\t', ';', '|']) {
      if (!line.includes(delimiter)) continue;
      const header = line.split(delimiter).map(normaliseHeaderName);
      const spec = identify(header, specs.filter((s) => s.delimiter !== delimiter));
      if (spec) {
        return (
          `the header is that of ${spec.label} (${spec.kind}), but its columns are separated by ${DELIMITER_NAMES[delimiter]} ` +
          `where that report uses ${DELIMITER_NAMES[spec.delimiter]}. Export the report again as the channel writes it, or save it ` +
          `as ${spec.delimiter === ',' ? 'comma-separated CSV' : 'tab-separated text'}, and rerun.`
        );
      }
    }
  }
  if (!seen.length) return 'the header matches no supported report: the file has no line with columns separated by commas or tabs.';
  const near = closest(seen, specs);
  if (!near) {
    const columns = seen[0].slice(0, 8).join(', ') + (seen[0].length > 8 ? ', …' : '');
    return `the header matches no supported report: no known kind has most of its columns (the first header-like line has: ${columns}).`;
  }
  const why = near.missing.length
    ? `which lacks column(s): ${near.missing.join(', ')}`
    : `whose columns it has, but also ${(near.spec.forbidden ?? []).filter((c) => seen.some((h) => h.map(normaliseHeaderName).includes(c))).join(', ')}, which that report never has`;
  return `the header matches no supported report. The closest known kind is ${near.spec.label} (${near.spec.kind}), ${why}.`;
}

