import { EXCEL_LIMITS, planBodyChunks, planChunks, planReadBlocks, rowBytes } from '../../../addin/core/chunking';

describe('planChunks', () => {
  it('packs rows greedily under the byte limit, counting formats and the array brackets', () => {
    // each row: '["abc",1]' = 9 bytes + comma = 10; formats '["@","0"]' = 10 → 20 per row.
    const body = Array.from({ length: 10 }, () => ['abc', 1]);
    const chunks = planBodyChunks(body, ['@', '0'], { maxBytes: 100, maxCells: 1_000 });
    expect(chunks).toEqual([
      { start: 0, end: 4, bytes: 84 },
      { start: 4, end: 8, bytes: 84 },
      { start: 8, end: 10, bytes: 44 },
    ]);
  });

  it('splits 100,000 rows of 105 bytes into ⌈rows / 38,095⌉ = 3 chunks under 4 MB', () => {
    // row JSON '["x…x"]' with 94 x = 98 bytes + comma = 99; format '["@"]' + comma = 6.
    const body = Array.from({ length: 100_000 }, () => ['x'.repeat(94)]);
    expect(rowBytes(body[0]) + rowBytes(['@'])).toBe(105);
    const chunks = planBodyChunks(body, ['@']);
    expect(chunks.map((c) => c.end - c.start)).toEqual([38_095, 38_095, 23_810]);
    for (const c of chunks) expect(c.bytes).toBeLessThanOrEqual(EXCEL_LIMITS.maxBytes);
  });

  it('never puts more than 5,000,000 cells in one chunk even when the bytes would fit', () => {
    const chunks = planChunks(new Array(12_000).fill(1), 1_000, 0, { maxBytes: 1e12, maxCells: 5_000_000 });
    expect(chunks.map((c) => c.end - c.start)).toEqual([5_000, 5_000, 2_000]);
  });

  it('covers every row exactly once, in order', () => {
    const sizes = Array.from({ length: 1_000 }, (_, i) => 1 + ((i * 7919) % 300));
    const chunks = planChunks(sizes, 3, 10, { maxBytes: 5_000, maxCells: 1e9 });
    expect(chunks[0].start).toBe(0);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBe(chunks[i - 1].end);
    expect(chunks[chunks.length - 1].end).toBe(1_000);
    for (const c of chunks) expect(c.bytes).toBeLessThanOrEqual(5_000);
  });

  it('refuses a single row larger than one request rather than sending it', () => {
    expect(() => planChunks([10, 5_000, 10], 1, 0, { maxBytes: 1_000, maxCells: 10 })).toThrow(/row 2 needs/);
  });

  it('plans nothing for an empty body', () => {
    expect(planChunks([], 5, 10)).toEqual([]);
  });
});

describe('planReadBlocks', () => {
  it('reads 200,000 rows × 9 columns in blocks that stay under 4 MB at 64 bytes a cell', () => {
    const blocks = planReadBlocks(200_000, 9);
    const per = Math.floor(4_000_000 / (9 * 64)); // 6944 rows
    expect(blocks[0]).toEqual([0, per]);
    expect(blocks.length).toBe(Math.ceil(200_000 / per));
    expect(blocks[blocks.length - 1][1]).toBe(200_000);
  });
});
