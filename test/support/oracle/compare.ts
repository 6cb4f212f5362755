// Compares the calculator's rows with a dataset's rows, value by value, and formats the
// disagreements as a table for the failure message.
export type Value = string | number | boolean | null;
export interface Mismatch { dataset: string; key: string; column: string; expected: unknown; got: unknown }
export interface Comparison { compared: number; mismatches: Mismatch[] }

const ABS_TOLERANCE = 5e-7; // toBeCloseTo(x, 6)
const REL_TOLERANCE = 1e-9;

export function sameValue(expected: unknown, got: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v === undefined ? null : v);
  const e = norm(expected);
  const g = norm(got);
  if (typeof e === 'number' && typeof g === 'number') {
    return Math.abs(e - g) <= ABS_TOLERANCE || Math.abs(e - g) <= REL_TOLERANCE * Math.max(Math.abs(e), Math.abs(g));
  }
  return e === g;
}

export interface CompareInput {
  dataset: string;
  expected: { key: string }[];
  actual: Record<string, unknown>[];
  keyOf: (row: Record<string, unknown>) => string;
  columns: string[];
}

/** Every expected row must be there with every column equal; every actual row must be expected. */
export function compareRows({ dataset, expected, actual, keyOf, columns }: CompareInput): Comparison {
  const mismatches: Mismatch[] = [];
  let compared = 0;
  const byKey = new Map(actual.map((r) => [keyOf(r), r]));
  if (byKey.size !== actual.length) mismatches.push({ dataset, key: '*', column: '(key)', expected: 'unique keys', got: `${actual.length - byKey.size} duplicate key(s)` });
  for (const want of expected) {
    const got = byKey.get(want.key);
    if (!got) {
      mismatches.push({ dataset, key: want.key, column: '(row)', expected: 'present', got: 'missing' });
      continue;
    }
    for (const column of columns) {
      compared += 1;
      const value = (want as Record<string, unknown>)[column];
      if (!sameValue(value, got[column])) mismatches.push({ dataset, key: want.key, column, expected: value, got: got[column] });
    }
  }
  const wanted = new Set(expected.map((r) => r.key));
  for (const key of byKey.keys()) if (!wanted.has(key)) mismatches.push({ dataset, key, column: '(row)', expected: 'absent', got: 'present' });
  return { compared, mismatches };
}

const show = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1e9) / 1e9) : typeof v === 'bigint' ? String(v) : JSON.stringify(v ?? null));

export function formatMismatches(mismatches: Mismatch[]): string {
  const rows = [['dataset', 'key', 'column', 'expected', 'got'], ...mismatches.map((m) => [m.dataset, m.key, m.column, show(m.expected), show(m.got)])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')).join('\n');
}
