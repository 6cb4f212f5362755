// `npm run bench -- ingest-folder [--days N] [--skus N] [--scale X] [--seed N] [--folder DIR] [--rounds R] [--keep]`
// Many report files at once: the demo seller's folder (the one `npm start` generates and loads,
// ≈230 files of 16 kinds), or an existing demo folder (--folder, e.g. data/demo). In one run it
// times, each into a fresh DuckDB file and ending with a checkpoint:
//   (a) crossdock: the demo's ingest plan (pipeline/demo demoIngestPlan) through ingestPaths, as
//       `npm start` loads it: detection, staging, typing, validation, rejects, natural-key
//       replace, bookkeeping;
//   (b) DuckDB's own speed for the same files: ONE read_csv per file layout (the files of one kind
//       share their columns) over the list of that layout's files, into one plain table each, as
//       a DuckDB user would load a folder of exports. DuckDB is told what it cannot find itself
//       (delimiter, Amazon's unquoted TSVs, the header line after eBay's preamble, Latin-1) and
//       detects the column types, as in `bench ingest`. Which files share a layout is told by
//       crossdock's header detection before the clock starts;
//   (c) a floor: the same files read as text only, every column named and VARCHAR, nothing
//       detected (auto_detect = false), as crossdock's own staging read does.
// Prints `BENCH ingest-folder files=… rows=… crossdock_s=… duckdb_s=… ratio=…` (goal: ratio ≤ 3),
// with duckdb_text_s and ratio_text beside them. With --rounds R the methods run interleaved R
// times and the medians are compared (the machine is shared: single runs are noisy).
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoIngestPlan, IngestStep, MANIFEST, writeDemoData } from '../demo';
import { UsageError } from '../errors';
import { detectReport, expandPaths, ingestPaths } from '../ingest';
import { stagingColumns } from '../ingest/load';
import { reportByKind } from '../ingest/registry';
import { say } from '../log';
import { DuckWarehouse } from '../warehouse/duckdb';

interface Options {
  folder?: string;
  days?: number;
  skus?: number;
  scale?: number;
  seed?: number;
  rounds: number;
  keep: boolean;
}

function parseArgs(args: string[]): Options {
  const out: Options = { rounds: 1, keep: false };
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (name === '--keep') {
      out.keep = true;
      continue;
    }
    const value = args[++i];
    if (name === '--folder') {
      if (!value || !existsSync(value)) throw new UsageError(`--folder needs an existing demo folder, got "${value ?? ''}"`);
      out.folder = value;
      continue;
    }
    const n = Number(value);
    const key = ({ '--days': 'days', '--skus': 'skus', '--scale': 'scale', '--seed': 'seed', '--rounds': 'rounds' } as const)[name];
    if (!key) throw new UsageError(`unknown option ${name}; options: --days N, --skus N, --scale X, --seed N, --folder DIR, --rounds R, --keep`);
    if (!(n > 0) || (key !== 'scale' && !Number.isInteger(n))) throw new UsageError(`${name} needs a positive ${key === 'scale' ? 'number' : 'whole number'}, got "${value}"`);
    out[key] = n;
  }
  return out;
}

/** Files of one layout, and how DuckDB must be told to read them. */
interface Layout {
  table: string;
  files: string[];
  delimiter: string;
  quoted: boolean;
  /** Lines before the header (eBay's preamble). */
  preamble: number;
  latin1: boolean;
  /** Header cells, for the text read (c). */
  columns: string[];
}

async function layouts(steps: IngestStep[]): Promise<Layout[]> {
  const byKey = new Map<string, Layout>();
  for (const file of steps.flatMap((step) => expandPaths(step.paths))) {
    const found = await detectReport(file);
    const spec = reportByKind(found.kind)!;
    if (found.encoding === 'windows-1252') throw new UsageError(`${file}: windows-1252, which DuckDB cannot read; the bench compares UTF-8 and Latin-1 files only`);
    const key = JSON.stringify([found.kind, found.header, found.skipLines, found.encoding]);
    const layout = byKey.get(key) ?? {
      table: `${found.kind.replace(/\W/g, '_')}_${byKey.size}`,
      files: [],
      delimiter: spec.delimiter,
      quoted: spec.quoted,
      preamble: found.skipLines - 1,
      latin1: found.encoding === 'latin-1',
      columns: stagingColumns(found.header),
    };
    layout.files.push(file);
    byKey.set(key, layout);
  }
  return [...byKey.values()];
}

const sql = (value: string) => `'${value.replace(/'/g, "''")}'`;

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

interface Timed {
  seconds: number;
  cpu: number;
  rows: number;
}

async function timeCrossdock(steps: IngestStep[], dbFile: string): Promise<Timed & { files: number; rejected: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const warehouse = await DuckWarehouse.open(dbFile);
  const summaries = [];
  for (const step of steps) summaries.push(...(await ingestPaths(warehouse, step.paths, { marketplace: step.marketplace })));
  await warehouse.run('checkpoint');
  warehouse.close();
  return {
    seconds: (performance.now() - t0) / 1000,
    cpu: cpuSince(cpu0),
    rows: summaries.reduce((sum, s) => sum + s.rows_read, 0),
    files: summaries.length,
    rejected: summaries.reduce((sum, s) => sum + s.rows_rejected, 0),
  };
}

async function timeDuckdb(groups: Layout[], dbFile: string, asText: boolean): Promise<Timed> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const warehouse = await DuckWarehouse.open(dbFile, { migrate: false });
  const rows = await warehouse.withConnection(async (conn) => {
    let total = 0;
    for (const g of groups) {
      const options = [
        `delim = ${sql(g.delimiter)}`,
        ...(asText
          ? ['header = false', `skip = ${g.preamble + 1}`, `columns = {${g.columns.map((c) => `${sql(c)}: 'VARCHAR'`).join(', ')}}`, 'auto_detect = false']
          : ['header = true', ...(g.preamble ? [`skip = ${g.preamble}`] : [])]),
        g.quoted ? `quote = '"', escape = '"'` : `quote = '', escape = ''`,
        // eBay's footer lines are shorter than its rows
        'null_padding = true',
        ...(g.latin1 ? [`encoding = 'latin-1'`] : []),
      ];
      await conn.run(`create table ${g.table} as select * from read_csv([${g.files.map(sql).join(', ')}], ${options.join(', ')})`);
      total += Number((await conn.values(`select count(*) from ${g.table}`))[0][0]);
    }
    await conn.run('checkpoint');
    return total;
  });
  warehouse.close();
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuSince(cpu0), rows };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function folderBytes(files: string[]): number {
  return files.reduce((sum, f) => sum + statSync(f).size, 0);
}

export async function run(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const dir = mkdtempSync(join(process.env.CROSSDOCK_BENCH_DIR ?? tmpdir(), 'crossdock-bench-ingest-folder-'));
  try {
    let folder = opts.folder;
    if (!folder) {
      folder = join(dir, 'demo');
      const t0 = performance.now();
      await writeDemoData({ outDir: folder, seed: opts.seed, scale: opts.scale, days: opts.days, skus: opts.skus });
      say(`generated the demo folder ${folder} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    // A demo folder loads by its plan (Amazon DE as marketplace DE); any other folder as one step.
    const steps = existsSync(join(folder, MANIFEST)) ? demoIngestPlan(folder) : [{ paths: [folder] }];
    const files = steps.flatMap((step) => expandPaths(step.paths));
    const groups = await layouts(steps);
    say(`${files.length} files (${(folderBytes(files) / 1e6).toFixed(0)} MB) in ${groups.length} layouts`);
    const runs = { crossdock: [] as Timed[], duckdb: [] as Timed[], text: [] as Timed[] };
    let loaded = { files: 0, rows: 0, rejected: 0 };
    for (let round = 1; round <= opts.rounds; round++) {
      for (const f of readdirSync(dir)) if (/\.duckdb(\.wal)?$/.test(f)) rmSync(join(dir, f), { force: true });
      const duck = await timeDuckdb(groups, join(dir, `duckdb-${round}.duckdb`), false);
      const text = await timeDuckdb(groups, join(dir, `duckdb-text-${round}.duckdb`), true);
      const cd = await timeCrossdock(steps, join(dir, `crossdock-${round}.duckdb`));
      if (cd.files !== files.length) throw new Error(`crossdock loaded ${cd.files} of ${files.length} files`);
      loaded = cd;
      runs.crossdock.push(cd);
      runs.duckdb.push(duck);
      runs.text.push(text);
      say(
        `round ${round}: crossdock ${cd.seconds.toFixed(2)} s (cpu ${cd.cpu.toFixed(2)} s, ${cd.rows} rows), ` +
          `duckdb read_csv typed ${duck.seconds.toFixed(2)} s (cpu ${duck.cpu.toFixed(2)} s, ${duck.rows} lines), ` +
          `as text ${text.seconds.toFixed(2)} s (cpu ${text.cpu.toFixed(2)} s)`,
      );
    }
    const cdS = median(runs.crossdock.map((r) => r.seconds));
    const duckS = median(runs.duckdb.map((r) => r.seconds));
    const textS = median(runs.text.map((r) => r.seconds));
    if (opts.rounds > 1) say(`median of ${opts.rounds}: crossdock ${cdS.toFixed(2)} s, duckdb ${duckS.toFixed(2)} s, duckdb as text ${textS.toFixed(2)} s`);
    // CPU time is steadier than wall time on a shared machine.
    const cpu = (list: Timed[]) => median(list.map((r) => r.cpu));
    say(`cpu median: crossdock ${cpu(runs.crossdock).toFixed(2)} s, duckdb ${cpu(runs.duckdb).toFixed(2)} s, cpu ratio ${(cpu(runs.crossdock) / cpu(runs.duckdb)).toFixed(2)}`);
    say(
      `BENCH ingest-folder files=${loaded.files} rows=${loaded.rows} rejected=${loaded.rejected} crossdock_s=${cdS.toFixed(2)} duckdb_s=${duckS.toFixed(2)} ` +
        `ratio=${(cdS / duckS).toFixed(2)} duckdb_text_s=${textS.toFixed(2)} ratio_text=${(cdS / textS).toFixed(2)}`,
    );
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    else say(`kept ${dir}`);
  }
}
