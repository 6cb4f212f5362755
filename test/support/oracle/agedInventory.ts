// aged_inventory, from docs/analytics.md "aged_inventory" and anchors B.6: the FIFO layers left
// at as_of, aged in Amazon's buckets and valued at the standard cost.
import { daysBetween } from './dates';
import { fifo, inPeriod, Ledger, Period, shippedLinesOf, skuPools, unitCostBase } from './ledger';

export const BUCKETS = ['0_90', '91_180', '181_270', '271_365', '365_plus'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface AgedRow {
  key: string;
  sku: string;
  pool_id: string;
  is_fba_pool: boolean;
  title: string;
  category: string;
  snapshot_date: string;
  on_hand_units: number;
  sellable_units: number;
  unit_cost_base: number;
  value_total_base: number;
  avg_age_days: number;
  oldest_age_days: number;
  newest_age_days: number;
  age_is_lower_bound: boolean;
  units_age_181_plus: number;
  reason_code: string | null;
  [bucketColumn: string]: string | number | boolean | null;
}

export function bucketOf(ageDays: number): Bucket {
  if (ageDays <= 90) return '0_90';
  if (ageDays <= 180) return '91_180';
  if (ageDays <= 270) return '181_270';
  if (ageDays <= 365) return '271_365';
  return '365_plus';
}

export function agedInventoryRows(ledger: Ledger, p: Period): AgedRow[] {
  const rows: AgedRow[] = [];
  for (const { sku, poolId } of skuPools(ledger)) {
    const { layers, lastKnown } = fifo(ledger, sku, poolId, p.asOf);
    // pools with sellable stock only
    if (!lastKnown || lastKnown.sellable <= 0) continue;
    const master = ledger.world.skus.find((s) => s.sku === sku)!;
    const cost = unitCostBase(ledger.world, sku, p.asOf)!;
    // "FIFO age of the sellable units on hand at as_of": ages count to as_of, also when as_of is
    // a gap of the pool and snapshot_date is the last known day before it
    const aged = layers.map((l) => ({ ...l, age: daysBetween(l.date, p.asOf) }));
    const units = aged.reduce((a, l) => a + l.units, 0);
    if (units !== lastKnown.sellable) throw new Error(`oracle: FIFO of ${sku}/${poolId} holds ${units}, the snapshot ${lastKnown.sellable}`);
    const row: AgedRow = {
      key: `${sku}|${poolId}`,
      sku,
      pool_id: poolId,
      is_fba_pool: ledger.world.locations.some((l) => l.poolId === poolId && l.kind === 'fba'),
      title: master.title,
      category: master.category,
      snapshot_date: lastKnown.date,
      on_hand_units: lastKnown.onHand,
      sellable_units: lastKnown.sellable,
      unit_cost_base: cost,
      value_total_base: lastKnown.sellable * cost,
      avg_age_days: aged.reduce((a, l) => a + l.units * l.age, 0) / units,
      oldest_age_days: Math.max(...aged.map((l) => l.age)),
      newest_age_days: Math.min(...aged.map((l) => l.age)),
      age_is_lower_bound: aged.some((l) => l.isOpening),
      units_age_181_plus: aged.filter((l) => l.age >= 181).reduce((a, l) => a + l.units, 0),
      // Interpretation (the docs give no precedence): stock with no shipments in the window is
      // NO_DEMAND (its fee bands are undefined) before its age is called a lower bound.
      reason_code: !shippedLinesOf(ledger, sku, poolId).some((l) => inPeriod(p, l.shipDay)) ? 'NO_DEMAND' : aged.some((l) => l.isOpening) ? 'OPENING_BALANCE' : null,
    };
    for (const bucket of BUCKETS) {
      const inBucket = aged.filter((l) => bucketOf(l.age) === bucket).reduce((a, l) => a + l.units, 0);
      row[`units_age_${bucket}`] = inBucket;
      row[`value_age_${bucket}_base`] = inBucket * cost;
    }
    rows.push(row);
  }
  return rows;
}
