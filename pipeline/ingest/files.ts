// File-system side of ingest: expanding folders, hashing and transcoding, all streamed so a
// multi-gigabyte report is never held in memory.
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { NotFoundError } from '../errors';

/** Report files under the given paths: files as given, folders recursively (hidden files skipped), sorted. */
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
        if (!name.startsWith('.')) walk(join(path, name), false);
      }
    } else if (stat.isFile() && (explicit || !/\.(md|json|txt|gz|zip|xlsx?)$/i.test(path))) {
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
export async function transcodeToUtf8(path: string, encoding: 'win1252' | 'latin1'): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'crossdock-ingest-')), 'utf8.txt');
  await pipeline(createReadStream(path), iconv.decodeStream(encoding), iconv.encodeStream('utf8'), createWriteStream(out));
  return out;
}

/**
 * DuckDB reads a path with *, ?, [ or { as a glob pattern. Such a file is read through a symbolic
 * link with a plain name in a temporary folder (removed after the load, like a transcode).
 */
export function withoutGlobCharacters(path: string): string {
  if (!/[*?[\]{}]/.test(path)) return path;
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
