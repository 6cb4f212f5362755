// Builds small hand-made warehouses for the dataset tests: rows go into the canonical tables,
// then the data version is bumped so the datasets rebuild their intermediate models.
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { ensureMartsFresh, runDataset } from '../../../pipeline/analytics';
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import { splitJsonBlock } from '../../../pipeline/warehouse/jsonRows';

type Value = string | number | boolean | null | undefined;
export type Rows = Record<string, Value>[];

export interface Seed {
  locations?: Rows;
  skus?: Rows;
  listings?: Rows;
  snapshots?: Rows;
  orders?: Rows;
  returns?: Rows;
  fx?: Rows;
  settings?: Rows;
}

const TABLES: Record<keyof Seed, { table: string; defaults: Record<string, Value> }> = {
  settings: { table: 'setting', defaults: {} },
  locations: { table: 'location', defaults: { location_kind: 'own', is_settable: true } },
  skus: { table: 'sku', defaults: { cost_currency_code: 'USD', unit_cost_amount: 10 } },
  listings: { table: 'listing', defaults: { marketplace: 'US', fulfilment: 'merchant' } },
  snapshots: { table: 'inventory_snapshot', defaults: { reserved_units: 0, inbound_units: 0, unfulfillable_units: 0 } },
  orders: { table: 'order_line', defaults: { marketplace: 'US', order_status: 'shipped', fulfilment: 'merchant', currency_code: 'USD' } },
  returns: { table: 'return_line', defaults: { marketplace: 'US', is_restocked: false, disposition: 'sellable', reason_code: 'OTHER' } },
  fx: { table: 'fx_rate', defaults: {} },
};

export async function seedWarehouse(seed: Seed): Promise<DuckWarehouse> {
  const warehouse = await DuckWarehouse.open(':memory:');
  await warehouse.transaction(async (conn) => {
    for (const key of Object.keys(TABLES) as (keyof Seed)[]) {
      const { table, defaults } = TABLES[key];
      for (const given of seed[key] ?? []) {
        const row = Object.fromEntries(
          Object.entries({ ...defaults, ...given }).filter(([, v]) => v !== undefined),
        ) as Record<string, string | number | boolean | null>;
        const names = Object.keys(row);
        const sql =
          key === 'settings'
            ? `insert or replace into setting (setting_key, setting_value) values ($1, $2)`
            : `insert into ${table} (${names.join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')})`;
        await conn.run(sql, key === 'settings' ? [row.setting_key, row.setting_value] : names.map((n) => row[n]));
      }
    }
    await bumpDataVersion(conn);
  });
  return warehouse;
}

/** Consecutive days from `start`: one snapshot per value (null = no row, a data gap). */
export function dailySnapshots(
  sku: string,
  locationId: string,
  start: string,
  onHand: (number | null)[],
  extra: (day: number) => Record<string, Value> = () => ({}),
): Rows {
  const rows: Rows = [];
  onHand.forEach((units, i) => {
    if (units === null) return;
    rows.push({ snapshot_date: addDays(start, i), sku, location_id: locationId, on_hand_units: units, available_units: units, ...extra(i) });
  });
  return rows;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let orderSeq = 0;
/** A shipped order line (shipped the same day at 12:00 unless told otherwise). */
export function shippedLine(sku: string, locationId: string, day: string, units: number, extra: Record<string, Value> = {}): Record<string, Value> {
  orderSeq += 1;
  return {
    channel: 'amazon',
    order_id: `O${orderSeq}`,
    line_id: '1',
    sku,
    location_id: locationId,
    quantity_units: units,
    item_price_amount: units * 20,
    ordered_at: `${day} 08:00:00`,
    shipped_at: `${day} 12:00:00`,
    ...extra,
  };
}

/** Dataset rows as objects keyed by column name, for readable assertions. */
export async function rowsOf(warehouse: DuckWarehouse, dataset: string, raw: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  const result = await runDataset(warehouse, dataset, raw);
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
}

/** The JSON texts of a chunk of streamDatasetJson: rows encoded per request, or a mart's block. */
export function rowTexts(chunk: { jsonRows: string[] } | { jsonChunk: { text: string; rowCount: number } } | { skippedRows: number }): string[] {
  if ('skippedRows' in chunk) throw new Error(`the source skipped ${chunk.skippedRows} rows of an answer read from its start`);
  return 'jsonRows' in chunk ? chunk.jsonRows : splitJsonBlock(chunk.jsonChunk.text, chunk.jsonChunk.rowCount);
}

/** One sku in one own warehouse: stock 10 on 2025-03-01..03, 2 units shipped on the 3rd. */
export function oneSkuWorld(): Promise<DuckWarehouse> {
  return seedWarehouse({
    locations: [{ location_id: 'WH1', location_name: 'W', location_kind: 'own', pool_id: 'OWN' }],
    skus: [{ sku: 'A', unit_cost_amount: 12 }],
    snapshots: dailySnapshots('A', 'WH1', '2025-03-01', [10, 10, 10]),
    orders: [shippedLine('A', 'WH1', '2025-03-03', 2)],
  });
}

/**
 * A database file at `path` with a small bench world built (models and marts), then new order
 * quantities on its last two days, not yet rebuilt: what a pull leaves for the next refresh.
 */
export async function builtFileWorldWithNewOrders(path: string): Promise<DuckWarehouse> {
  const wh = await DuckWarehouse.open(path);
  await wh.transaction(async (conn) => {
    await writeBenchData(conn, { orderLines: 2000, skus: 20, days: 60, endDate: '2025-06-30' });
    await bumpDataVersion(conn);
  });
  await ensureMartsFresh(wh);
  await wh.transaction(async (conn) => {
    await conn.run("update order_line set quantity_units = quantity_units + 1 where ordered_at >= timestamp '2025-06-29'");
    await bumpDataVersion(conn, [{ table: 'order_line' }]);
  });
  return wh;
}
