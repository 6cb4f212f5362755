import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPaths } from '../../../pipeline/ingest';

describe('the files of a folder given to ingest', () => {
  it('skips notes, JSON and JSON-lines files (the demo sandboxes\' order seeds), but takes any file named on its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-folder-'));
    try {
      mkdirSync(join(dir, 'sandbox-orders'));
      for (const name of ['orders.tsv', 'README.md', 'manifest.json', 'sandbox-orders/shopee.jsonl', 'stock.xlsx']) writeFileSync(join(dir, name), 'x\n');
      expect(expandPaths([dir])).toEqual([join(dir, 'orders.tsv'), join(dir, 'stock.xlsx')]);
      expect(expandPaths([join(dir, 'sandbox-orders/shopee.jsonl')])).toEqual([join(dir, 'sandbox-orders/shopee.jsonl')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
