import { backoffDelayMs, parseRetryAfterMs } from '../../../pipeline/channels/http/backoff';
import { HttpClient } from '../../../pipeline/channels/http/client';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { CostBucket } from '../../../pipeline/channels/http/costBucket';
import { redactUrl } from '../../../pipeline/channels/http/redact';
import { TokenBucket } from '../../../pipeline/channels/http/tokenBucket';
import { accountKey, findSharedLimiter, resetSharedLimiters, sharedLimiter } from '../../../pipeline/channels/http/sharedLimiter';

type Step = { status: number; body?: unknown; headers?: Record<string, string> } | { error: 'timeout' | 'refused' | 'reset' };

/** A fetch that plays a script of answers and records each call. */
function scriptedFetch(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const step = steps.shift() ?? { status: 200, body: {} };
    if ('error' in step) {
      if (step.error === 'timeout') throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
      const code = step.error === 'refused' ? 'ECONNREFUSED' : 'ECONNRESET';
      throw Object.assign(new TypeError('fetch failed'), { cause: { code } });
    }
    return new Response(step.body === undefined ? '' : JSON.stringify(step.body), { status: step.status, headers: step.headers });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const client = (steps: Step[], extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) => {
  const clock = new ManualClock(1_000_000);
  const script = scriptedFetch(steps);
  const http = new HttpClient({ name: 'test', baseUrl: 'https://channel.example/api/', fetch: script.fn, clock, random: () => 0.5, backoff: { baseMs: 100, maxMs: 1000 }, ...extra });
  return { http, clock, calls: script.calls };
};

describe('back-off and Retry-After', () => {
  it('draws full-jitter delays below min(cap, base × 2^attempt)', () => {
    expect(backoffDelayMs(0, { baseMs: 100, maxMs: 1000 }, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, { baseMs: 100, maxMs: 1000 }, () => 0.5)).toBe(400);
    expect(backoffDelayMs(10, { baseMs: 100, maxMs: 1000 }, () => 0.5)).toBe(500);
    expect(backoffDelayMs(2, { baseMs: 100, maxMs: 1000 }, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfterMs('3', 0)).toBe(3000);
    expect(parseRetryAfterMs('0.5', 0)).toBe(500);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 10:00:05 GMT', Date.parse('2026-11-26T10:00:00Z'))).toBe(5000);
    expect(parseRetryAfterMs('soon', 0)).toBeNull();
    expect(parseRetryAfterMs(undefined, 0)).toBeNull();
  });
});

describe('token bucket', () => {
  it('lets a burst through, then spaces requests at the rate', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 2 }, clock);
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await bucket.take());
    expect(waits).toEqual([0, 0, 200, 200, 200]);
    expect(clock.now()).toBe(600);
  });

  it('refuses without waiting when empty (tryTake) and refills with time', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 }, clock);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1000);
    expect(bucket.tryTake()).toBe(true);
  });
});

describe('Shopify cost bucket', () => {
  it('waits (cost − available) / restoreRate before a query that does not fit', async () => {
    const clock = new ManualClock();
    const bucket = new CostBucket({ maximumAvailable: 1000, currentlyAvailable: 100, restoreRate: 50 }, clock);
    expect(await bucket.reserve(300)).toBe(4000);
    expect(bucket.available()).toBe(0);
  });

  it('adopts the throttleStatus the server reports and restores from there', () => {
    const clock = new ManualClock();
    const bucket = new CostBucket({ maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 }, clock);
    bucket.sync({ maximumAvailable: 2000, currentlyAvailable: 10, restoreRate: 100 });
    clock.advance(2000);
    expect(bucket.available()).toBe(210);
    expect(bucket.waitMs(2500)).toBe(17_900); // capped at the bucket size: (2000 − 210) / 100 s
  });
});

describe('http client', () => {
  it('retries 503 with jittered back-off and returns the first success', async () => {
    const { http, clock, calls } = client([{ status: 503 }, { status: 503 }, { status: 200, body: { ok: true } }]);
    const result = await http.send({ method: 'POST', path: '/x', body: {} });
    expect(result).toMatchObject({ kind: 'response', attempts: 3, response: { status: 200, json: { ok: true } } });
    expect(clock.sleeps).toEqual([50, 100]); // random 0.5 × 100, × 200
    expect(calls).toHaveLength(3);
  });

  it('waits exactly the Retry-After of a 429 instead of its own back-off', async () => {
    const { http, clock } = client([{ status: 429, headers: { 'retry-after': '7' } }, { status: 200 }]);
    await http.send({ method: 'GET', path: '/x' });
    expect(clock.sleeps).toEqual([7000]);
  });

  it('gives up after maxRetries and hands back the last answer', async () => {
    const { http, calls } = client([{ status: 500 }, { status: 500 }, { status: 500 }], { maxRetries: 2 });
    const result = await http.send({ method: 'GET', path: '/x' });
    expect(result).toMatchObject({ kind: 'response', attempts: 3, response: { status: 500 } });
    expect(calls).toHaveLength(3);
  });

  it('does not retry a 4xx answer', async () => {
    const { http, calls } = client([{ status: 400, body: { error: 'bad' } }]);
    expect(await http.send({ method: 'POST', path: '/x' })).toMatchObject({ kind: 'response', response: { status: 400 } });
    expect(calls).toHaveLength(1);
  });

  it('returns unknown_outcome without resending when a POST times out after being sent', async () => {
    const { http, calls } = client([{ error: 'timeout' }, { status: 200 }]);
    const result = await http.send({ method: 'POST', path: '/x', body: {} });
    expect(result.kind).toBe('unknown_outcome');
    expect(calls).toHaveLength(1);
  });

  it('times a call out when its clock passes timeoutMs, however long that takes in real time', async () => {
    const clock = new ManualClock();
    let sent!: () => void;
    const inFlight = new Promise<void>((resolve) => (sent = resolve));
    let aborted = false;
    const neverAnswers = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        sent();
        init.signal!.addEventListener('abort', () => {
          aborted = true;
          reject(init.signal!.reason);
        });
      })) as unknown as typeof fetch;
    const http = new HttpClient({ name: 'test', baseUrl: 'https://channel.example/', fetch: neverAnswers, clock, timeoutMs: 400 });
    const pending = http.send({ method: 'POST', path: '/x', body: {} });
    await inFlight;
    clock.advance(399);
    expect(aborted).toBe(false);
    clock.advance(1);
    expect(await pending).toMatchObject({ kind: 'unknown_outcome', message: expect.stringMatching(/timed out after 400 ms/), attempts: 1 });
  });

  it('treats a lost connection mid-request (ECONNRESET) on a PATCH as an unknown outcome too', async () => {
    const { http, calls } = client([{ error: 'reset' }]);
    expect((await http.send({ method: 'PATCH', path: '/x', body: {} })).kind).toBe('unknown_outcome');
    expect(calls).toHaveLength(1);
  });

  it('treats HTTP 504 on a write as an unknown outcome', async () => {
    const { http, calls } = client([{ status: 504 }]);
    expect((await http.send({ method: 'POST', path: '/x', body: {} })).kind).toBe('unknown_outcome');
    expect(calls).toHaveLength(1);
  });

  it('resends an idempotent call after a timeout', async () => {
    const { http, calls } = client([{ error: 'timeout' }, { status: 200, body: { n: 1 } }]);
    expect(await http.send({ method: 'POST', path: '/x', body: {}, idempotent: true })).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(calls).toHaveLength(2);
  });

  it('retries a refused connection even for a POST: nothing was delivered', async () => {
    const { http, calls } = client([{ error: 'refused' }, { status: 200 }]);
    expect((await http.send({ method: 'POST', path: '/x', body: {} })).kind).toBe('response');
    expect(calls).toHaveLength(2);
  });

  it('reports unreachable after retries when the host refuses every connection', async () => {
    const { http } = client([{ error: 'refused' }, { error: 'refused' }], { maxRetries: 1 });
    expect((await http.send({ method: 'GET', path: '/x' })).kind).toBe('unreachable');
  });

  it('retries a 200 answer that the channel hook calls a throttle, after the hook\'s delay', async () => {
    const { http, clock } = client([{ status: 200, body: { errors: [{ code: 'THROTTLED' }] } }, { status: 200, body: { data: 1 } }]);
    const result = await http.send({ method: 'POST', path: '/g', idempotent: true, retryAfterMs: (r) => ((r.json as { errors?: unknown }).errors ? 1234 : null) });
    expect(result).toMatchObject({ kind: 'response', response: { json: { data: 1 } } });
    expect(clock.sleeps).toEqual([1234]);
  });

  it('paces calls with the client rate limiter on its clock', async () => {
    const { http, clock } = client([], { rate: { ratePerSecond: 2, burst: 1 } });
    for (let i = 0; i < 3; i++) await http.send({ method: 'GET', path: '/x' });
    expect(clock.now() - 1_000_000).toBe(1000);
  });

  it('builds URLs from the base, path and query, and keeps absolute URLs as they are', () => {
    const { http } = client([]);
    expect(http.url('/items/a b', { ids: ['1', '2'], skip: undefined, n: 3 })).toBe('https://channel.example/api/items/a%20b?ids=1%2C2&n=3');
    expect(http.url('https://s3.example/doc?sig=1')).toBe('https://s3.example/doc?sig=1');
  });

  it('never puts a credential into a message', async () => {
    const { http } = client([{ error: 'timeout' }], { headers: { authorization: 'Bearer super-secret-token' }, secrets: ['app-secret-1'] });
    const result = await http.send({ method: 'POST', path: '/x?session=abc123&access_token=zzz', body: {} });
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/abc123|zzz/);
    expect(http.redact('echo super-secret-token and app-secret-1')).toBe('echo [redacted] and [redacted]');
    expect(redactUrl('https://x/y?X-Amz-Signature=abcd&ok=1')).toBe('https://x/y?X-Amz-Signature=[redacted]&ok=1');
  });
});

describe('shared limiter registry', () => {
  it('hands out one limiter per account key and clock, created once, and never keeps the secret in clear', async () => {
    const clock = new ManualClock(0);
    const key = accountKey('test', 'https://Channel.example/api/', 'secret-token-123');
    expect(key).not.toContain('secret-token-123');
    expect(key).toBe(accountKey('test', 'https://channel.example/api', 'secret-token-123'));
    expect(key).not.toBe(accountKey('test', 'https://channel.example/api', 'another-token'));
    let created = 0;
    const make = () => (created++, new TokenBucket({ ratePerSecond: 1, burst: 2 }, clock));
    const a = sharedLimiter(key, clock, make);
    const b = sharedLimiter(key, clock, make);
    expect(a).toBe(b);
    expect(created).toBe(1);
    expect(findSharedLimiter(key, clock)).toBe(a);
    // Two takes by "one client" drain the budget the "other" then waits on.
    await a.take();
    await a.take();
    expect(await b.take()).toBe(1000);
    // Another clock is another world (tests with their own ManualClock never share).
    const other = new ManualClock(0);
    expect(findSharedLimiter(key, other)).toBeNull();
    expect(sharedLimiter(key, other, () => new TokenBucket({ ratePerSecond: 1, burst: 2 }, other))).not.toBe(a);
    resetSharedLimiters(clock);
    expect(findSharedLimiter(key, clock)).toBeNull();
  });
});
