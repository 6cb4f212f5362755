// Only pipeline/warehouse/ may import DuckDB: everything else works through the Warehouse and
// SqlConnection interfaces (pipeline/warehouse/types.ts), so a second engine fits behind them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const PIPELINE = join(ROOT, 'pipeline');
const WAREHOUSE = join(PIPELINE, 'warehouse');
const IMPORTS_DUCKDB = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]@duckdb\/node-api['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [path] : [];
  });
}

describe('engine imports', () => {
  it('finds @duckdb/node-api imported in no pipeline file outside pipeline/warehouse', () => {
    const offenders = sourceFiles(PIPELINE)
      .filter((file) => !file.startsWith(WAREHOUSE + sep))
      .filter((file) => IMPORTS_DUCKDB.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('recognises the import forms it guards against', () => {
    expect(IMPORTS_DUCKDB.test("import type { DuckDBConnection } from '@duckdb/node-api';")).toBe(true);
    expect(IMPORTS_DUCKDB.test('const duckdb = require("@duckdb/node-api");')).toBe(true);
    expect(IMPORTS_DUCKDB.test("await import('@duckdb/node-api')")).toBe(true);
    expect(IMPORTS_DUCKDB.test('// DuckDB reads the file itself')).toBe(false);
  });
});
