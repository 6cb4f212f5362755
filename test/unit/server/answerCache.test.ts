import { acceptsGzip, gzipEtag } from '../../../pipeline/server/encoding';
import { AnswerCache } from '../../../pipeline/server/answerCache';

async function* parts(...texts: string[]): AsyncGenerator<string> {
  for (const text of texts) yield text;
}

async function drain(source: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const part of source) out += part;
  return out;
}

describe('AnswerCache', () => {
  it('keeps a complete answer and gives it to later lookups', async () => {
    const cache = new AnswerCache();
    expect(cache.lookup('a')).toBeUndefined();
    expect(await drain(cache.claim('a').record(parts('{"rows":', '[1]}')))).toBe('{"rows":[1]}');
    expect(cache.lookup('a')).toBe('{"rows":[1]}');
  });

  it('lets concurrent requests wait for the one building the answer', async () => {
    const cache = new AnswerCache();
    const claim = cache.claim('a');
    const waiting = cache.lookup('a');
    expect(waiting).toBeInstanceOf(Promise);
    await drain(claim.record(parts('x', 'y')));
    expect(await waiting).toBe('xy');
  });

  it('does not keep an answer larger than one entry may be, nor one that was cut off', async () => {
    const cache = new AnswerCache({ maxEntryBytes: 4 });
    const big = cache.claim('big');
    const waiting = cache.lookup('big');
    expect(await drain(big.record(parts('abc', 'def')))).toBe('abcdef'); // still streamed whole
    expect(await waiting).toBeNull();
    expect(cache.lookup('big')).toBeUndefined();

    const cut = cache.claim('cut');
    const source = cut.record(parts('a', 'b'));
    await source.next();
    await source.return(undefined); // the client went away mid-answer
    expect(cache.lookup('cut')).toBeUndefined();
  });

  it('releases waiters with null when the answer is abandoned before it starts', async () => {
    const cache = new AnswerCache();
    const claim = cache.claim('a');
    const waiting = cache.lookup('a');
    claim.abandon();
    expect(await waiting).toBeNull();
    expect(cache.lookup('a')).toBeUndefined();
  });

  it('drops the least recently used answers beyond its byte budget', async () => {
    const cache = new AnswerCache({ maxBytes: 6, maxEntryBytes: 6 });
    await drain(cache.claim('a').record(parts('aaa')));
    await drain(cache.claim('b').record(parts('bbb')));
    expect(cache.lookup('a')).toBe('aaa'); // a is now the most recent
    await drain(cache.claim('c').record(parts('ccc')));
    expect(cache.lookup('b')).toBeUndefined();
    expect(cache.lookup('a')).toBe('aaa');
    expect(cache.lookup('c')).toBe('ccc');
  });
});

describe('AnswerCache gzip', () => {
  it('gives the gzipped form of a kept answer, and counts it once against maxBytes even when evicted mid-compression', async () => {
    const { gunzipSync } = await import('node:zlib');
    const cache = new AnswerCache({ maxBytes: 250, maxEntryBytes: 200 });
    const text = (c: string) => c.repeat(120);
    // incompressible, so its gzipped form is about as large as itself: miscounting it would show
    const noise = (await import('node:crypto')).randomBytes(90).toString('base64');
    await drain(cache.claim('a').record(parts(noise)));
    const zipping = cache.gzipped('a')!;
    await drain(cache.claim('b').record(parts(text('b')))); // 240 bytes: still under 250, nothing evicted
    await drain(cache.claim('c').record(parts(text('c')))); // evicts a (and its form being compressed)
    expect(gunzipSync(await zipping).toString()).toBe(noise);
    expect(cache.lookup('a')).toBeUndefined();
    expect(cache.gzipped('a')).toBeUndefined();
    await drain(cache.claim('d').record(parts(text('d')))); // room for two answers of 120, never three
    expect(['b', 'c', 'd'].filter((k) => typeof cache.lookup(k) === 'string')).toEqual(['c', 'd']);
  });
});

describe('AnswerCache gzip made elsewhere', () => {
  it('keeps a gzipped form made while the answer was built, for kept answers only', async () => {
    const cache = new AnswerCache({ maxBytes: 1000, maxEntryBytes: 500 });
    await drain(cache.claim('a').record(parts('{"rows":[1]}')));
    const made = Buffer.from('made while building');
    cache.keepGzipped('a', made);
    expect(await cache.gzipped('a')).toBe(made); // not compressed again
    cache.keepGzipped('a', Buffer.from('a second form')); // the first one stays
    expect(await cache.gzipped('a')).toBe(made);
    cache.keepGzipped('never-kept', made);
    expect(cache.gzipped('never-kept')).toBeUndefined();
  });

  it('counts the form it keeps against maxBytes', async () => {
    const cache = new AnswerCache({ maxBytes: 300, maxEntryBytes: 200 });
    await drain(cache.claim('a').record(parts('a'.repeat(100))));
    await drain(cache.claim('b').record(parts('b'.repeat(100))));
    cache.keepGzipped('b', Buffer.alloc(150)); // 100 + 100 + 150 > 300: the least recently used goes
    expect(cache.lookup('a')).toBeUndefined();
    expect(cache.lookup('b')).toBe('b'.repeat(100));
  });
});

describe('accepting gzip', () => {
  it('reads Accept-Encoding as browsers and proxies write it', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('*;q=0.5, gzip;q=0')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(gzipEtag('"a.1.x"')).toBe('W/"a.1.x"');
  });
});
