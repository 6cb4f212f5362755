// `crossdock bench <case> [args…]` (also `npm run bench -- <case>`): each case is a module in
// pipeline/bench/ that measures side by side in one run and ends with `BENCH <case> key=value…`.
import { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';

const BENCH_DIR = join(__dirname, '..', 'bench');

export function benchCases(): string[] {
  return existsSync(BENCH_DIR) ? readdirSync(BENCH_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort() : [];
}

export function register(program: Command): void {
  program
    .command('bench <case> [args...]')
    .description('run a benchmark case (ingest, analytics, load, writeback, addin, pipeline, scale)')
    .allowUnknownOption()
    .action(async (name: string, args: string[]) => {
      const cases = benchCases();
      if (!cases.includes(name)) throw new UsageError(`unknown benchmark "${name}"; valid cases: ${cases.join(', ')}`);
      // require, not import(): under tsx/cjs an extensionless dynamic import() does not resolve.
      const mod = require(join(BENCH_DIR, name)) as { run(args: string[]): Promise<void> };
      await mod.run(args);
    });
}
