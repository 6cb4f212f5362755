// A gzip member assembled from segments deflated at different times must read back, with any
// standard reader, as the texts in order: checked by zlib's own gunzip, which verifies the CRC-32
// and length of the trailer, and by a streaming reader fed byte by byte.
import { createGunzip, gunzipSync } from 'node:zlib';
import { deflateSegment, GzipParts } from '../../../pipeline/warehouse/gzipParts';

function rows(n: number, seed: string): string {
  return Array.from({ length: n }, (_, i) => `["${seed}-${i}",${i * 7},"Gr\u00fc\u00dfe ${'x'.repeat(i % 13)}",null]`).join(',\n');
}

describe('gzip from parts', () => {
  it('reads back as the texts in order, stored segments and fresh ones mixed', () => {
    const texts = ['{"rows":[', rows(1000, 'a'), ',', rows(1000, 'b'), ',', rows(3, 'c'), '],"next_offset":null}'];
    const parts = new GzipParts();
    texts.forEach((text, i) => parts.push(text, i % 2 === 1 ? deflateSegment(text) : undefined));
    const zipped = parts.finish();
    expect(gunzipSync(zipped).toString('utf8')).toBe(texts.join(''));
    // the stored segments carry the weight: far smaller than the text
    expect(zipped.length).toBeLessThan(Buffer.byteLength(texts.join('')) / 3);
  });

  it('is one member a streaming reader accepts byte by byte, empty texts included', async () => {
    const parts = new GzipParts();
    for (const text of ['', '[', rows(50, 'z'), '', ']']) parts.push(text, text === '' ? undefined : deflateSegment(text));
    const zipped = parts.finish();
    const out: Buffer[] = [];
    const gunzip = createGunzip();
    gunzip.on('data', (chunk: Buffer) => out.push(chunk));
    const ended = new Promise((resolve, reject) => gunzip.on('end', resolve).on('error', reject));
    for (const byte of zipped) gunzip.write(Buffer.from([byte]));
    gunzip.end();
    await ended;
    expect(Buffer.concat(out).toString('utf8')).toBe(`[${rows(50, 'z')}]`);
  });

  it('detects a wrong trailer: the CRC covers the texts pushed', () => {
    const parts = new GzipParts();
    parts.push('abc', deflateSegment('abd')); // a segment that is not the text it claims
    expect(() => gunzipSync(parts.finish())).toThrow(/incorrect data check|invalid/i);
  });
});
