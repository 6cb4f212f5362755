// Encoded dataset answers kept in memory by ETag. An ETag names the data version, dataset,
// parameters and page (datasetQuery.ts), so an answer under it never changes: the add-in's
// analysts refreshing the same sheets get the bytes of the first request instead of a query and
// a JSON encoding each. Concurrent requests for one ETag share the first one's work. Answers
// larger than `maxEntryBytes` are streamed and not kept; the least recently used go first once
// `maxBytes` is reached. A kept answer is gzipped once, on the first request that accepts gzip,
// in zlib's thread pool; the route feeds the cache the encoded parts and does the I/O.
import { gzipText } from './encoding';

export interface AnswerCacheOptions {
  maxBytes?: number;
  maxEntryBytes?: number;
}

export interface AnswerClaim {
  record(parts: AsyncIterable<string>): AsyncGenerator<string>;
  abandon(): void;
}

export class AnswerCache {
  private readonly done = new Map<string, string>();
  private readonly zipped = new Map<string, Promise<Buffer>>();
  /** Bytes of the gzipped forms counted in `bytes` (a form still compressing counts nothing yet). */
  private readonly zippedBytes = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<string | null>>();
  private bytes = 0;
  readonly maxBytes: number;
  readonly maxEntryBytes: number;

  constructor(options: AnswerCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 128 * 1024 * 1024;
    this.maxEntryBytes = options.maxEntryBytes ?? 32 * 1024 * 1024; // a 50k-row page of the widest dataset is about 12 MB
  }

  /** The kept answer, or the promise of the one being built (null: it will not be kept). */
  lookup(key: string): string | Promise<string | null> | undefined {
    const hit = this.done.get(key);
    if (hit !== undefined) {
      // refresh its place in the LRU order
      this.done.delete(key);
      this.done.set(key, hit);
      return hit;
    }
    return this.inFlight.get(key);
  }

  /**
   * Claims `key` for an answer about to be built: later lookups wait for it. `record` passes the
   * encoded parts through while keeping them; the answer is kept when it completes within
   * maxEntryBytes. `abandon` releases the claim if the answer is never (fully) written (an error,
   * a client gone): waiters then get null and build their own. Settling twice is harmless.
   */
  claim(key: string): AnswerClaim {
    let settle!: (value: string | null) => void;
    const pending = new Promise<string | null>((resolve) => (settle = resolve));
    this.inFlight.set(key, pending);
    let settled = false;
    const finish = (body: string | null, size: number) => {
      if (settled) return;
      settled = true;
      if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
      if (body !== null) this.keep(key, body, size);
      settle(body);
    };
    const maxEntryBytes = this.maxEntryBytes;
    return {
      async *record(parts: AsyncIterable<string>): AsyncGenerator<string> {
        const kept: string[] = [];
        let size = 0;
        let complete = false;
        try {
          for await (const part of parts) {
            if (size <= maxEntryBytes) {
              size += Buffer.byteLength(part);
              kept.push(part);
            }
            yield part;
          }
          complete = true;
        } finally {
          finish(complete && size <= maxEntryBytes ? kept.join('') : null, size);
        }
      },
      abandon: () => finish(null, 0),
    };
  }

  /**
   * A kept answer gzipped, compressed on the first ask and shared by concurrent asks (level 6:
   * once per data version, so the smaller body is worth the time). Undefined: `key` is not kept.
   */
  gzipped(key: string): Promise<Buffer> | undefined {
    const body = this.done.get(key);
    if (body === undefined) return undefined;
    let zipped = this.zipped.get(key);
    if (!zipped) {
      zipped = gzipText(body);
      this.zipped.set(key, zipped);
      zipped.then(
        (buffer) => {
          if (this.zipped.get(key) !== zipped) return; // evicted meanwhile: never counted
          this.zippedBytes.set(key, buffer.length);
          this.bytes += buffer.length;
          this.evict();
        },
        () => this.zipped.delete(key),
      );
    }
    return zipped;
  }

  /**
   * The gzipped form of a kept answer, made while it was built (a mart's answer, from its stored
   * blocks): kept so that later asks do not compress the text again. Ignored when `key` is not
   * kept (too large, cut off) or already has its form.
   */
  keepGzipped(key: string, zipped: Buffer): void {
    if (!this.done.has(key) || this.zipped.has(key)) return;
    this.zipped.set(key, Promise.resolve(zipped));
    this.zippedBytes.set(key, zipped.length);
    this.bytes += zipped.length;
    this.evict();
  }

  private keep(key: string, body: string, size: number): void {
    if (this.done.has(key)) return;
    this.done.set(key, body);
    this.bytes += size;
    this.evict();
  }

  /** Drops the least recently used answers (and their gzipped forms) until under maxBytes. */
  private evict(): void {
    for (const [oldest, value] of this.done) {
      if (this.bytes <= this.maxBytes) break;
      this.done.delete(oldest);
      this.bytes -= Buffer.byteLength(value) + (this.zippedBytes.get(oldest) ?? 0);
      this.zipped.delete(oldest);
      this.zippedBytes.delete(oldest);
    }
  }
}
