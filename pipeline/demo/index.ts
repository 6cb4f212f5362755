// writeDemoData: the seeded demo data set of a cross-border seller, as native report files.
// Same options ⇒ same bytes: no clock, no Math.random, a fixed write order.
import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_ORDERS_DIR } from '../channels/contract/sandboxOrders';
import { UsageError } from '../errors';
import { Calendar, parseDay } from './calendar';
import { buildCatalog } from './catalog';
import { Rng } from './random';
import { ReportWriter, writeFxRates, writeMasterData } from './reports';
import { FbaLedgerWriter } from './ledger';
import { AmazonSettlementWriter } from './settlement';
import { fanOut, SimStats, simulate } from './simulate';
import { FileSet } from './writer';

export const DEFAULT_END_DATE = '2026-11-25';
export const DEFAULT_SEED = 42;
export const DEFAULT_DAYS = 730;
/** SKUs per unit of scale, and the most the catalogue grows to (beyond it, volume per SKU grows). */
export const SKUS_PER_SCALE = 300;
export const MAX_SKUS = 10_000;
/** The marker that says "this directory holds generated demo data and may be regenerated". */
export const MANIFEST = '.crossdock-demo.json';
export { SANDBOX_ORDERS_DIR };
// sandbox-orders/ holds the orders of the API-only channels (Mercado Libre, Shopee) as their
// sandboxes' seed: `npm start` loads them into the sandboxes, the file ingest never reads them.
const GENERATED_DIRS = ['amazon', 'ebay', 'shopify', 'crossdock', SANDBOX_ORDERS_DIR];

export interface DemoOptions {
  outDir: string;
  seed?: number;
  /** multiplies order volume; the catalogue grows with it up to MAX_SKUS */
  scale?: number;
  /** last simulated day, YYYY-MM-DD */
  endDate?: string;
  /** length of the history in days (default 730); tests use fewer */
  days?: number;
  /** number of SKUs, overriding the one derived from scale (tests use few) */
  skus?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoStats extends SimStats {
  seed: number;
  scale: number;
  skus: number;
  listings: number;
  firstDate: string;
  lastDate: string;
  inventoryRows: number;
  bytes: number;
  /** FBA and Shopify inventory snapshots, dated by their mtime (the end date) */
  snapshotFiles: string[];
}

export interface DemoResult {
  /** paths relative to outDir, sorted */
  files: string[];
  stats: DemoStats;
}

/** One `crossdock ingest` call: the paths, and the marketplace they must be read as. */
export interface IngestStep {
  paths: string[];
  marketplace?: string;
}

/**
 * How to load a demo folder: everything but amazon/DE as is, then amazon/DE as marketplace DE
 * (Amazon's inventory, returns and listings reports do not name their marketplace).
 * Master data goes first so that listings, locations and rates exist when facts arrive.
 */
export function demoIngestPlan(outDir: string): IngestStep[] {
  return [
    { paths: ['crossdock', 'amazon/US', 'ebay', 'shopify'].map((p) => join(outDir, p)) },
    { paths: [join(outDir, 'amazon/DE')], marketplace: 'DE' },
  ];
}

export function resolveDemoOptions(opts: DemoOptions): Required<Omit<DemoOptions, 'onProgress'>> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const scale = opts.scale ?? 1;
  const days = opts.days ?? DEFAULT_DAYS;
  const endDate = opts.endDate ?? DEFAULT_END_DATE;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be a whole number between 0 and ${0xffffffff}, got ${opts.seed}`);
  if (!(scale > 0) || scale > 1000) throw new UsageError(`--scale must be a number above 0 and at most 1000, got ${opts.scale}`);
  if (!Number.isInteger(days) || days < 14 || days > 3650) throw new UsageError(`--days must be a whole number from 14 to 3650, got ${opts.days}`);
  try {
    parseDay(endDate);
  } catch {
    throw new UsageError(`--end-date must be a date like 2026-11-25, got "${endDate}"`);
  }
  const skus = opts.skus ?? Math.min(MAX_SKUS, Math.max(20, Math.round(SKUS_PER_SCALE * scale)));
  if (!Number.isInteger(skus) || skus < 5 || skus > 100_000) throw new UsageError(`--skus must be a whole number from 5 to 100000, got ${opts.skus}`);
  return { outDir: opts.outDir, seed, scale, endDate, days, skus };
}

/** Refuses to write into a directory that holds anything but an earlier demo data set. */
function prepareOutDir(outDir: string): void {
  if (!existsSync(outDir)) return;
  const entries = readdirSync(outDir);
  if (entries.length === 0) return;
  if (!entries.includes(MANIFEST)) {
    throw new UsageError(`${outDir} is not empty and holds no earlier demo data (${MANIFEST}); choose an empty or new directory with --out`);
  }
  for (const d of GENERATED_DIRS) rmSync(join(outDir, d), { recursive: true, force: true });
}

export async function writeDemoData(options: DemoOptions): Promise<DemoResult> {
  const o = resolveDemoOptions(options);
  prepareOutDir(o.outDir);
  const lastDay = parseDay(o.endDate);
  const firstDay = lastDay - o.days + 1;
  const cal = new Calendar(firstDay, lastDay);
  const root = new Rng(o.seed);
  const catalog = buildCatalog(root.fork(10), {
    skuCount: o.skus,
    rateMultiplier: (o.scale * SKUS_PER_SCALE) / o.skus,
    days: o.days,
  });

  const files = new FileSet(o.outDir);
  writeMasterData(files, catalog);
  writeFxRates(files, cal, firstDay - 14, lastDay, root.fork(11));
  const reports = new ReportWriter(files, cal, firstDay, lastDay, root.fork(12));
  const simRng = root.fork(13);
  // (forked after the others, so that adding the ledger changed none of the other files)
  const ledger = new FbaLedgerWriter(files, cal, lastDay, root.fork(14));
  let tick = 0;
  const sim = await simulate({
    catalog,
    cal,
    firstDay,
    lastDay,
    rng: simRng,
    sink: fanOut(reports, ledger, new AmazonSettlementWriter(files, cal, lastDay)),
    onDay: async (done, total) => {
      options.onProgress?.(done + 1, total);
      // let timers and signals run now and then during a long generation
      if (++tick % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    },
  });
  files.closeAll();
  const snapshotFiles = reports.writeSnapshots(catalog);
  files.closeAll();

  // The ingester dates snapshot files that carry no date by their modification time.
  const endNoon = new Date((lastDay * 86400 + 12 * 3600) * 1000);
  for (const rel of snapshotFiles) utimesSync(join(o.outDir, rel), endNoon, endNoon);

  const stats: DemoStats = {
    ...sim,
    seed: o.seed,
    scale: o.scale,
    skus: catalog.skus.length,
    listings: catalog.listings.length,
    firstDate: cal.info(firstDay).iso,
    lastDate: cal.info(lastDay).iso,
    inventoryRows: files.done.filter((f) => f.relPath.startsWith('crossdock/inventory/')).reduce((a, f) => a + f.rows, 0),
    bytes: files.done.reduce((a, f) => a + f.bytes, 0),
    snapshotFiles,
  };
  const list = [...files.files].sort();
  writeFileSync(join(o.outDir, MANIFEST), JSON.stringify({ generator: 'crossdock demo', options: { ...o, outDir: undefined }, files: list, stats }, null, 2) + '\n');
  return { files: list, stats };
}
