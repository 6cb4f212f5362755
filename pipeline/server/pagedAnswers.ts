// The rest of a live answer, kept while an analyst pages through it. The add-in asks page after
// page (offset=0&limit=50000, then offset=50000, …) and each page used to run the query again
// from the start: a live oversell at 10M lines is 50,530 rows, two pages, two runs of the same
// query. When a page fills up before the answer ends, the rest is read on in the background
// and the whole answer is kept, by a key without the page (data version, dataset, parameters),
// so the following pages are cut from memory. Pre-encoded mart blocks are not kept: skipping
// them costs nothing. Kept answers go after `ttlMs` unused, or least recently used first once
// `maxBytes` is reached; an answer over `maxEntryBytes` is not kept (its pages run the query).
import type { DatasetParams } from '../analytics/types';
import type { Column } from '../warehouse/values';
import type { DatasetChunk } from './deps';

export interface PagedAnswersOptions {
  maxBytes?: number;
  maxEntryBytes?: number;
  ttlMs?: number;
  now?: () => number;
}

/** A whole answer: its rows encoded as JSON array texts, and what the source said of them. */
export interface KeptAnswer {
  columns: Column[];
  params?: DatasetParams;
  warnings?: string[];
  rows: string[];
  bytes: number;
}

interface Entry {
  answer: KeptAnswer;
  usedAt: number;
}

/** Rows per chunk when a kept answer is replayed (the warehouse's own chunk size). */
const REPLAY_CHUNK_ROWS = 2048;

export class PagedAnswers {
  private readonly kept = new Map<string, Entry>();
  private readonly reading = new Map<string, Promise<KeptAnswer | null>>();
  private bytes = 0;
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: PagedAnswersOptions = {}) {
    this.maxBytes = options.maxBytes ?? 128 * 1024 * 1024;
    this.maxEntryBytes = options.maxEntryBytes ?? 64 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The kept answer, the promise of the one being read on (null: it will not be kept), or undefined. */
  lookup(key: string): KeptAnswer | Promise<KeptAnswer | null> | undefined {
    this.expire();
    const entry = this.kept.get(key);
    if (entry) {
      this.kept.delete(key); // LRU order: most recently used last
      this.kept.set(key, { ...entry, usedAt: this.now() });
      return entry.answer;
    }
    return this.reading.get(key);
  }

  /**
   * Passes `source` through, recording its rows. If the reader stops before the end (a full page:
   * `return()`), the rest is read in the background and the whole answer kept under `key`.
   * Chunks of values leave encoded, so the reader does not encode them a second time.
   */
  record(key: string, source: AsyncIterator<DatasetChunk>): AsyncIterator<DatasetChunk> {
    const rows: string[] = [];
    let bytes = 0;
    let keepable = this.maxEntryBytes > 0 && this.maxBytes > 0;
    let head: Omit<KeptAnswer, 'rows' | 'bytes'> | undefined;
    const note = (chunk: DatasetChunk): DatasetChunk => {
      if (chunk.jsonChunk || chunk.skippedRows !== undefined) {
        keepable = false; // a mart's blocks: nothing to gain (nor a whole answer to keep)
        return chunk;
      }
      const encoded = chunk.jsonRows ?? (chunk.rows ?? []).map((row) => JSON.stringify(row));
      head ??= { columns: chunk.columns, params: chunk.params, warnings: chunk.warnings };
      if (keepable) {
        for (const row of encoded) bytes += row.length + 1;
        if (bytes > this.maxEntryBytes) keepable = false;
        else for (const row of encoded) rows.push(row);
      }
      return { columns: chunk.columns, params: chunk.params, warnings: chunk.warnings, jsonRows: encoded };
    };
    const readRest = async (): Promise<KeptAnswer | null> => {
      try {
        while (keepable) {
          const next = await source.next();
          if (next.done) return head ? { ...head, rows, bytes } : null;
          note(next.value);
        }
        return null;
      } finally {
        if (!keepable) await source.return?.();
      }
    };
    let finished = false;
    return {
      next: async () => {
        const result = await source.next();
        if (result.done) finished = true;
        return result.done ? result : { done: false, value: note(result.value) };
      },
      return: async () => {
        if (finished) return { done: true, value: undefined };
        finished = true;
        if (!keepable || this.reading.has(key)) {
          await source.return?.();
          return { done: true, value: undefined };
        }
        const rest = readRest().catch(() => null);
        this.reading.set(key, rest);
        void rest.then((answer) => {
          this.reading.delete(key);
          if (answer) this.keep(key, answer);
        });
        return { done: true, value: undefined };
      },
    };
  }

  private keep(key: string, answer: KeptAnswer): void {
    if (this.kept.has(key)) return;
    this.kept.set(key, { answer, usedAt: this.now() });
    this.bytes += answer.bytes;
    for (const [oldest, entry] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, entry);
    }
  }

  private expire(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [key, entry] of this.kept) if (entry.usedAt < cutoff) this.drop(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    this.kept.delete(key);
    this.bytes -= entry.answer.bytes;
  }
}

/** A kept answer as a source again, chunk by chunk. */
export async function* replay(answer: KeptAnswer): AsyncGenerator<DatasetChunk> {
  const { columns, params, warnings } = answer;
  if (answer.rows.length === 0) yield { columns, params, warnings, jsonRows: [] };
  for (let at = 0; at < answer.rows.length; at += REPLAY_CHUNK_ROWS) {
    yield { columns, params, warnings, jsonRows: answer.rows.slice(at, at + REPLAY_CHUNK_ROWS) };
  }
}
