// `crossdock demo`: writes the seeded demo data set (native report files of a cross-border
// seller) into a directory, ready for `crossdock ingest`. See docs/demo.md.
import { Command, Option } from 'commander';

interface DemoCliOptions {
  out: string;
  seed: string;
  scale: string;
  endDate?: string;
  days?: string;
  skus?: string;
}

function toNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : NaN;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('generate realistic demo report files (Amazon, eBay, Shopify, 3PL templates) for a cross-border seller')
    .option('--out <dir>', 'output directory', 'data/demo')
    .option('--seed <n>', 'random seed: the same seed and options give the same bytes', '42')
    .option('--scale <n>', 'multiply order volume, about 350,000 order lines per unit (SKUs grow with it up to 10,000); 29 ≈ 10M order lines', '1')
    .option('--end-date <YYYY-MM-DD>', 'last day of the history', undefined)
    .addOption(new Option('--days <n>', 'length of the history in days (default 730)'))
    .addOption(new Option('--skus <n>', 'number of SKUs, overriding the one derived from --scale'))
    .action(async (opts: DemoCliOptions) => {
      // require, not import(): under tsx/cjs an extensionless dynamic import() does not resolve.
      const { runDemoCommand } = require('../demo/command') as typeof import('../demo/command');
      await runDemoCommand({
        outDir: opts.out,
        seed: toNumber('--seed', opts.seed),
        scale: toNumber('--scale', opts.scale),
        endDate: opts.endDate,
        days: toNumber('--days', opts.days),
        skus: toNumber('--skus', opts.skus),
      });
    });
}
