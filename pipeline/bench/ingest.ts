// `npm run bench -- ingest [--rows N] [--keep]`: generates an Amazon All Orders TSV of N lines
// (32 columns, as the real report), then times in one run
//   (a) crossdock ingest of it into a fresh DuckDB file (detect, stage, type, validate, load,
//       bookkeeping, checkpoint), and
//   (b) DuckDB's own read_csv of the same file into a plain table of a fresh file (checkpoint),
// and prints both and their ratio (target ≤ 1.3).
import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { UsageError } from '../errors';
import { say } from '../log';
import { ingestPaths } from '../ingest';
import { DuckWarehouse } from '../warehouse/duckdb';

export const ALL_ORDERS_COLUMNS = [
  'amazon-order-id', 'merchant-order-id', 'purchase-date', 'last-updated-date', 'order-status', 'fulfillment-channel',
  'sales-channel', 'order-channel', 'url', 'ship-service-level', 'product-name', 'sku', 'asin', 'item-status', 'quantity',
  'currency', 'item-price', 'item-tax', 'shipping-price', 'shipping-tax', 'gift-wrap-price', 'gift-wrap-tax',
  'item-promotion-discount', 'ship-promotion-discount', 'ship-city', 'ship-state', 'ship-postal-code', 'ship-country',
  'promotion-ids', 'is-business-order', 'purchase-order-number', 'price-designation',
];

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

async function timeCrossdock(tsv: string, dbFile: string): Promise<{ seconds: number; loaded: number }> {
  const t0 = performance.now();
  const warehouse = await DuckWarehouse.open(dbFile);
  const [summary] = await ingestPaths(warehouse, [tsv]);
  await warehouse.run('checkpoint');
  warehouse.close();
  return { seconds: (performance.now() - t0) / 1000, loaded: summary.rows_loaded };
}

async function timeDuckdbCopy(tsv: string, dbFile: string): Promise<{ seconds: number; rows: number }> {
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(dbFile);
  const conn = await instance.connect();
  await conn.run(`create table plain as select * from read_csv('${tsv.replace(/'/g, "''")}', delim = '\t', header = true, quote = '')`);
  await conn.run('checkpoint');
  const rows = Number((await conn.runAndReadAll('select count(*) from plain')).getRows()[0][0]);
  conn.closeSync();
  instance.closeSync();
  return { seconds: (performance.now() - t0) / 1000, rows };
}

function parseRows(args: string[]): number {
  const i = args.indexOf('--rows');
  if (i < 0) return 1_000_000;
  const n = Number(String(args[i + 1]).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--rows must be a positive whole number, got "${args[i + 1]}"`);
  return n;
}

export async function run(args: string[]): Promise<void> {
  const rows = parseRows(args);
  const dir = mkdtempSync(join(process.env.CROSSDOCK_BENCH_DIR ?? tmpdir(), 'crossdock-bench-ingest-'));
  try {
    const tsv = join(dir, 'all_orders.tsv');
    let t0 = performance.now();
    await writeAllOrdersTsv(tsv, rows);
    say(`generated ${rows} lines (${(statSync(tsv).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${tsv}`);
    // (b) first, so the file is equally warm in the page cache for both.
    t0 = performance.now();
    const copy = await timeDuckdbCopy(tsv, join(dir, 'copy.duckdb'));
    say(`duckdb read_csv → plain table: ${copy.seconds.toFixed(2)} s (${Math.round(copy.rows / copy.seconds)} rows/s)`);
    const cd = await timeCrossdock(tsv, join(dir, 'crossdock.duckdb'));
    say(`crossdock ingest: ${cd.seconds.toFixed(2)} s (${Math.round(cd.loaded / cd.seconds)} rows/s, ${cd.loaded} loaded)`);
    if (copy.rows !== rows || cd.loaded !== rows) throw new Error(`row count mismatch: generated ${rows}, copy ${copy.rows}, crossdock ${cd.loaded}`);
    const ratio = cd.seconds / copy.seconds;
    say(`BENCH ingest rows=${rows} crossdock_s=${cd.seconds.toFixed(2)} duckdb_copy_s=${copy.seconds.toFixed(2)} ratio=${ratio.toFixed(2)}`);
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}
