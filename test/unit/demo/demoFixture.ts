// A small demo data set shared by the tests of one file: 75 days ending just after Cyber Monday
// 2026, 40 SKUs. Small enough to generate in about a second.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DemoOptions, DemoResult, writeDemoData } from '../../../pipeline/demo';

export const SMALL: Omit<DemoOptions, 'outDir'> = { seed: 7, days: 75, skus: 40, scale: 0.4, endDate: '2026-12-06' };

const created: string[] = [];

/** A new temporary folder, removed by removeTempDirs(). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-demo-test-'));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function generate(opts: Omit<DemoOptions, 'outDir'> = SMALL): Promise<{ dir: string; result: DemoResult }> {
  const dir = tempDir();
  const result = await writeDemoData({ ...opts, outDir: dir });
  return { dir, result };
}

/** Every file under dir (relative paths, sorted), hidden ones included. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

export function filesMatching(dir: string, re: RegExp): string[] {
  return listFiles(dir).filter((f) => re.test(f)).map((f) => join(dir, f));
}

/** Rows of a tab-separated report as objects keyed by header. */
export function readTsv(path: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const cols = head.split('\t');
  return lines.map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** Rows of a CSV file (header row first) as objects keyed by header. */
export function readCsv(path: string, fromLine = 1, toLineExclusive?: number): Array<Record<string, string>> {
  let text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/);
  text = lines.slice(fromLine - 1, toLineExclusive === undefined ? undefined : toLineExclusive - 1).join('\n');
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false });
}

export function firstLine(path: string): string {
  return readFileSync(path, 'utf8').split(/\r?\n/)[0];
}
