// Splits a large write into batches that stay under Excel's request limits (excel-addin.md §3.1):
// Excel on the web rejects a request over 5 MB, and ranges over 5,000,000 cells misbehave. We plan
// for 4 MB per sync, counting what actually travels: the JSON of the values and of the number
// formats written with them.
import { utf8Length, type CellValue } from './cells';

export interface ChunkLimits {
  /** Bytes of values + formats per sync. */
  maxBytes: number;
  /** Cells per range. */
  maxCells: number;
}

/** 4 MB leaves headroom for the request envelope under the 5 MB limit of Excel on the web. */
export const EXCEL_LIMITS: ChunkLimits = { maxBytes: 4_000_000, maxCells: 5_000_000 };

/** Rows [start, end) of the body, and the payload bytes they carry. */
export interface Chunk {
  start: number;
  end: number;
  bytes: number;
}

/** Bytes one row adds to a JSON 2-D array: the row's JSON plus the separating comma. */
export function rowBytes(row: readonly CellValue[]): number {
  return utf8Length(JSON.stringify(row)) + 1;
}

/**
 * Greedy plan: each chunk takes rows while values + formats fit `maxBytes` and cells fit
 * `maxCells`. `formatRowBytes` is the size of one row of number formats (the same for every row).
 * A single row larger than the limit cannot be split by rows and is an error.
 */
export function planChunks(perRowBytes: readonly number[], width: number, formatRowBytes: number, limits: ChunkLimits = EXCEL_LIMITS): Chunk[] {
  const maxRowsByCells = Math.max(1, Math.floor(limits.maxCells / Math.max(1, width)));
  const chunks: Chunk[] = [];
  // The two outer brackets of the values array and of the formats array.
  const envelope = 4;
  let start = 0;
  let bytes = envelope;
  for (let i = 0; i < perRowBytes.length; i++) {
    const b = perRowBytes[i] + formatRowBytes;
    if (envelope + b > limits.maxBytes) {
      throw new RangeError(`row ${i + 1} needs ${envelope + b} bytes, more than one Excel request may carry (${limits.maxBytes})`);
    }
    if (i > start && (bytes + b > limits.maxBytes || i - start >= maxRowsByCells)) {
      chunks.push({ start, end: i, bytes });
      start = i;
      bytes = envelope;
    }
    bytes += b;
  }
  if (start < perRowBytes.length) chunks.push({ start, end: perRowBytes.length, bytes });
  return chunks;
}

/** Plans a body of cell rows with one number format per column. */
export function planBodyChunks(body: readonly (readonly CellValue[])[], formats: readonly string[], limits: ChunkLimits = EXCEL_LIMITS): Chunk[] {
  const perRow = body.map(rowBytes);
  return planChunks(perRow, formats.length, rowBytes(formats), limits);
}

/**
 * Row blocks for reading `width` columns back: Excel answers with the same 5 MB cap, and we do
 * not know the cell sizes before reading, so we assume `bytesPerCell` (generous for quantities
 * and short keys) and stay under `maxBytes`.
 */
export function planReadBlocks(rowCount: number, width: number, bytesPerCell = 64, limits: ChunkLimits = EXCEL_LIMITS): Array<[number, number]> {
  const perBlock = Math.max(1, Math.min(Math.floor(limits.maxBytes / (Math.max(1, width) * bytesPerCell)), Math.floor(limits.maxCells / Math.max(1, width))));
  const blocks: Array<[number, number]> = [];
  for (let s = 0; s < rowCount; s += perBlock) blocks.push([s, Math.min(rowCount, s + perBlock)]);
  return blocks;
}
