// `npm run bench -- ingest [--rows N] [--rounds R] [--xlsx] [--keep]`: generates an Amazon All Orders TSV of N lines
// (32 columns, as the real report), then times in one run
//   (a) crossdock ingest of it into a fresh DuckDB file (detect, stage, type, validate, load,
//       bookkeeping, checkpoint), and
//   (b) DuckDB's own read_csv of the same file into a plain table of a fresh file (checkpoint),
// and prints both and their ratio (target ≤ 1.3). With --xlsx it also writes the same lines as
// an Excel workbook and times crossdock ingest of it beside the TSV's (`BENCH ingest-xlsx`).
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors';
import { say } from '../log';
import { ingestPaths } from '../ingest';
import { DuckWarehouse } from '../warehouse/duckdb';
import { ALL_ORDERS_COLUMNS } from '../demo/formats/amazon';

export { ALL_ORDERS_COLUMNS };

const WORDS = ['Bamboo', 'Cutting', 'Board', 'Steel', 'Knife', 'Set', 'Silicone', 'Spatula', 'Glass', 'Jar', 'Linen', 'Apron', 'Cast', 'Iron', 'Pan'];
const CITIES = [['SEATTLE', 'WA', '98101'], ['AUSTIN', 'TX', '73301'], ['BROOKLYN', 'NY', '11201'], ['DENVER', 'CO', '80202'], ['BERLIN', '', '10115'], ['MÜNCHEN', 'BY', '80331']];

/** Writes a deterministic All Orders TSV of `rows` lines (about 250 bytes a line). */
export async function writeAllOrdersTsv(path: string, rows: number, seed = 42): Promise<void> {
  const out = createWriteStream(path);
  let state = seed >>> 0;
  const rnd = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const day0 = Date.UTC(2023, 0, 1);
  out.write(ALL_ORDERS_COLUMNS.join('\t') + '\n');
  let buffer: string[] = [];
  let lastSku = 0;
  for (let i = 0; i < rows; i++) {
    const orderNo = Math.floor(i / 2);
    const isDe = orderNo % 5 === 0;
    const purchase = new Date(day0 + Math.floor(rnd() * 730 * 86400) * 1000);
    const updated = new Date(purchase.getTime() + Math.floor(rnd() * 72 * 3600) * 1000);
    // The two lines of an order have different SKUs (a line is order × sku in this report).
    const skuBase = Math.floor(rnd() * 3000);
    const skuN = i % 2 === 0 ? skuBase : (lastSku + 1 + (skuBase % 2999)) % 3000;
    lastSku = skuN;
    const sku = `SKU-${String(skuN).padStart(5, '0')}`;
    const qty = 1 + Math.floor(rnd() * 4);
    const price = (qty * (5 + (skuN % 200) + 0.99)).toFixed(2);
    const status = rnd() < 0.05 ? 'Cancelled' : rnd() < 0.1 ? 'Pending' : 'Shipped';
    const fba = skuN % 3 !== 0;
    const city = CITIES[(skuN + orderNo) % (isDe ? 2 : 4) + (isDe ? 4 : 0)];
    const title = `${WORDS[skuN % 15]} ${WORDS[(skuN >> 2) % 15]} ${WORDS[(skuN >> 4) % 15]}, ${skuN % 7 ? 'Large' : '"Pro" 12in'}`;
    const id = `${isDe ? '302' : '111'}-${String(1000000 + (orderNo % 9000000)).padStart(7, '0')}-${String(orderNo).padStart(7, '0')}`;
    const iso = (d: Date) => d.toISOString().slice(0, 19) + (isDe ? '+00:00' : '+00:00');
    buffer.push(
      [
        id, id, iso(purchase), iso(updated), status, fba ? 'Amazon' : 'Merchant', isDe ? 'Amazon.de' : 'Amazon.com', '',
        '', fba ? 'Expedited' : 'Standard', title, sku, `B0${String(skuN).padStart(8, '0')}`,
        status === 'Cancelled' ? 'Cancelled' : status === 'Pending' ? 'Unshipped' : 'Shipped', String(status === 'Cancelled' ? 0 : qty),
        isDe ? 'EUR' : 'USD', status === 'Pending' ? '' : price, status === 'Pending' ? '' : (Number(price) * 0.08).toFixed(2), '0.00', '0.00', '', '',
        rnd() < 0.1 ? '-5.00' : '0.00', '0.00', city[0], city[1], city[2], isDe ? 'DE' : 'US', '', 'false', '', '',
      ].join('\t'),
    );
    if (buffer.length === 5000) {
      if (!out.write(buffer.join('\n') + '\n')) await once(out, 'drain');
      buffer = [];
    }
  }
  if (buffer.length) out.write(buffer.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}

/** CPU seconds (user + system, all threads of this process) since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function timeCrossdock(tsv: string, dbFile: string): Promise<{ seconds: number; cpu: number; loaded: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const warehouse = await DuckWarehouse.open(dbFile);
  const [summary] = await ingestPaths(warehouse, [tsv]);
  await warehouse.run('checkpoint');
  warehouse.close();
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuSince(cpu0), loaded: summary.rows_loaded };
}

async function timeDuckdbCopy(tsv: string, dbFile: string): Promise<{ seconds: number; cpu: number; rows: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const warehouse = await DuckWarehouse.open(dbFile, { migrate: false });
  const rows = await warehouse.withConnection(async (conn) => {
    await conn.run(`create table plain as select * from read_csv('${tsv.replace(/'/g, "''")}', delim = '\t', header = true, quote = '')`);
    await conn.run('checkpoint');
    return Number((await conn.values('select count(*) from plain'))[0][0]);
  });
  warehouse.close();
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuSince(cpu0), rows };
}

/** The TSV re-saved as a one-sheet workbook (streamed: the lines are never all in memory). */
async function writeXlsxCopy(tsv: string, xlsx: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: false });
  const sheet = book.addWorksheet('All orders');
  for await (const line of createInterface({ input: createReadStream(tsv), crlfDelay: Infinity })) {
    if (line) sheet.addRow(line.split('\t')).commit();
  }
  sheet.commit();
  await book.commit();
}

/** `--xlsx`: crossdock ingest of the TSV and of the same lines as a workbook, in one run. */
async function xlsxRound(dir: string, tsv: string, rows: number): Promise<void> {
  const xlsx = join(dir, 'all_orders.xlsx');
  const t0 = performance.now();
  await writeXlsxCopy(tsv, xlsx);
  say(`wrote the lines as ${xlsx} (${(statSync(xlsx).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const text = await timeCrossdock(tsv, join(dir, 'xlsx-tsv.duckdb'));
  const book = await timeCrossdock(xlsx, join(dir, 'xlsx-book.duckdb'));
  if (text.loaded !== rows || book.loaded !== rows) throw new Error(`row count mismatch: generated ${rows}, tsv ${text.loaded}, xlsx ${book.loaded}`);
  say(`BENCH ingest-xlsx rows=${rows} tsv_s=${text.seconds.toFixed(2)} xlsx_s=${book.seconds.toFixed(2)} ratio=${(book.seconds / text.seconds).toFixed(2)}`);
}

function numberArg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(String(args[i + 1]).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number, got "${args[i + 1]}"`);
  return n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Options: --rows N (default 1,000,000); --rounds R (default 3 up to 2M rows, else 1): the two
 * methods run interleaved R times, each on a fresh database file, and the medians are compared
 * (the machine is shared, so single runs are noisy); --keep keeps the generated files.
 */
export async function run(args: string[]): Promise<void> {
  const rows = numberArg(args, '--rows', 1_000_000);
  const rounds = numberArg(args, '--rounds', rows <= 2_000_000 ? 3 : 1);
  const dir = mkdtempSync(join(process.env.CROSSDOCK_BENCH_DIR ?? tmpdir(), 'crossdock-bench-ingest-'));
  try {
    const tsv = join(dir, 'all_orders.tsv');
    const t0 = performance.now();
    await writeAllOrdersTsv(tsv, rows);
    say(`generated ${rows} lines (${(statSync(tsv).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${tsv}`);
    const copyTimes: number[] = [];
    const cdTimes: number[] = [];
    const copyCpu: number[] = [];
    const cdCpu: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const f of readdirSync(dir)) if (f.endsWith('.duckdb') || f.endsWith('.wal')) rmSync(join(dir, f), { force: true });
      const copy = await timeDuckdbCopy(tsv, join(dir, `copy-${round}.duckdb`));
      const cd = await timeCrossdock(tsv, join(dir, `crossdock-${round}.duckdb`));
      if (copy.rows !== rows || cd.loaded !== rows) throw new Error(`row count mismatch: generated ${rows}, copy ${copy.rows}, crossdock ${cd.loaded}`);
      copyTimes.push(copy.seconds);
      cdTimes.push(cd.seconds);
      copyCpu.push(copy.cpu);
      cdCpu.push(cd.cpu);
      say(
        `round ${round}: duckdb read_csv → plain table ${copy.seconds.toFixed(2)} s (cpu ${copy.cpu.toFixed(2)} s), ` +
          `crossdock ingest ${cd.seconds.toFixed(2)} s (cpu ${cd.cpu.toFixed(2)} s), ratio ${(cd.seconds / copy.seconds).toFixed(2)}`,
      );
    }
    const copyS = median(copyTimes);
    const cdS = median(cdTimes);
    say(`median of ${rounds}: duckdb ${copyS.toFixed(2)} s (${Math.round(rows / copyS)} rows/s), crossdock ${cdS.toFixed(2)} s (${Math.round(rows / cdS)} rows/s)`);
    // CPU time is steadier than wall time on a shared machine.
    say(`cpu median: duckdb ${median(copyCpu).toFixed(2)} s, crossdock ${median(cdCpu).toFixed(2)} s, cpu ratio ${(median(cdCpu) / median(copyCpu)).toFixed(2)}`);
    say(`BENCH ingest rows=${rows} crossdock_s=${cdS.toFixed(2)} duckdb_copy_s=${copyS.toFixed(2)} ratio=${(cdS / copyS).toFixed(2)}`);
    if (args.includes('--xlsx')) await xlsxRound(dir, tsv, rows);
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}
