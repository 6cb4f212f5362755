// `crossdock bench <case> [args…]` (also `npm run bench -- <case>`): each case is a module in
// pipeline/bench/ that measures side by side in one run and ends with `BENCH <case> key=value…`.
import { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';

const BENCH_DIR = join(__dirname, '..', 'bench');

/** A case's name from its module's: `ingestFolder.ts` → `ingest-folder`. */
function caseName(module: string): string {
  return module.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Case name → module name (pipeline/bench/<module>.ts). */
function benchModules(): Map<string, string> {
  const modules = existsSync(BENCH_DIR) ? readdirSync(BENCH_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)) : [];
  return new Map(modules.map((m) => [caseName(m), m]));
}

export function benchCases(): string[] {
  return [...benchModules().keys()].sort();
}

export function register(program: Command): void {
  program
    .command('bench <case> [args...]')
    .description('run a benchmark case (ingest, ingest-folder, analytics, load, writeback, addin, pipeline, scale, forecast)')
    .allowUnknownOption()
    .action(async (name: string, args: string[]) => {
      const file = benchModules().get(name);
      if (!file) throw new UsageError(`unknown benchmark "${name}"; valid cases: ${benchCases().join(', ')}`);
      // require, not import(): under tsx/cjs an extensionless dynamic import() does not resolve.
      const mod = require(join(BENCH_DIR, file)) as { run(args: string[]): Promise<void> };
      await mod.run(args);
    });
}
