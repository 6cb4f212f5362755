import { encodeDatasetBody, type Page } from '../../../pipeline/server/datasetBody';
import type { DatasetChunk } from '../../../pipeline/server/deps';
import { PagedAnswers, replay, type KeptAnswer } from '../../../pipeline/server/pagedAnswers';
import type { Column } from '../../../pipeline/warehouse/values';

const columns: Column[] = [{ name: 'n', type: 'integer' }];

/** A query's answer: `total` rows in chunks of `size`, counting how many chunks were read and whether it was closed. */
function query(total: number, size: number, shape: 'rows' | 'jsonRows' | 'jsonChunk' = 'jsonRows') {
  const stats = { chunks: 0, closed: false };
  async function* source(): AsyncGenerator<DatasetChunk> {
    try {
      for (let at = 0; at < total; at += size) {
        stats.chunks++;
        const values = Array.from({ length: Math.min(size, total - at) }, (_, i) => [at + i]);
        if (shape === 'rows') yield { columns, params: { as_of: '2026-11-25' }, rows: values };
        else if (shape === 'jsonRows') yield { columns, params: { as_of: '2026-11-25' }, jsonRows: values.map((v) => JSON.stringify(v)) };
        else yield { columns, jsonChunk: { text: values.map((v) => JSON.stringify(v)).join(','), rowCount: values.length } };
      }
    } finally {
      stats.closed = true;
    }
  }
  return { source: source(), stats };
}

async function page(source: AsyncIterator<DatasetChunk>, at: Page): Promise<{ rows: number[][]; next_offset: number | null; total_rows?: number }> {
  const first = await source.next();
  let text = '';
  for await (const part of encodeDatasetBody({ dataset: 'x', params: {}, data_version: '1', warnings: [] }, columns, source, first, at)) text += part;
  return JSON.parse(text);
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('PagedAnswers', () => {
  it('reads the rest of an answer once its first page is full, and cuts the next pages from it', async () => {
    const answers = new PagedAnswers();
    const { source, stats } = query(25, 4);
    const first = await page(answers.record('k', source), { offset: 0, limit: 10 });
    expect(first.rows.map(([n]) => n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.next_offset).toBe(10);
    const kept = (await answers.lookup('k')) as KeptAnswer;
    expect(kept.rows).toHaveLength(25);
    expect(stats).toEqual({ chunks: 7, closed: true }); // read to the end once, and closed

    const second = await page(replay(kept), { offset: 10, limit: 10 });
    const third = await page(replay(kept), { offset: 20, limit: 10 });
    expect(second.rows.map(([n]) => n)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(third).toMatchObject({ rows: [[20], [21], [22], [23], [24]], total_rows: 25, offset: 20, next_offset: null });
    expect(kept.params).toEqual({ as_of: '2026-11-25' }); // what the query said it ran with, for the head
  });

  it('lets a page asked for while the rest is still being read wait for it', async () => {
    const answers = new PagedAnswers();
    await page(answers.record('k', query(9, 2).source), { offset: 0, limit: 4 });
    const pending = answers.lookup('k');
    expect(pending).toBeInstanceOf(Promise);
    expect(((await pending) as KeptAnswer).rows).toHaveLength(9);
  });

  it('keeps nothing for an answer read to its end in one page', async () => {
    const answers = new PagedAnswers();
    const whole = await page(answers.record('k', query(5, 2).source), { offset: 0, limit: 10 });
    expect(whole.total_rows).toBe(5);
    await settled();
    expect(answers.lookup('k')).toBeUndefined();
  });

  it('does not keep an answer over its size limit, and stops reading it there', async () => {
    const answers = new PagedAnswers({ maxEntryBytes: 40 }); // "[n]," is 4 bytes a row: 10 rows fit, the page and its look-ahead are 8
    const { source, stats } = query(100, 4);
    await page(answers.record('k', source), { offset: 0, limit: 4 });
    expect(await answers.lookup('k')).toBeNull();
    expect(answers.lookup('k')).toBeUndefined();
    expect(stats.closed).toBe(true);
    expect(stats.chunks).toBeLessThan(5);
  });

  it('passes pre-encoded mart blocks through untouched and keeps nothing for them', async () => {
    const answers = new PagedAnswers();
    const { source, stats } = query(20, 5, 'jsonChunk');
    const first = await page(answers.record('k', source), { offset: 0, limit: 5 });
    expect(first.rows).toHaveLength(5);
    await settled();
    expect(answers.lookup('k')).toBeUndefined();
    expect(stats).toEqual({ chunks: 2, closed: true });
  });

  it('encodes chunks of values once, on the way through', async () => {
    const answers = new PagedAnswers();
    const recorded = answers.record('k', query(3, 2, 'rows').source);
    const chunk = await recorded.next();
    expect(chunk.value).toEqual({ columns, params: { as_of: '2026-11-25' }, warnings: undefined, jsonRows: ['[0]', '[1]'] });
  });

  it('forgets answers unused for ttlMs, and the least recently used beyond maxBytes', async () => {
    let now = 0;
    const answers = new PagedAnswers({ ttlMs: 1000, maxBytes: 100, now: () => now });
    for (const key of ['a', 'b']) {
      await page(answers.record(key, query(10, 2).source), { offset: 0, limit: 2 }); // 40 bytes each
      await answers.lookup(key);
    }
    now = 500;
    expect(answers.lookup('a')).toBeDefined(); // used: b is now the least recent
    await page(answers.record('c', query(10, 2).source), { offset: 0, limit: 2 });
    await answers.lookup('c');
    expect(answers.lookup('b')).toBeUndefined(); // 120 bytes > 100: b went
    expect(answers.lookup('a')).toBeDefined();
    now = 1200;
    expect(answers.lookup('a')).toBeDefined();
    now = 1600;
    expect(answers.lookup('c')).toBeUndefined(); // unused since 500
    expect(answers.lookup('a')).toBeDefined(); // used at 1200
  });
});
