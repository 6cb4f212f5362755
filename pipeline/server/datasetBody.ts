// The dataset answer as a stream of JSON text: the head (dataset, params, data_version, columns),
// then the rows chunk by chunk as the warehouse yields them, then the paging fields. Only one
// chunk (about 2k rows) is in memory at a time, so a 100k-row answer costs what a 2k-row one does.
import type { DatasetAnswer, DatasetHead } from '../model/wire';
import type { Column } from '../warehouse/values';
import { splitJsonBlock, type EncodedBlock } from '../warehouse/jsonRows';
import type { DatasetChunk } from './deps';

export interface Page {
  offset: number;
  /** null: every row from offset on. */
  limit: number | null;
}

export type { DatasetHead } from '../model/wire';

/** A chunk's rows as JSON array texts (encoded by the warehouse, or here). */
function encodedRows(chunk: DatasetChunk): string[] {
  if (chunk.jsonChunk) return splitJsonBlock(chunk.jsonChunk.text, chunk.jsonChunk.rowCount);
  return chunk.jsonRows ?? (chunk.rows ?? []).map((row) => JSON.stringify(row));
}

function chunkLength(chunk: DatasetChunk): number {
  return chunk.skippedRows ?? chunk.jsonChunk?.rowCount ?? chunk.jsonRows?.length ?? chunk.rows?.length ?? 0;
}

/** A part of an answer's text: text encoded now, or a block a mart encoded (and deflated) when it was built. */
export type BodyPart = string | EncodedBlock;

export function partText(part: BodyPart): string {
  return typeof part === 'string' ? part : part.text;
}

/**
 * Encodes a dataset answer. `first` is the source's first result, already awaited by the caller
 * so that errors before any row surface as a normal error status. Stops reading the source once
 * the page is full (one chunk of look-ahead decides next_offset) and always closes the source.
 */
export function encodeDatasetBody(
  head: DatasetHead,
  fallbackColumns: Column[],
  source: AsyncIterator<DatasetChunk>,
  first: IteratorResult<DatasetChunk>,
  page: Page,
): AsyncGenerator<string> {
  return encodeBody(head, fallbackColumns, source, first, page, (block) => block.text);
}

/** encodeDatasetBody with a mart's blocks handed on whole, as their stored forms go with them. */
export function encodeDatasetBodyParts(
  head: DatasetHead,
  fallbackColumns: Column[],
  source: AsyncIterator<DatasetChunk>,
  first: IteratorResult<DatasetChunk>,
  page: Page,
): AsyncGenerator<BodyPart> {
  return encodeBody<BodyPart>(head, fallbackColumns, source, first, page, (block) => block);
}

async function* encodeBody<T extends BodyPart>(
  head: DatasetHead,
  fallbackColumns: Column[],
  source: AsyncIterator<DatasetChunk>,
  first: IteratorResult<DatasetChunk>,
  page: Page,
  wholeBlock: (block: EncodedBlock) => T,
): AsyncGenerator<string | T> {
  const columns = first.done ? fallbackColumns : first.value.columns;
  let current = first;
  let consumed = 0; // rows read from the source
  let emitted = 0; // rows written to the body
  let hasMore = false;
  try {
    yield `${JSON.stringify(head).slice(0, -1)},"columns":${JSON.stringify(columns)},"rows":[`;
    while (!current.done) {
      const skip = Math.max(0, page.offset - consumed);
      const room = page.limit === null ? Infinity : page.limit - emitted;
      const block = current.value.jsonChunk;
      const skipped = current.value.skippedRows;
      if (skipped !== undefined) {
        consumed += skipped; // rows before the page the source did not even read
      } else if (block && (skip >= block.rowCount || (skip === 0 && block.rowCount <= room))) {
        // a pre-encoded block wholly before or inside the page: skip it or send it as it is
        consumed += block.rowCount;
        if (skip === 0 && block.rowCount > 0) {
          if (emitted > 0) yield ',';
          yield wholeBlock(block);
          emitted += block.rowCount;
        }
      } else {
        const rows = encodedRows(current.value);
        consumed += rows.length;
        const slice = rows.slice(skip, skip + room);
        if (skip + slice.length < rows.length && slice.length === room) hasMore = true;
        if (slice.length > 0) {
          yield (emitted > 0 ? ',' : '') + slice.join(',');
          emitted += slice.length;
        }
        if (hasMore) break;
      }
      current = await source.next();
      if (page.limit !== null && emitted === page.limit) {
        // The page is full: look ahead for one more row to tell the client whether to ask again.
        while (!current.done && chunkLength(current.value) === 0) current = await source.next();
        hasMore = !current.done;
        if (!current.done) consumed += chunkLength(current.value);
        break;
      }
    }
  } finally {
    if (!current.done) await source.return?.();
  }
  // total_rows only when the whole result was read; a cut-off page does not know it.
  const tail: Pick<DatasetAnswer, 'total_rows' | 'offset' | 'next_offset'> = {
    ...(hasMore ? {} : { total_rows: consumed }),
    offset: page.offset,
    next_offset: hasMore ? page.offset + emitted : null,
  };
  yield `],${JSON.stringify(tail).slice(1)}`;
}
