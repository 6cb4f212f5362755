// The order files are loaded in never changes what is stored: the demo seller's files loaded
// forward, in reverse, and grouped by kind (stock first, master data last) give identical
// canonical tables. Catches a report that erases what another one said (Amazon's All Listings
// has no location for merchant listings; the listings template has) and anything that depends on
// what was loaded before (location names, FX rates).
import { relative } from 'node:path';
import { demoIngestPlan } from '../../../pipeline/demo';
import { expandPaths, ingestPaths } from '../../../pipeline/ingest';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { generate, removeTempDirs, SMALL } from '../../unit/demo/demoFixture';

interface DemoFile {
  path: string;
  marketplace?: string;
}

let dir: string;
let files: DemoFile[];

beforeAll(async () => {
  ({ dir } = await generate({ ...SMALL, days: 40, skus: 24 }));
  files = [];
  for (const step of demoIngestPlan(dir)) {
    for (const path of await expandPaths(step.paths)) files.push({ path, marketplace: step.marketplace });
  }
}, 120_000);

afterAll(() => removeTempDirs());

/** Every canonical table, bookkeeping columns (load times, source file) left out, sorted. */
async function canonicalState(wh: DuckWarehouse): Promise<Record<string, unknown[]>> {
  const tables = ['location', 'sku', 'listing', 'order_line', 'return_line', 'inventory_snapshot', 'fx_rate'];
  const state: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await wh.all<Record<string, unknown>>(`select * exclude (loaded_at${table === 'location' ? '' : ', source_file'}) from ${table} order by all`);
    state[table] = rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return state;
}

async function loadInOrder(order: DemoFile[]): Promise<Record<string, unknown[]>> {
  const wh = await DuckWarehouse.open(':memory:');
  try {
    for (const file of order) await ingestPaths(wh, [file.path], { marketplace: file.marketplace });
    return await canonicalState(wh);
  } finally {
    wh.close();
  }
}

/** Stock and orders first, master data (locations, SKUs, listings, FX) last: the worst case. */
function byKindMasterDataLast(all: DemoFile[]): DemoFile[] {
  const rank = (f: DemoFile) => {
    const name = relative(dir, f.path);
    if (/inventory|fba-inventory|myi/i.test(name)) return 0;
    if (/orders|returns/i.test(name)) return 1;
    if (/listings/i.test(name)) return 2;
    return 3; // locations, skus, fx-rates
  };
  return [...all].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}

describe('loading the demo files in any order', () => {
  it('stores identical tables forward, in reverse and by kind', async () => {
    const forward = await loadInOrder(files);
    expect(forward.listing.length).toBeGreaterThan(0);
    expect(forward.order_line.length).toBeGreaterThan(0);
    const reverse = await loadInOrder([...files].reverse());
    const byKind = await loadInOrder(byKindMasterDataLast(files));
    for (const table of Object.keys(forward)) {
      expect({ table, rows: reverse[table] }).toEqual({ table, rows: forward[table] });
      expect({ table, rows: byKind[table] }).toEqual({ table, rows: forward[table] });
    }
  }, 300_000);

  it('keeps the location of Amazon merchant listings that the All Listings report lacks', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    try {
      for (const file of files) await ingestPaths(wh, [file.path], { marketplace: file.marketplace });
      const [row] = await wh.all<{ n: bigint; located: bigint }>(
        `select count(*) as n, count(location_id) as located from listing where channel = 'amazon' and fulfilment = 'merchant'`,
      );
      expect(Number(row.n)).toBeGreaterThan(0);
      expect(Number(row.located)).toBe(Number(row.n));
    } finally {
      wh.close();
    }
  }, 120_000);
});
