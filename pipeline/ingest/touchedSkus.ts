// The SKUs a load of staged rows touches (DataChange.skus, 100_data_change_skus.sql), so the
// analytics rebuild can redo just those SKUs' rows. A row touches its own SKU and, when it
// replaces a stored row, the stored row's SKU too. Order lines and fees also touch every SKU of
// their order, because an order's fees are shared out over its SKUs (int_order_fees). Stock
// snapshots touch every SKU of their location (a new snapshot day moves each SKU's date spine),
// so they, like tables not listed here, are recorded as touching every SKU.
import { TARGETS } from './targets';
import type { SqlConnection } from '../warehouse/types';
import type { CanonicalTable } from '../model/rows';

/** Tables whose rows reach the analytics models through their own SKU only (or their order's). */
const PER_SKU_TABLES: ReadonlySet<string> = new Set(['order_line', 'return_line', 'listing', 'order_fee', 'fba_ledger_event']);
const PER_ORDER_TABLES: ReadonlySet<string> = new Set(['order_line', 'order_fee']);

/** Past this many SKUs a partial rebuild saves little: record the change as touching every SKU. */
export const MAX_TOUCHED_SKUS = 5_000;

/**
 * The SKUs that loading `stage` (a relation with the table's columns) into `table` touches, or
 * null for every SKU. Call it before the stored rows are replaced.
 */
export async function touchedSkus(conn: SqlConnection, table: CanonicalTable, stage: string): Promise<string[] | null> {
  if (!PER_SKU_TABLES.has(table)) return null;
  const sameKey = TARGETS[table].key.map((c) => `stored.${c} is not distinct from staged.${c}`).join(' and ');
  const replaced = `select stored.* from ${table} as stored semi join ${stage} as staged on ${sameKey}`;
  const sources = [`select sku from ${stage}`, `select sku from (${replaced})`];
  if (PER_ORDER_TABLES.has(table)) {
    sources.push(
      `select lines.sku from order_line as lines
       semi join (select channel, order_id from ${stage} union all select channel, order_id from (${replaced})) as orders
         on lines.channel = orders.channel and lines.order_id = orders.order_id`,
    );
  }
  const [row] = await conn.all<{ n: number | bigint; skus: string | null }>(
    `select count(*) as n, cast(to_json(list(sku order by sku)) as varchar) as skus
     from (select distinct sku from (${sources.join(' union all ')}) where sku is not null)`,
  );
  if (Number(row.n) > MAX_TOUCHED_SKUS) return null;
  return row.skus === null ? [] : (JSON.parse(row.skus) as string[]);
}
