// One gzip member built from parts compressed at different times: a mart's blocks of encoded rows
// are deflated once, when the mart is built, and each answer only compresses its small head and
// tail around them. Each part is a raw deflate segment ended by a sync flush (byte-aligned, not
// final, no back-reference before its start), so segments placed end to end are one deflate
// stream (RFC 1951), closed by an empty final block; the gzip trailer (RFC 1952) takes the CRC-32
// and length of the whole text, computed from the texts themselves. One member, not several
// concatenated: browsers do not all read past a first member.
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';

const deflateRawAsync = promisify(deflateRaw);

/** Level 6: a mart's blocks are compressed once per build and sent many times. */
export const STORED_LEVEL = 6;

/** Raw deflate of `text` that later segments may follow. */
export function deflateSegment(text: string, level = STORED_LEVEL): Buffer {
  return deflateRawSync(text, { level, finishFlush: constants.Z_SYNC_FLUSH });
}

/** deflateSegment in zlib's thread pool: a mart build in the server does not stall its requests. */
export function deflateSegmentAsync(text: string, level = STORED_LEVEL): Promise<Buffer> {
  return deflateRawAsync(text, { level, finishFlush: constants.Z_SYNC_FLUSH });
}

// magic, CM = deflate, no flags, no mtime, no extra flags, OS unknown
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
// an empty final block with fixed codes: BFINAL 1, BTYPE 01, end-of-block 0000000
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

export class GzipParts {
  private readonly segments: Buffer[] = [HEADER];
  private crc = 0;
  private bytes = 0;

  /** Appends `text`, as `deflated` (its deflateSegment, made earlier) or compressed now (level 1: per request). */
  push(text: string, deflated?: Buffer): void {
    if (text.length === 0) return;
    this.crc = crc32(text, this.crc);
    this.bytes += Buffer.byteLength(text);
    this.segments.push(deflated ?? deflateSegment(text, 1));
  }

  /** The gzip member of every text pushed, in order. */
  finish(): Buffer {
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.bytes % 2 ** 32, 4);
    return Buffer.concat([...this.segments, FINAL_BLOCK, trailer]);
  }
}
