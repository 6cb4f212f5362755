import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../pipeline/errors';
import { resolveDemoOptions, writeDemoData } from '../../../pipeline/demo';
import { generate, listFiles, removeTempDirs, tempDir } from './demoFixture';

const TINY = { seed: 11, days: 30, skus: 20, scale: 0.2, endDate: '2026-06-30' };

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

afterAll(removeTempDirs);

describe('demo data determinism', () => {
  it('writes byte-identical files, manifest included, when run twice with the same seed and options', async () => {
    const a = await generate(TINY);
    const b = await generate(TINY);
    const ha = hashes(a.dir);
    expect(Object.keys(ha).length).toBeGreaterThan(15);
    expect(hashes(b.dir)).toEqual(ha);
  });

  it('writes different orders with a different seed', async () => {
    const a = await generate(TINY);
    const b = await generate({ ...TINY, seed: 12 });
    const orders = (h: Record<string, string>) => Object.entries(h).filter(([f]) => f.includes('all-orders'));
    expect(orders(hashes(b.dir))).not.toEqual(orders(hashes(a.dir)));
  });

  it('regenerates over an earlier demo directory and leaves none of its stale month files', async () => {
    const dir = tempDir();
    await writeDemoData({ ...TINY, days: 60, outDir: dir });
    expect(existsSync(join(dir, 'ebay/orders-report-2026-05.csv'))).toBe(true);
    await writeDemoData({ ...TINY, outDir: dir });
    expect(existsSync(join(dir, 'ebay/orders-report-2026-05.csv'))).toBe(false);
    expect(existsSync(join(dir, 'ebay/orders-report-2026-06.csv'))).toBe(true);
  });

  it('refuses to write into a non-empty folder that holds no demo data', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine/keep.csv'), 'x\n');
    await expect(writeDemoData({ ...TINY, outDir: dir })).rejects.toThrow(UsageError);
    expect(readFileSync(join(dir, 'mine/keep.csv'), 'utf8')).toBe('x\n');
  });

  it('rejects a malformed end date, a non-positive scale and a fractional seed as usage errors', () => {
    expect(() => resolveDemoOptions({ outDir: 'x', endDate: '2026-02-30' })).toThrow(UsageError);
    expect(() => resolveDemoOptions({ outDir: 'x', scale: 0 })).toThrow(UsageError);
    expect(() => resolveDemoOptions({ outDir: 'x', seed: 1.5 })).toThrow(UsageError);
  });

  it('derives 300 SKUs per unit of scale and stops growing the catalogue at 10,000', () => {
    expect(resolveDemoOptions({ outDir: 'x' }).skus).toBe(300);
    expect(resolveDemoOptions({ outDir: 'x', scale: 2 }).skus).toBe(600);
    expect(resolveDemoOptions({ outDir: 'x', scale: 40 }).skus).toBe(10000);
  });

  it('multiplies order volume with scale at a fixed catalogue', async () => {
    const one = await generate({ ...TINY, scale: 0.2 });
    const three = await generate({ ...TINY, scale: 0.6 });
    const ratio = three.result.stats.orderLines / one.result.stats.orderLines;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.5);
  });
});
