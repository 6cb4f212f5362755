// An independent check of the audited figures: a small hand-made world of report files
// (test/fixtures/world, described in its README.md) goes through Crossdock's own ingest into an
// in-memory warehouse, and every value of turnover, aged_inventory, inventory and data_quality is
// compared with (a) numbers worked out by hand below and (b) test/support/oracle, a plain
// TypeScript calculator that reads the same files with csv-parse and implements
// docs/analytics.md and anchors.md part B directly. Neither looks at sql/ or pipeline/analytics/.
//
// Scenarios: the defaults (as_of = the default 2025-03-30, window 90: the precomputed marts),
// the default as_of with window 20 (P = 03-11 … 03-30), as_of 2025-03-22 with window 14
// (P = 03-09 … 03-22), and as_of 2025-03-18 with window 7 (P = 03-12 … 03-18; OWN-B TEE and
// FBA-US LAMP have no row that day). Costs: BOARD 12 USD, APRON 8 USD, MUG 4.50 EUR, TEE 6 EUR,
// LAMP 20 EUR; EUR is 1.08 from 02-28, 1.10 from 03-20, 1.12 from 03-28 (so EUR costs are × 1.12
// at 03-30, × 1.10 at 03-22 and × 1.08 at 03-18).
//
// Where the docs leave a choice open, the calculator's reading is written beside its code
// (test/support/oracle): N_active counts both ends; the channel rollup splits stock per
// sku × pool; receipts are inferred per location; unplaced returns reverse no COGS anywhere;
// reason precedences in inventory and aged_inventory.
import { join } from 'node:path';
import { listDatasets, runDataset } from '../../../pipeline/analytics';
import { ingestPaths } from '../../../pipeline/ingest';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import {
  agedInventoryRows,
  BUCKETS,
  buildLedger,
  compareRows,
  dataQualityRows,
  defaultAsOf,
  firstActiveDay,
  formatMismatches,
  inventoryRows,
  Ledger,
  Mismatch,
  period,
  readManifest,
  readWorld,
  sameValue,
  turnoverRows,
  TurnoverGroup,
  WorldFile,
} from '../../support/oracle';
import { addDays, rowsOf } from './seed';

const WORLD = join(__dirname, '../../fixtures/world');
const FILES = readManifest(WORLD);
const D = '2025-03-30';

type Raw = Record<string, string>;
interface Scenario { name: string; raw: Raw }
const SCENARIOS: Scenario[] = [
  { name: 'defaults', raw: {} },
  { name: 'window 20', raw: { window_days: '20' } },
  { name: 'as_of 03-22, window 14', raw: { as_of: '2025-03-22', window_days: '14' } },
  { name: 'as_of 03-18 (a gap day), window 7', raw: { as_of: '2025-03-18', window_days: '7' } },
];
const GROUPS: TurnoverGroup[] = ['sku', 'sku_pool', 'pool', 'category', 'channel', 'all'];

async function loadWorld(order: WorldFile[]): Promise<DuckWarehouse> {
  const wh = await DuckWarehouse.open(':memory:');
  for (const file of order) {
    const [summary] = await ingestPaths(wh, [join(WORLD, file.path)], file.options);
    if (summary.rows_rejected !== 0 || summary.rows_read === 0) throw new Error(`${file.path}: ${JSON.stringify(summary)}`);
  }
  return wh;
}

let wh: DuckWarehouse;
let ledger: Ledger;

beforeAll(async () => {
  wh = await loadWorld(FILES);
  ledger = buildLedger(readWorld(WORLD));
}, 120_000);

afterAll(() => wh?.close());

const oraclePeriod = (raw: Raw) => period(raw.as_of ?? defaultAsOf(ledger), Number(raw.window_days ?? 90));
const find = (rows: Record<string, unknown>[], match: Record<string, unknown>) =>
  rows.find((r) => Object.entries(match).every(([k, v]) => r[k] === v));

function failWith(mismatches: Mismatch[], compared: number): void {
  expect(compared).toBeGreaterThan(0);
  if (mismatches.length) throw new Error(`${mismatches.length} mismatch(es) in ${compared} compared values:\n${formatMismatches(mismatches)}`);
}

const TURNOVER_COLUMNS = [
  'period_days', 'units_shipped', 'revenue_base', 'cogs_base', 'avg_inventory_units', 'avg_inventory_cost_base',
  'unit_turnover', 'unit_turnover_annualised', 'cogs_turnover', 'cogs_turnover_annualised', 'days_of_inventory',
  'days_of_inventory_sort', 'sell_through_rate', 'gmroi', 'gmroi_annualised', 'reason_code',
];
const turnoverKey = (group: TurnoverGroup) => (r: Record<string, unknown>): string => {
  switch (group) {
    case 'sku': return String(r.sku);
    case 'sku_pool': return `${r.sku}|${r.pool_id}`;
    case 'pool': return String(r.pool_id);
    case 'category': return String(r.category);
    case 'channel': return String(r.channel);
    case 'all': return 'all';
  }
};
const AGED_COLUMNS = [
  'is_fba_pool', 'title', 'category', 'snapshot_date', 'on_hand_units', 'sellable_units', 'unit_cost_base',
  ...BUCKETS.flatMap((b) => [`units_age_${b}`, `value_age_${b}_base`]),
  'units_age_181_plus', 'value_total_base', 'avg_age_days', 'oldest_age_days', 'newest_age_days', 'age_is_lower_bound', 'reason_code',
];
const INVENTORY_COLUMNS = [
  'location_kind', 'pool_id', 'snapshot_date', 'is_stale', 'on_hand_units', 'available_units', 'reserved_units',
  'inbound_units', 'unfulfillable_units', 'unit_cost_base', 'value_at_cost_base', 'units_shipped_window', 'in_stock_days',
  'avg_daily_units', 'days_of_supply', 'days_of_supply_total', 'days_of_supply_sort', 'reason_code', 'value_reason_code',
];

describe('the independent world, every value against the calculator', () => {
  it('turnover matches for every grouping at every scenario', async () => {
    const all: Mismatch[] = [];
    let compared = 0;
    for (const { name, raw } of SCENARIOS) {
      for (const group of GROUPS) {
        const actual = await rowsOf(wh, 'turnover', { ...raw, group_by: group });
        const expected = turnoverRows(ledger, oraclePeriod(raw), group);
        const columns = group === 'category' ? [...TURNOVER_COLUMNS, 'count_skus'] : TURNOVER_COLUMNS;
        const result = compareRows({ dataset: `turnover ${group} (${name})`, expected, actual, keyOf: turnoverKey(group), columns });
        all.push(...result.mismatches);
        compared += result.compared;
      }
    }
    failWith(all, compared);
  });

  it('aged_inventory matches for every sku × pool at every scenario', async () => {
    const all: Mismatch[] = [];
    let compared = 0;
    for (const { name, raw } of SCENARIOS) {
      const actual = await rowsOf(wh, 'aged_inventory', raw);
      const expected = agedInventoryRows(ledger, oraclePeriod(raw));
      const result = compareRows({ dataset: `aged_inventory (${name})`, expected, actual, keyOf: (r) => `${r.sku}|${r.pool_id}`, columns: AGED_COLUMNS });
      all.push(...result.mismatches);
      compared += result.compared;
    }
    failWith(all, compared);
  });

  it('inventory matches for every sku × location at every scenario', async () => {
    const all: Mismatch[] = [];
    let compared = 0;
    for (const { name, raw } of SCENARIOS) {
      const actual = await rowsOf(wh, 'inventory', raw);
      const expected = inventoryRows(ledger, oraclePeriod(raw));
      const result = compareRows({ dataset: `inventory (${name})`, expected, actual, keyOf: (r) => `${r.sku}|${r.location_id}`, columns: INVENTORY_COLUMNS });
      all.push(...result.mismatches);
      compared += result.compared;
    }
    failWith(all, compared);
  });

  it('data_quality lists exactly the findings the calculator finds', async () => {
    const actual = await rowsOf(wh, 'data_quality');
    const expected = dataQualityRows(ledger);
    const keyOf = (r: Record<string, unknown>) => `${r.check_code}|${r.source_id}|${r.sku}|${r.record_id}`;
    const all: Mismatch[] = [];
    let compared = 0;
    // first_date and count_records of source findings are not defined in the docs: only last_date
    for (const [checks, columns] of [
      [['RETURN_UNPLACED', 'ORDER_LINES_UNLOCATED'], ['first_date', 'last_date', 'count_records', 'units']],
      [['SOURCE_AHEAD', 'SOURCE_ENDS_EARLY'], ['last_date']],
    ] as const) {
      const pick = <T extends { check_code?: unknown }>(rows: T[]) => rows.filter((r) => (checks as readonly string[]).includes(String(r.check_code)));
      const result = compareRows({ dataset: 'data_quality', expected: pick(expected), actual: pick(actual), keyOf, columns: [...columns] });
      all.push(...result.mismatches);
      compared += result.compared;
    }
    failWith(all, compared);
  });
});

describe('audit point 1: returns without a location', () => {
  it('restock the pool their shipment drew on: BOARD at the 3PL costs (9 − 1) × 12 = 96', async () => {
    // P = 03-11 … 03-30. eBay lines draw on 3PL-A (listings template). Shipped in P: 03-23 2,
    // 03-25 3, 03-27 1, 03-30 3 = 9 (the 03-30 unshipped line of 1 does not count).
    // EB-R1 (order 12-00000-00004 of 03-25, sellable, 03-28) goes back to the 3PL: (9 − 1) × 12.
    const rows = await rowsOf(wh, 'turnover', { window_days: '20', group_by: 'sku_pool' });
    const row = find(rows, { sku: 'BOARD', pool_id: '3PL' })!;
    expect(row.units_shipped).toBe(9);
    expect(row.cogs_base).toBeCloseTo(96, 6);
    // revenue 9 × 27.00 = 243; gmroi (243 − 96) / avg cost. 3PL BOARD sellable in P:
    // 03-11…03-14 17 (4 d), 03-15…03-22 27 (8 d), 03-23/24 25, 03-25/26 22, 03-27 21, 03-28/29 22,
    // 03-30 19 → (68 + 216 + 50 + 44 + 21 + 44 + 19) / 20 = 462 / 20 = 23.1 units, × 12 = 277.2.
    expect(row.revenue_base).toBeCloseTo(243, 6);
    expect(row.avg_inventory_units).toBeCloseTo(23.1, 6);
    expect(row.gmroi).toBeCloseTo((243 - 96) / 277.2, 6);
  });

  it('restock the Shopify pool too, while a damaged return reverses nothing', async () => {
    // TEE (OWN, Shopify, 6 EUR × 1.12 = 6.72): shipped in 03-11 … 03-30: 03-13 3, 03-17 2, 03-18 1,
    // 03-24 2, 03-28 1 = 9; SH-R1 (sellable, 03-18) → COGS (9 − 1) × 6.72 = 53.76.
    // MUG (OWN, 4.50 EUR × 1.12 = 5.04): Shopify 03-13 1, 03-19 2, 03-26 1, 03-30 2 and Amazon
    // merchant 03-15 2, 03-23 1, 03-30 3 = 12; SH-R2 is damaged → COGS 12 × 5.04 = 60.48.
    const rows = await rowsOf(wh, 'turnover', { window_days: '20', group_by: 'sku_pool' });
    expect(find(rows, { sku: 'TEE', pool_id: 'OWN' })!.cogs_base).toBeCloseTo(53.76, 6);
    expect(find(rows, { sku: 'MUG', pool_id: 'OWN' })!.cogs_base).toBeCloseTo(60.48, 6);
  });

  it('whose order is not in the data restock no pool and are listed as RETURN_UNPLACED', async () => {
    // EB-R2: order 12-00000-99999 is in no file; 1 unit, sellable, returned 2025-03-20.
    expect(await rowsOf(wh, 'data_quality', { check: 'RETURN_UNPLACED' })).toEqual([
      expect.objectContaining({ source_id: 'ebay', sku: 'BOARD', record_id: 'EB-R2', units: 1, first_date: '2025-03-20' }),
    ]);
    // In P = 03-09 … 03-22 the 3PL ships nothing and EB-R2 falls inside P: no eBay row may appear
    // (it would carry COGS −12), and BOARD's COGS is only its shipped units:
    // FBA 03-10 2, 03-12 1, 03-14 3, 03-17 2, 03-20 1, 03-22 2 = 11; Shopify 03-09 2, 03-16 1,
    // 03-21 2 = 5 → 16 × 12 = 192.
    const channels = await rowsOf(wh, 'turnover', { as_of: '2025-03-22', window_days: '14', group_by: 'channel' });
    expect(channels.map((r) => r.channel).sort()).toEqual(['(no sales)', 'amazon', 'shopify']);
    const [board] = await rowsOf(wh, 'turnover', { as_of: '2025-03-22', window_days: '14', sku_prefix: 'BOARD' });
    expect(board).toMatchObject({ sku: 'BOARD', units_shipped: 16 });
    expect(board.cogs_base).toBeCloseTo(192, 6);
  });

  it('show no UNASSIGNED pool, no negative COGS and no NEW_SKU on old SKUs in any dataset', async () => {
    // New means first seen inside the window (slow_movers: first seen less than dead_days = 90
    // days before as_of). BOARD, MUG and TEE were first counted 2024-12-30, LAMP at the 3PL
    // 2024-03-20: only at as_of 2025-03-22 are they new for slow_movers (82 days).
    const firstSeen = (r: Record<string, unknown>) => {
      const pool = r.pool_id ?? (r.location_id === undefined ? undefined : ledger.poolOfLocation.get(String(r.location_id)));
      const pools = pool ? [String(pool)] : ['OWN', '3PL', 'FBA-NA'];
      return pools.map((p) => firstActiveDay(ledger, String(r.sku), p)).filter((d): d is string => d !== null).sort()[0];
    };
    for (const { raw } of SCENARIOS) {
      const p = oraclePeriod(raw);
      for (const spec of listDatasets().filter((d) => d.name !== 'pipeline_runs')) {
        const accepted = new Set(spec.params.map((x) => x.name));
        const params = Object.fromEntries(Object.entries(raw).filter(([k]) => accepted.has(k)));
        const newSince = spec.name === 'slow_movers' ? addDays(p.asOf, -89) : p.from;
        for (const group of spec.name === 'turnover' ? GROUPS : [undefined]) {
          const rows = await rowsOf(wh, spec.name, group ? { ...params, group_by: group } : params);
          const where = `${spec.name} ${group ?? ''} ${JSON.stringify(raw)}`;
          expect({ where, pools: rows.filter((r) => Object.values(r).includes('UNASSIGNED')) }).toEqual({ where, pools: [] });
          expect({ where, negative: rows.filter((r) => typeof r.cogs_base === 'number' && r.cogs_base < 0) }).toEqual({ where, negative: [] });
          const wrongNew = rows.filter((r) => r.reason_code === 'NEW_SKU' && (r.sku === null || r.sku === undefined || firstSeen(r) < newSince));
          expect({ where, wrongNew }).toEqual({ where, wrongNew: [] });
        }
      }
    }
  });
});

describe('audit point 2: unfulfillable units are not sellable on hand', () => {
  it('averages FBA BOARD at on_hand − 2 unfulfillable: 448 / 20 = 22.4, not 24.4', async () => {
    // FBA-US BOARD, P = 03-11 … 03-30, on_hand − unfulfillable (2 since 03-05):
    // 17, 16, 16, 28, 28, 28, 26, 26, 26, 25, 25, 23, 23, 23, 21, 21, 20, 20, 18, 18 = 448 → 22.4
    // (raw on hand would be 488 / 20 = 24.4). Shipped 03-12 1, 03-14 3, 03-17 2, 03-20 1, 03-22 2,
    // 03-25 2 (the line bought 03-24 20:00 −08:00 is 03-25 UTC), 03-27 1, 03-29 2 = 14.
    const [row] = await rowsOf(wh, 'turnover', { window_days: '20', group_by: 'sku_pool', pool: 'FBA-NA', sku_prefix: 'BOARD' });
    expect(row.avg_inventory_units).toBeCloseTo(22.4, 6);
    expect(row.avg_inventory_cost_base).toBeCloseTo(22.4 * 12, 6);
    expect(row.unit_turnover).toBeCloseTo(14 / 22.4, 6); // 0.625
    expect(row.days_of_inventory).toBeCloseTo(20 / 0.625, 6); // 32
    // revenue 14 × 29.99 = 419.86, COGS 14 × 12 = 168 → GMROI (419.86 − 168) / 268.8
    expect(row.gmroi).toBeCloseTo((419.86 - 168) / 268.8, 6);
    // sell-through: 14 ÷ (sellable on 03-10 = 19 − 2 = 17, + received in P: 03-14 arrivals
    // 28 − 16 + 3 shipped = 15) = 14 / 32
    expect(row.sell_through_rate).toBeCloseTo(14 / 32, 6);
  });

  it('ages only the 18 sellable FBA BOARD units of 20 on hand, valued 18 × 12 = 216', async () => {
    // Layers: opening 25 on 2024-12-30 (an opening balance); 15 received 03-14. Shipped before
    // 03-14: 2+1+2+1+2+1 = 9, on 03-14 3, after 2+1+2+2+1+2 = 10 → 25 − 22 = 3 opening units left
    // (age 03-30 − 12-30 = 90, still 0–90) and 15 of 03-14 (age 16): avg (3·90 + 15·16) / 18.
    const [row] = await rowsOf(wh, 'aged_inventory', { pool: 'FBA-NA', sku_prefix: 'BOARD' });
    expect(row).toMatchObject({ on_hand_units: 20, sellable_units: 18, units_age_0_90: 18, oldest_age_days: 90, newest_age_days: 16, age_is_lower_bound: true });
    expect(row.value_total_base).toBeCloseTo(216, 6);
    expect(row.avg_age_days).toBeCloseTo(510 / 18, 6);
  });

  it('spreads the 3PL LAMP stock over every bucket by FIFO, a transfer out taking the oldest', async () => {
    // Counts 2024-03-20 10 (opening), 06-20 13, 09-01 19, 12-01 24, 12-30 28 → layers 10, 3, 6, 5, 4;
    // 03-10 five go to FBA (28 → 23, nothing shipped): the oldest five leave. At 03-30:
    // 5 × 375 d (365+), 3 × 283 (271–365), 6 × 210 (181–270), 5 × 119 (91–180), 4 × 90 (0–90).
    // LAMP costs 20 EUR × 1.12 = 22.40.
    const [row] = await rowsOf(wh, 'aged_inventory', { pool: '3PL', sku_prefix: 'LAMP' });
    expect(row).toMatchObject({
      sellable_units: 23, units_age_0_90: 4, units_age_91_180: 5, units_age_181_270: 6, units_age_271_365: 3, units_age_365_plus: 5,
      oldest_age_days: 375, newest_age_days: 90, age_is_lower_bound: true,
    });
    expect(row.value_age_365_plus_base).toBeCloseTo(5 * 22.4, 6);
    expect(row.value_total_base).toBeCloseTo(23 * 22.4, 6);
    expect(row.avg_age_days).toBeCloseTo((5 * 375 + 3 * 283 + 6 * 210 + 5 * 119 + 4 * 90) / 23, 6); // 4939 / 23
  });
});

describe('audit point 3: an Amazon merchant listing located by the listings template', () => {
  const listing = 'amazon:US:MUG:merchant';

  it('keeps its location, pool and available units in the stock sheet next to All Listings', async () => {
    // The template says OWN-WH; All Listings (no location) brings quantity 5. Pool OWN's MUG at
    // its latest snapshot: Main Warehouse 03-30 Available −2 (Overflow Unit: not stocked).
    const row = find(await rowsOf(wh, 'stock'), { listing })!;
    expect(row).toMatchObject({ location_id: 'OWN-WH', pool_id: 'OWN', channel_quantity: 5, available_units: -2 });
  });

  it('draws its order lines on pool OWN, where they oversell MUG on 2025-03-30', async () => {
    // Units of Amazon merchant MUG in P = 03-11 … 03-30: 2 + 1 + 3 = 6, all in pool OWN.
    const rows = await rowsOf(wh, 'turnover', { window_days: '20', group_by: 'sku_pool', sku_prefix: 'MUG' });
    expect(rows.map((r) => r.pool_id)).toEqual(['OWN']);
    // End of 03-29 OWN has 3 MUG available; on 03-30 Shopify #1015 takes 2 at 09:00, then Amazon
    // 113-0000000-0000104 wants 3 at 14:00 with 1 left: shortfall 3 − 1 = 2.
    const incidents = (await rowsOf(wh, 'oversell', { window_days: '20' })).filter((r) => r.kind === 'incident');
    expect(incidents).toEqual([
      expect.objectContaining({ channel: 'amazon', order_id: '113-0000000-0000104', sku: 'MUG', pool_id: 'OWN', ats_before_units: 1, shortfall_units: 2 }),
    ]);
  });

  it('gives the same datasets whatever order the files are loaded in', async () => {
    const byPath = (path: string) => FILES.find((f) => f.path === path)!;
    const orders: WorldFile[][] = [
      [...FILES].reverse(), // All Listings before the template, stock before the locations
      [
        ...['amazon/all_orders.tsv', 'shopify/orders_export.csv', 'ebay/orders_report.csv', 'crossdock/returns.csv', 'amazon/all_listings.tsv', 'crossdock/listings.csv'].map(byPath),
        ...FILES.filter((f) => /inventory/.test(f.path)),
        ...['crossdock/fx.csv', 'crossdock/skus.csv', 'crossdock/locations.csv'].map(byPath),
      ],
    ];
    // No row order is documented: rows are compared as a set (sorted on their values rounded to 12
    // digits), then cell by cell with the same tolerance as above (sums in another order differ
    // in the last bits).
    const rounded = (row: unknown[]) => JSON.stringify(row.map((v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
    const snapshot = async (w: DuckWarehouse) => {
      const out = new Map<string, unknown[][]>();
      for (const spec of listDatasets().filter((d) => d.name !== 'pipeline_runs')) {
        const accepted = new Set(spec.params.map((p) => p.name));
        for (const { name, raw } of SCENARIOS) {
          const params = Object.fromEntries(Object.entries(raw).filter(([k]) => accepted.has(k)));
          for (const group of spec.name === 'turnover' ? GROUPS : [undefined]) {
            const { rows } = await runDataset(w, spec.name, group ? { ...params, group_by: group } : params);
            out.set(`${spec.name} ${group ?? ''} (${name})`, [...rows].sort((x, y) => rounded(x).localeCompare(rounded(y))));
          }
        }
      }
      return out;
    };
    const expected = await snapshot(wh);
    for (const [i, order] of orders.entries()) {
      expect(order).toHaveLength(FILES.length);
      const other = await loadWorld(order);
      const mismatches: Mismatch[] = [];
      let compared = 0;
      try {
        for (const [dataset, rows] of await snapshot(other)) {
          const want = expected.get(dataset)!;
          if (want.length !== rows.length) mismatches.push({ dataset: `order ${i + 1}: ${dataset}`, key: '*', column: '(rows)', expected: want.length, got: rows.length });
          else rows.forEach((row, r) => row.forEach((cell, c) => {
            compared += 1;
            if (!sameValue(want[r][c], cell)) mismatches.push({ dataset: `order ${i + 1}: ${dataset}`, key: `row ${r}`, column: `#${c}`, expected: want[r][c], got: cell });
          }));
        }
      } finally {
        other.close();
      }
      failWith(mismatches, compared);
    }
  }, 180_000);
});

describe('audit point 4: turnover rollups', () => {
  it('gives stock that sold nowhere its own (no sales) row, with COGS 0', async () => {
    // P = 03-11 … 03-30: only LAMP at the 3PL (23 units every day, 20 EUR × 1.12 = 22.40) shipped
    // nothing: avg 23, cost 23 × 22.40 = 515.2, NO_DEMAND, turnover 0, days of inventory null.
    const rows = await rowsOf(wh, 'turnover', { window_days: '20', group_by: 'channel' });
    const noSales = find(rows, { channel: '(no sales)' })!;
    expect(noSales).toMatchObject({ units_shipped: 0, cogs_base: 0, revenue_base: 0, unit_turnover: 0, days_of_inventory: null, reason_code: 'NO_DEMAND' });
    expect(noSales.avg_inventory_units).toBeCloseTo(23, 6);
    expect(noSales.avg_inventory_cost_base).toBeCloseTo(515.2, 6);
    for (const r of rows) for (const c of ['units_shipped', 'revenue_base', 'cogs_base', 'avg_inventory_units']) expect([r.channel, c, Number(r[c]) >= 0]).toEqual([r.channel, c, true]);
  });

  it('gives a pool without any shipment in the period its whole stock under (no sales)', async () => {
    // P = 03-09 … 03-22: the 3PL ships nothing. BOARD 03-09…03-14 17 (6 d), 03-15…03-22 27 (8 d)
    // → 318 / 14; LAMP 03-09 28, 03-10…03-22 23 (13 d) → 327 / 14. Cost at 03-22: BOARD 12,
    // LAMP 20 × 1.10 = 22 → (318 × 12 + 327 × 22) / 14 = 11 010 / 14.
    const rows = await rowsOf(wh, 'turnover', { as_of: '2025-03-22', window_days: '14', group_by: 'channel' });
    const noSales = find(rows, { channel: '(no sales)' })!;
    expect(noSales).toMatchObject({ units_shipped: 0, cogs_base: 0, reason_code: 'NO_DEMAND' });
    expect(noSales.avg_inventory_units).toBeCloseTo(645 / 14, 6);
    expect(noSales.avg_inventory_cost_base).toBeCloseTo(11010 / 14, 6);
  });

  it('does not call Textiles NEW_SKU, though APRON in it is new', async () => {
    // APRON is first stocked at FBA on 03-15, inside P = 03-11 … 03-30: NEW_SKU with period_days
    // 03-15 … 03-30 = 16. TEE has been stocked since 2024-12-30, so the category is not new.
    const params = { window_days: '20' };
    const [category] = await rowsOf(wh, 'turnover', { ...params, group_by: 'category', category: 'Textiles' });
    expect(category).toMatchObject({ category: 'Textiles', count_skus: 2, period_days: 20, reason_code: null });
    const [apron] = await rowsOf(wh, 'turnover', { ...params, sku_prefix: 'APRON' });
    expect(apron).toMatchObject({ sku: 'APRON', reason_code: 'NEW_SKU', period_days: 16, units_shipped: 11 });
  });
});

describe('audit point 5: the default as_of', () => {
  it('is the last order day 2025-03-30 although the 3PL stock file runs to 2025-04-04', async () => {
    for (const name of ['turnover', 'aged_inventory', 'inventory']) {
      const result = await runDataset(wh, name, {});
      expect({ name, as_of: result.params.as_of }).toEqual({ name, as_of: D });
      expect(result.warnings.length).toBeGreaterThan(0);
    }
    const windowed = await runDataset(wh, 'turnover', { window_days: '20' });
    expect(windowed.params.as_of).toBe(D);
    expect(windowed.warnings.join(' ')).toMatch(/3PL-A/);
    expect(await rowsOf(wh, 'data_quality', { check: 'SOURCE_AHEAD' })).toEqual([
      expect.objectContaining({ source_id: '3PL-A', record_id: 'inventory', last_date: '2025-04-04' }),
    ]);
  });
});

describe('data gaps', () => {
  it('leave a missing snapshot out of average inventory and mark the stale inventory row DATA_GAP', async () => {
    // P = 03-12 … 03-18; FBA-US has no LAMP row on 03-18. Sellable LAMP (on hand − 1 unfulfillable):
    // 03-12 5, 03-13 … 03-17 4 → (5 + 5 × 4) / 6 known days = 25 / 6. Shipped in P: 03-13 1.
    const params = { as_of: '2025-03-18', window_days: '7' };
    const [turnover] = await rowsOf(wh, 'turnover', { ...params, group_by: 'sku_pool', pool: 'FBA-NA', sku_prefix: 'LAMP' });
    expect(turnover.avg_inventory_units).toBeCloseTo(25 / 6, 6);
    expect(turnover.unit_turnover).toBeCloseTo(1 / (25 / 6), 6); // 0.24
    // inventory: the latest row is 03-17 (available 4); in stock 03-12 … 03-17 = 6 days with 1 unit
    // shipped → d̂ = 1/6, days of supply 4 / (1/6) = 24.
    const [inventory] = await rowsOf(wh, 'inventory', { ...params, location: 'FBA-US', sku_prefix: 'LAMP' });
    expect(inventory).toMatchObject({ snapshot_date: '2025-03-17', is_stale: true, reason_code: 'DATA_GAP', in_stock_days: 6, available_units: 4 });
    expect(inventory.avg_daily_units).toBeCloseTo(1 / 6, 6);
    expect(inventory.days_of_supply).toBeCloseTo(24, 6);
  });
});

describe('audit point 6: the Shopify inventory export', () => {
  const shopify = (date: string) =>
    wh.all<Record<string, unknown>>(
      `select location_id, sku, on_hand_units, available_units, reserved_units, unfulfillable_units
         from inventory_snapshot where snapshot_date = cast($1 as date) and location_id like 'OWN%' order by location_id, sku`,
      [date] as never,
    );

  it('loads oversold MUG as negative, sums the two TEE variants and stores nothing for not stocked', async () => {
    // 03-30 at Main Warehouse: MUG On hand −1, Available −2, Unavailable 1; TEE Red 7/7 + Blue 4/3
    // (1 committed) = 11 on hand, 10 available; BOARD 43. Overflow Unit: TEE only (BOARD, MUG and
    // TEE Blue are "not stocked" there).
    expect(await shopify(D)).toEqual([
      { location_id: 'OWN-B', sku: 'TEE', on_hand_units: 10, available_units: 8, reserved_units: 0, unfulfillable_units: 2 },
      { location_id: 'OWN-WH', sku: 'BOARD', on_hand_units: 43, available_units: 43, reserved_units: 0, unfulfillable_units: 0 },
      { location_id: 'OWN-WH', sku: 'MUG', on_hand_units: -1, available_units: -2, reserved_units: 0, unfulfillable_units: 1 },
      { location_id: 'OWN-WH', sku: 'TEE', on_hand_units: 11, available_units: 10, reserved_units: 1, unfulfillable_units: 0 },
    ]);
  });

  it('shows the oversold MUG in inventory with NEGATIVE_STOCK and no days of supply', async () => {
    // Value at cost: −1 × 4.50 × 1.12 = −5.04 (docs: value_at_cost_base = on_hand × unit cost).
    const [row] = await rowsOf(wh, 'inventory', { window_days: '20', location: 'OWN-WH', sku_prefix: 'MUG' });
    expect(row).toMatchObject({ on_hand_units: -1, available_units: -2, unfulfillable_units: 1, reason_code: 'NEGATIVE_STOCK', days_of_supply: 0, days_of_supply_total: 0 });
    expect(row.value_at_cost_base).toBeCloseTo(-5.04, 6);
    expect((await rowsOf(wh, 'inventory', { window_days: '20', location: 'OWN-B' })).map((r) => r.sku)).toEqual(['TEE']);
  });
});
