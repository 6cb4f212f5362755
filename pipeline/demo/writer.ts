// Buffered file output: rows collect in a small in-memory chunk that is flushed to disk once it
// passes ~1 MB, so a multi-gigabyte file never sits in memory. Writes are synchronous (the
// generator is CPU-bound and single-threaded) and in a fixed order, which keeps bytes reproducible.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const BUFFER_BYTES = 1 << 20;

export class BufferedFile {
  private fd: number;
  // Strings are encoded straight into one reused buffer: no joined copies for the GC to sweep.
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  bytes = 0;
  /** data rows written (callers count what a "row" is for their format) */
  rows = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.flush();
      if (text.length * 3 > BUFFER_BYTES) {
        const big = Buffer.from(text, 'utf8');
        writeSync(this.fd, big);
        this.bytes += big.length;
        return;
      }
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  flush(): void {
    if (this.used === 0) return;
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.bytes += this.used;
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface FileSpec {
  /** path relative to the output directory */
  relPath: string;
  header: string;
  /** lines written after the data (eBay's record count and seller id) */
  footer?: (file: BufferedFile) => string;
  /**
   * Lines between the header and the data that depend on the data (an Amazon settlement's
   * summary line holds its total): the data is written to a side file and joined on close.
   */
  lead?: () => string;
}

/**
 * One open file per stream (e.g. "amazon all orders US"), keyed by a cheap key such as the month:
 * asking for another key closes the stream's current file and opens the next one. Every file
 * ever opened is listed in `files` (relative paths, in open order).
 */
export class FileSet {
  private readonly open = new Map<string, { key: string; spec: FileSpec; file: BufferedFile }>();
  readonly files: string[] = [];
  readonly done: Array<{ relPath: string; bytes: number; rows: number }> = [];

  constructor(readonly outDir: string) {}

  /** The stream's file for `key`; `spec(key)` is called only when a new file must be opened. */
  get(stream: string, key: string, spec: (key: string) => FileSpec): BufferedFile {
    const cur = this.open.get(stream);
    if (cur && cur.key === key) return cur.file;
    this.closeStream(stream);
    const s = spec(key);
    const path = join(this.outDir, s.relPath);
    const file = new BufferedFile(s.lead ? `${path}.data` : path);
    if (!s.lead) file.write(s.header);
    this.open.set(stream, { key, spec: s, file });
    this.files.push(s.relPath);
    return file;
  }

  closeStream(stream: string): void {
    const cur = this.open.get(stream);
    if (!cur) return;
    if (cur.spec.footer) cur.file.write(cur.spec.footer(cur.file));
    cur.file.close();
    let bytes = cur.file.bytes;
    if (cur.spec.lead) {
      // header + lead + data; the data file is at most a few megabytes (one settlement)
      const path = join(this.outDir, cur.spec.relPath);
      const head = Buffer.from(cur.spec.header + cur.spec.lead(), 'utf8');
      writeFileSync(path, Buffer.concat([head, readFileSync(cur.file.path)]));
      rmSync(cur.file.path);
      bytes += head.length;
    }
    this.done.push({ relPath: cur.spec.relPath, bytes, rows: cur.file.rows });
    this.open.delete(stream);
  }

  closeAll(): void {
    for (const stream of [...this.open.keys()]) this.closeStream(stream);
  }
}
