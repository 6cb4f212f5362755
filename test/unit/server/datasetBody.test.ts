import { encodeDatasetBody, Page } from '../../../pipeline/server/datasetBody';
import type { DatasetChunk } from '../../../pipeline/server/deps';
import { JSON_ROW_SEPARATOR } from '../../../pipeline/warehouse/jsonRows';
import type { Column } from '../../../pipeline/warehouse/values';

const COLUMNS: Column[] = [
  { name: 'n', type: 'integer' },
  { name: 'label', type: 'string' },
];
const HEAD = { dataset: 'numbers', params: { window_days: 90 }, data_version: '7', warnings: [] };

/** A source of rows 0..total-1 in chunks of `size`, recording how far it was read and whether it was closed. */
function source(total: number, size: number, encoded: false | 'rows' | 'blocks' = false) {
  const state = { chunksRead: 0, closed: false };
  async function* generate(): AsyncGenerator<DatasetChunk> {
    try {
      for (let start = 0; start < total; start += size) {
        state.chunksRead++;
        const rows = [];
        for (let n = start; n < Math.min(total, start + size); n++) rows.push([n, `#${n}`]);
        // a warehouse that encodes rows itself hands over their JSON texts instead
        const texts = rows.map((row) => JSON.stringify(row));
        if (encoded === 'rows') yield { columns: COLUMNS, jsonRows: texts };
        else if (encoded === 'blocks') yield { columns: COLUMNS, jsonChunk: { text: texts.join(JSON_ROW_SEPARATOR), rowCount: texts.length } };
        else yield { columns: COLUMNS, rows };
      }
    } finally {
      state.closed = true;
    }
  }
  return { iterator: generate(), state };
}

async function encode(total: number, size: number, page: Page, encoded: false | 'rows' | 'blocks' = false) {
  const { iterator, state } = source(total, size, encoded);
  const first = await iterator.next();
  let text = '';
  for await (const part of encodeDatasetBody(HEAD, COLUMNS, iterator, first, page)) text += part;
  return { body: JSON.parse(text), state };
}

const numbers = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => [from + i, `#${from + i}`]);

describe('dataset body encoding', () => {
  it('pages rows the warehouse already encoded exactly as rows of values', async () => {
    const pages = [{ offset: 0, limit: null }, { offset: 3, limit: 4 }, { offset: 5, limit: 5 }, { offset: 12, limit: 2 }, { offset: 3, limit: 6 }, { offset: 0, limit: 3 }];
    for (const page of pages) {
      const values = await encode(10, 3, page);
      for (const encoded of ['rows', 'blocks'] as const) {
        const texts = await encode(10, 3, page, encoded);
        expect({ encoded, page, body: texts.body, state: texts.state }).toEqual({ encoded, page, body: values.body, state: values.state });
      }
    }
    expect((await encode(10, 3, { offset: 3, limit: 4 }, 'blocks')).body.rows).toEqual(numbers(3, 7));
  });

  it('writes every row with the total when no limit is given', async () => {
    const { body, state } = await encode(10, 4, { offset: 0, limit: null });
    expect(body).toEqual({ ...HEAD, columns: COLUMNS, rows: numbers(0, 10), total_rows: 10, offset: 0, next_offset: null });
    expect(state.closed).toBe(true);
  });

  it('cuts a page inside a chunk and points at the next row', async () => {
    const { body } = await encode(10, 4, { offset: 1, limit: 2 });
    expect(body.rows).toEqual(numbers(1, 3));
    expect(body).toMatchObject({ offset: 1, next_offset: 3 });
    expect(body).not.toHaveProperty('total_rows');
  });

  it('looks one chunk ahead when a page ends exactly on a chunk boundary', async () => {
    const more = await encode(12, 4, { offset: 4, limit: 4 });
    expect(more.body).toMatchObject({ rows: numbers(4, 8), next_offset: 8 });
    const last = await encode(8, 4, { offset: 4, limit: 4 });
    expect(last.body).toMatchObject({ rows: numbers(4, 8), total_rows: 8, next_offset: null });
  });

  it('skips whole chunks before the offset and stops reading once the page is full', async () => {
    const { body, state } = await encode(100, 4, { offset: 41, limit: 5 });
    expect(body.rows).toEqual(numbers(41, 46));
    expect(state.chunksRead).toBe(12); // rows 41–45 sit in chunks 10 and 11 (0-based); the page ends inside chunk 11
    expect(state.closed).toBe(true);
  });

  it('answers an offset past the end with no rows and the real total', async () => {
    const { body } = await encode(5, 4, { offset: 50, limit: 10 });
    expect(body).toMatchObject({ rows: [], total_rows: 5, offset: 50, next_offset: null });
  });

  it('uses the declared columns when the result has no rows at all', async () => {
    const { body } = await encode(0, 4, { offset: 0, limit: null });
    expect(body).toMatchObject({ columns: COLUMNS, rows: [], total_rows: 0 });
  });

  it('writes null for values JSON cannot carry, such as NaN', async () => {
    async function* one(): AsyncGenerator<DatasetChunk> {
      yield { columns: COLUMNS, rows: [[Number.NaN, 'x']] };
    }
    const iterator = one();
    let text = '';
    for await (const part of encodeDatasetBody(HEAD, COLUMNS, iterator, await iterator.next(), { offset: 0, limit: null })) text += part;
    expect(JSON.parse(text).rows).toEqual([[null, 'x']]);
  });
});
