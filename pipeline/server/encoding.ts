// Content negotiation for dataset answers: JSON compresses about tenfold, and an answer of 5–8 MB
// is what 50 analysts refreshing at once would otherwise push through TLS each. Browsers (and so
// the add-in in Excel) ask for gzip and unpack it themselves.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** A whole answer gzipped in zlib's thread pool (level 6: kept answers are compressed once). */
export function gzipText(text: string): Promise<Buffer> {
  return gzipAsync(text, { level: 6 });
}

/** True when an Accept-Encoding header accepts gzip (named, or `*`, with a q above 0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  let gzip: number | null = null;
  let any: number | null = null;
  for (const part of text.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (coding === 'gzip' || coding === 'x-gzip') gzip = weight;
    else if (coding === '*') any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/** The ETag of the gzipped form: weak, since the bytes differ while the answer is the same (RFC 9110 §8.8.1). */
export function gzipEtag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}
