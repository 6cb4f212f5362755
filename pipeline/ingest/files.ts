// File-system side of ingest: expanding folders, hashing and transcoding, all streamed so a
// multi-gigabyte report is never held in memory.
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError } from '../errors';

/** Report files and workbooks under the given paths: files as given, folders recursively (hidden files skipped), sorted. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (path: string, explicit: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new NotFoundError(`${path}: no such file or folder`, 'CD_INGEST_NOT_FOUND');
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        // (`~$orders.xlsx` is the lock file Excel keeps beside a workbook it has open.)
        if (!name.startsWith('.') && !name.startsWith('~$')) walk(join(path, name), false);
      }
    } else if (stat.isFile() && (explicit || !/\.(md|json|jsonl|txt|gz|zip|xls)$/i.test(path))) {
      out.push(path);
    }
  };
  for (const path of paths) walk(path, true);
  return out;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => ok(hash.digest('hex')));
  });
}

/** Transcodes a windows-1252 file to a temporary UTF-8 copy DuckDB can read. */
/**
 * A temporary copy DuckDB can read: transcoded to UTF-8 (windows-1252, which DuckDB cannot
 * decode) and/or with every CRLF made LF (a file mixing both: DuckDB detects the line end from
 * the first line and, on an eBay report whose preamble ends in CRLF and whose rows in LF, read
 * nothing at all). Streamed: the file is never held in memory.
 */
export async function readableCopy(path: string, options: { fromEncoding?: 'win1252'; normaliseLineEnds?: boolean }): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'crossdock-ingest-')), 'report.txt');
  const steps: NodeJS.ReadWriteStream[] = [];
  if (options.fromEncoding) steps.push(iconv.decodeStream(options.fromEncoding), iconv.encodeStream('utf8'));
  if (options.normaliseLineEnds) steps.push(crlfToLf());
  await pipeline([createReadStream(path), ...steps, createWriteStream(out)]);
  return out;
}

/** CRLF → LF over raw bytes (latin1 maps bytes 1:1), a CR ending one chunk carried to the next. */
function crlfToLf(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let text = (pendingCr ? '\r' : '') + chunk.toString('latin1');
      pendingCr = text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      done(null, Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from('\r', 'latin1') : Buffer.alloc(0));
    },
  });
}

/** Whether DuckDB would read the path as a glob pattern. */
export function hasGlobCharacters(path: string): boolean {
  return /[*?[\]{}]/.test(path);
}

/**
 * DuckDB reads a path with *, ?, [ or { as a glob pattern. Such a file is read through a symbolic
 * link with a plain name in a temporary folder (removed after the load, like a transcode).
 */
export function withoutGlobCharacters(path: string): string {
  if (!hasGlobCharacters(path)) return path;
  const link = join(mkdtempSync(join(tmpdir(), 'crossdock-ingest-')), 'report.txt');
  try {
    symlinkSync(resolve(path), link);
  } catch {
    copyFileSync(path, link);
  }
  return link;
}

export function absolutePath(path: string): string {
  return resolve(path);
}
